"""The read model's written-out statements (public.reading.sql) give, row for row, what the ORM
gives for the same question: the same rows, values (converted as the ORM converts them), order,
ties, keyset bounds and exclusions."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleAuthor, Correction, Section, TagName
from articles.pagination import Cursor
from media.models import Image, Rendition
from media.pictures import Picture, RenditionFile
from media.renditions import warm
from media.specs import LEAD, SHARE
from public.reading import sql
from public.reading.data import SectionLink
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, edition_of

pytestmark = pytest.mark.django_db


def orm_picture(pk, formats=None) -> Picture:
    image = Image.objects.get(pk=pk)
    renditions = Rendition.objects.filter(image=image)
    if formats:
        renditions = renditions.filter(format__in=formats)
    return Picture.of(image, load=False).with_renditions(
        {r.key: RenditionFile.of(r) for r in renditions}
    )


def same_picture(got: Picture, expected: Picture):
    assert got == expected  # every field (renditions aside)
    assert got.updated_at.tzinfo is not None
    assert got.renditions == expected.renditions


def test_pictures_load_as_the_orm_loads_them(django_assert_num_queries):
    known, wanted, linked, bare = (ImageFactory(focal_x=0.25) for _ in range(4))
    for image in (known, wanted, linked, bare):
        warm(image, [LEAD, SHARE])
    linked.file, linked.source_url = "", "https://example.org/photo.jpg"  # kept as a link
    linked.save()
    Rendition.objects.filter(image=bare).delete()  # never shown yet
    page_has = Picture.of(Image.objects.get(pk=known.pk), load=False)

    with django_assert_num_queries(2):  # the renditions, then the images that have none
        loaded = sql.pictures([wanted.pk, linked.pk, bare.pk, known.pk], known=[page_has, None])

    assert set(loaded) == {wanted.pk, linked.pk, bare.pk, known.pk}
    for pk, found in loaded.items():
        same_picture(found, orm_picture(pk))
    assert len(loaded[wanted.pk].renditions) >= 4  # a picture set and the share JPEG
    jpegs = sql.pictures([wanted.pk], formats=["jpeg"])[wanted.pk]
    same_picture(jpegs, orm_picture(wanted.pk, formats=["jpeg"]))
    assert {r.format for r in jpegs.renditions.values()} == {"jpeg"}
    with django_assert_num_queries(0):
        assert sql.pictures([]) == {}


def test_sections_are_the_navigations_order():
    for name, position in [("World", 2), ("Culture", 1), ("Business", 2)]:
        SectionFactory(name=name, slug=name.lower(), position=position)
    Section.objects.filter(name="World").update(front_page_position=1)
    expected = list(
        Section.objects.order_by("position", "name").values_list(
            "id", "name", "slug", "translations", "front_page_position"
        )
    )
    # The translations as the database's JSON text (parsed only for another language's page).
    found = [(*row[:3], json.loads(row[3]), row[4]) for row in sql.sections()]
    assert found == expected


@pytest.fixture
def stories(two_languages):
    """Twelve listed stories in English, each third with a Ukrainian edition published a
    little later, and stories readers may not list, in both languages."""
    section = SectionFactory(translations={"uk": {"name": "Світ"}})
    now = timezone.now()
    tie = now - timedelta(hours=3)
    made = [
        ArticleFactory(
            published=True,
            section=section if n % 3 else None,
            lead_image=ImageFactory() if n % 2 else None,
            # Pairs published at the same moment: the id breaks the tie.
            published_at=tie if n in (4, 5) else now - timedelta(minutes=10 * n + 1),
            coverage_started_at=now - timedelta(hours=5) if n == 7 else None,
        )
        for n in range(12)
    ]
    ArticleFactory(section=section)  # a draft
    ArticleFactory(scheduled=True)
    ArticleFactory(published=True, published_at=now + timedelta(hours=1))  # embargoed
    ArticleFactory(published=True, kind=Article.Kind.PAGE)
    for n, story in enumerate(made[::3]):
        edition_of(
            story,
            published=True,
            published_at=story.published_at + timedelta(seconds=30),
            lead_image=story.lead_image,
            coverage_started_at=story.coverage_started_at,
        )
        if n == 1:
            edition_of(story, language="pl")  # a draft in a third language
    edition_of(made[1])  # a draft
    return made


def orm_listing(limit, before=None, skip=(), language="en") -> list[Article]:
    listed = Article.objects.in_language(language).for_listing(before)
    return list(listed.exclude(pk__in=skip)[:limit])


def same_cards(cards, stories):
    assert [card.id for card in cards] == [story.pk for story in stories]
    for card, story in zip(cards, stories, strict=True):
        assert (card.slug, card.title, card.excerpt) == (story.slug, story.title, story.excerpt)
        assert (card.published_at, card.reading_time) == (story.published_at, story.reading_time)
        # The main language's cards carry "" (their addresses have no prefix).
        assert (card.language, card.url) == (
            "" if story.language == "en" else story.language,
            story.get_absolute_url(),
        )
        assert card.is_live is story.is_live
        # The section as the story's language names it, at its page in that language.
        assert (card.section and card.section.id, card.section and card.section.name) == (
            story.section_id,
            story.section and story.section.name_in(story.language),
        )
        assert card.section is None or card.section.url == story.section.get_absolute_url(
            story.language
        )
        expected = Picture.of(story.lead_image, load=False)
        assert card.picture == expected
        assert card.picture is None or card.picture.renditions is None  # loaded when drawn


@pytest.mark.parametrize("language", ["en", "uk"])
def test_newest_cards_walk_the_listing_as_the_orm_does(stories, language):
    same_cards(sql.newest_cards(20, language=language), orm_listing(20, language=language))
    editions = orm_listing(20, language=language)
    assert len(editions) == (12 if language == "en" else 4)
    skip = [editions[0].pk, editions[3].pk]
    same_cards(
        sql.newest_cards(5, skip=skip, language=language),
        orm_listing(5, skip=skip, language=language),
    )
    # Page by page from every story's cursor, ties included.
    for story in Article.objects.published():
        cursor = Cursor.after(story)
        same_cards(
            sql.newest_cards(4, before=cursor, language=language),
            orm_listing(4, before=cursor, language=language),
        )
        same_cards(
            sql.newest_cards(4, before=cursor, skip=skip, language=language),
            orm_listing(4, before=cursor, skip=skip, language=language),
        )


def test_the_main_language_is_the_listings_language_by_default(stories):
    same_cards(sql.newest_cards(20), orm_listing(20, language="en"))


def test_cards_by_id_are_the_listed_stories_among_them_in_any_language(stories):
    editions = orm_listing(2, language="uk")
    hidden = list(Article.objects.exclude(pk__in=Article.objects.published().stories()))
    shown = [*stories[:5], *editions]
    found = sql.cards_by_id([*(s.pk for s in shown), *(s.pk for s in hidden)])
    same_cards([found[s.pk] for s in shown], shown)
    assert set(found) == {s.pk for s in shown}


def test_front_page_cards_give_the_published_held_stories_and_the_newest_others(stories):
    draft = Article.objects.exclude(status=Article.Status.PUBLISHED).first()
    edition = orm_listing(1, language="uk")[0]
    held = [stories[2].pk, stories[7].pk, draft.pk, edition.pk]
    held_cards, newest, _, shares = sql.front_page_cards(held, 6)
    assert set(held_cards) == {stories[2].pk, stories[7].pk}  # not another language's
    same_cards(sql.front_page_cards(held, 6, language="uk")[0].values(), [edition])
    same_cards([held_cards[stories[2].pk]], [stories[2]])
    same_cards(newest, orm_listing(6, skip=held))
    # Each story's share image comes in the same statement.
    shown = [stories[2], stories[7], *orm_listing(6, skip=held)]
    assert shares == {
        story.pk: story.share_image and Picture.of(story.share_image, load=False) for story in shown
    }
    held_cards, newest, _, shares = sql.front_page_cards([], 3)
    assert held_cards == {}
    same_cards(newest, orm_listing(3))


def test_front_page_cards_bring_each_storys_share_image(stories):
    story = stories[2]
    story.share_image = ImageFactory(alt_text="Crews at dawn")
    story.save()
    for held in ([], [story.pk]):
        shares = sql.front_page_cards(held, 6)[3]
        assert shares[story.pk] == Picture.of(story.share_image, load=False)
        assert {pk for pk, share in shares.items() if share} == {story.pk}


@pytest.mark.parametrize("language", ["en", "uk"])
def test_front_page_cards_give_each_blocks_newest_stories_of_its_section(stories, language):
    sections = [stories[1].section, SectionFactory()]  # one with stories, one without
    held = [orm_listing(1, language=language)[0].pk]
    for with_held in (held, []):
        _, newest, blocks, _ = sql.front_page_cards(
            with_held, 4, [s.pk for s in sections], 3, language=language
        )
        same_cards(newest, orm_listing(4, skip=with_held, language=language))
        assert list(blocks) == [s.pk for s in sections]
        for section in sections:
            expected = (
                Article.objects.in_language(language)
                .published()
                .stories()
                .filter(section=section)
                .order_by("-published_at", "-id")[:3]
            )
            same_cards(blocks[section.pk], list(expected))


@pytest.mark.parametrize("language", ["en", "uk"])
def test_news_feed_lines_are_the_newest_stories_with_their_times(stories, language):
    def orm(limit, before=None, skip=()):
        listed = Article.objects.in_language(language).published(before).stories()
        return list(listed.exclude(pk__in=skip).order_by("-published_at", "-id")[:limit])

    skip = [orm(2)[1].pk]
    for before in [None, *(Cursor.after(story) for story in Article.objects.published())]:
        lines = sql.newest_feed_lines(5, before=before, skip=skip, language=language)
        expected = orm(5, before, skip)
        assert [(i.id, i.slug, i.title, i.published_at, i.url) for i in lines] == [
            (e.pk, e.slug, e.title, e.published_at, e.get_absolute_url()) for e in expected
        ]


def test_the_story_of_a_page_is_what_for_detail_gives(two_languages, django_assert_num_queries):
    writer = AuthorFactory(avatar=ImageFactory(), translations={"uk": {"role": "Кореспондентка"}})
    photographer = AuthorFactory()
    story = ArticleFactory(
        published=True,
        section=SectionFactory(translations={"uk": {"name": "Світ"}}),
        lead_image=ImageFactory(credit="Photo: Ana Reyes"),
        share_image=ImageFactory(),
        tags=["Grid", "Energy", "Winter"],
    )
    TagName.objects.create(tag=Tag.objects.get(name="Energy"), language="uk", name="Енергетика")
    edition = edition_of(story, slug=story.slug, published=True, tags=["Winter", "Energy"])
    for article in (story, edition):
        ArticleAuthor.objects.create(article=article, author=writer, position=0)
        ArticleAuthor.objects.create(
            article=article, author=photographer, position=1, role=ArticleAuthor.Role.PHOTOS
        )
        ArticleAuthor.objects.create(article=article, author=writer, position=2, role="reporting")
    Correction.objects.create(article=story, text="An earlier version gave the wrong date.")
    plain = ArticleFactory(section=None)  # a draft, as a preview loads it

    for kind, value, language in [
        ("slug", story.slug, "en"),
        ("slug", story.slug, "uk"),  # the same slug, the other language's edition
        ("pk", story.pk, "en"),
        ("pk", edition.pk, "uk"),
        ("pk", plain.pk, "en"),
    ]:
        lookup = {kind: value, "language": language} if kind == "slug" else {kind: value}
        expected = Article.objects.for_detail().get(**lookup)
        assert expected.language == language
        with django_assert_num_queries(1):
            row = sql.story(**lookup)
        for field in sql.STORY_FIELDS:
            assert row[field] == getattr(expected, field), field
        assert row["section"] == (
            expected.section
            and SectionLink(
                expected.section.id,
                expected.section.name_in(language),
                expected.section.slug,
                "" if language == "en" else language,
            )
        )
        assert row["lead_image"] == Picture.of(expected.lead_image, load=False)
        assert row["share_image"] == Picture.of(expected.share_image, load=False)
        assert row["has_corrections"] is expected.has_corrections
        with django_assert_num_queries(2):
            bylines, tags = sql.bylines(expected.pk, language), sql.tags(expected.pk, language)
        assert [(role, author.id) for role, author in bylines] == [
            (b.role, b.author_id) for b in expected.ordered_bylines()
        ]
        for (_, author), byline in zip(bylines, expected.ordered_bylines(), strict=True):
            them = byline.author
            assert (author.name, author.slug, author.role, author.bio, author.url) == (
                them.name,
                them.slug,
                them.role_in(language),
                them.bio_in(language),
                them.get_absolute_url(language),
            )
            assert author.avatar == Picture.of(them.avatar, load=False)
        # In the order they were given to the story, named in its language.
        names = {row.tag_id: row.name for row in TagName.objects.filter(language=language)}
        assert [(tag.name, tag.url) for tag in tags] == [
            (names.get(t.pk, t.name), f"{'/uk' if language == 'uk' else ''}/tags/{t.slug}/")
            for t in expected.tags.order_by("articles_taggedarticle_items")
        ]
    assert sql.story(slug="no-such-story") is None
    assert sql.story(slug=plain.slug, language="uk") is None


def test_a_storys_editions_are_its_published_siblings(two_languages, django_assert_num_queries):
    now = timezone.now()
    source = ArticleFactory(published=True)
    siblings = [
        edition_of(source, published=True),
        edition_of(source, language="pl", status="draft"),
        edition_of(source, language="de", status="published", published_at=now + timedelta(1)),
        edition_of(source, language="fr", published=True),
    ]
    ArticleFactory(published=True)  # another story
    for story in [source, *siblings]:
        expected = (
            Article.objects.published()
            .filter(translation_key=story.translation_key)
            .exclude(pk=story.pk)
            .values_list("id", "language", "slug", "title", "translated_from_id")
        )
        with django_assert_num_queries(1):
            found = sql.story(pk=story.pk)["editions"]
        assert sorted(found) == sorted(expected)
    assert len(sql.story(pk=source.pk)["editions"]) == 2


def test_joined_columns_are_named_apart_from_the_story_columns():
    # A joined column named like one of the story's own would be read in its place.
    prefixes = (
        "card_section_",
        "card_image_",
        "page_section_",
        "page_lead_",
        "page_share_",
        "edition_",
    )
    for field in Article._meta.concrete_fields:
        assert not field.column.startswith(prefixes), field


def test_search_cards_are_the_listed_matches_as_the_orm_lists_them(stories):
    # SQLite's FTS5 statement. Every story has the factory's headline: one rank for all, so
    # the order, the ties and the cursor are the listing's.
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")

    def found(limit, after=None, language=""):
        marks = ("[", "]")
        weights = (1.0, 0.4, 0.2)
        return sql.search_cards(
            '"council"',
            limit,
            ranked=200,
            weights=weights,
            marks=marks,
            words=10,
            after=after,
            language=language,
        )

    for language in ("en", "uk"):
        rows = found(20, language=language)
        same_cards([row[0] for row in rows], orm_listing(20, language=language))
        assert len({row[1] for row in rows}) == 1
        assert all(row[2].startswith("[Council]") for row in rows)
        rank = rows[0][1]
        for story in Article.objects.published():
            cursor = Cursor.after(story)
            same_cards(
                [row[0] for row in found(4, (rank, cursor), language)],
                orm_listing(4, before=cursor, language=language),
            )
