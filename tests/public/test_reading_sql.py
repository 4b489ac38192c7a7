"""The read model's written-out statements (public.reading.sql) give, row for row, what the ORM
gives for the same question: the same rows, values (converted as the ORM converts them), order,
ties, keyset bounds and exclusions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Correction, Section
from articles.pagination import Cursor
from media.models import Image, Rendition
from media.pictures import Picture, RenditionFile
from media.renditions import warm
from media.specs import LEAD, SHARE
from public.reading import sql
from public.reading.data import SectionLink
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

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
            "id", "name", "slug", "front_page_position"
        )
    )
    assert [tuple(row) for row in sql.sections()] == expected


@pytest.fixture
def stories():
    section = SectionFactory()
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
    return made


def orm_listing(limit, before=None, skip=()) -> list[Article]:
    return list(Article.objects.for_listing(before).exclude(pk__in=skip)[:limit])


def same_cards(cards, stories):
    assert [card.id for card in cards] == [story.pk for story in stories]
    for card, story in zip(cards, stories, strict=True):
        assert (card.slug, card.title, card.excerpt) == (story.slug, story.title, story.excerpt)
        assert (card.published_at, card.reading_time) == (story.published_at, story.reading_time)
        assert card.is_live is story.is_live
        assert (card.section and card.section.id, card.section and card.section.name) == (
            story.section_id,
            story.section and story.section.name,
        )
        expected = Picture.of(story.lead_image, load=False)
        assert card.picture == expected
        assert card.picture is None or card.picture.renditions is None  # loaded when drawn


def test_newest_cards_walk_the_listing_as_the_orm_does(stories):
    same_cards(sql.newest_cards(20), orm_listing(20))
    skip = [stories[0].pk, stories[3].pk]
    same_cards(sql.newest_cards(5, skip=skip), orm_listing(5, skip=skip))
    # Page by page from every story's cursor, ties included.
    for story in stories:
        cursor = Cursor.after(story)
        same_cards(sql.newest_cards(4, before=cursor), orm_listing(4, before=cursor))
        same_cards(
            sql.newest_cards(4, before=cursor, skip=skip), orm_listing(4, before=cursor, skip=skip)
        )


def test_cards_by_id_are_the_listed_stories_among_them(stories):
    hidden = list(Article.objects.exclude(pk__in=[s.pk for s in stories]))
    found = sql.cards_by_id([*(s.pk for s in stories[:5]), *(s.pk for s in hidden)])
    same_cards([found[s.pk] for s in stories[:5]], stories[:5])
    assert set(found) == {s.pk for s in stories[:5]}


def test_front_page_cards_give_the_published_held_stories_and_the_newest_others(stories):
    draft = Article.objects.exclude(status=Article.Status.PUBLISHED).first()
    held = [stories[2].pk, stories[7].pk, draft.pk]
    held_cards, newest, _, shares = sql.front_page_cards(held, 6)
    assert set(held_cards) == {stories[2].pk, stories[7].pk}
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


def test_front_page_cards_give_each_blocks_newest_stories_of_its_section(stories):
    sections = [stories[1].section, SectionFactory()]  # one with stories, one without
    held = [stories[0].pk]
    for with_held in (held, []):
        _, newest, blocks, _ = sql.front_page_cards(with_held, 4, [s.pk for s in sections], 3)
        same_cards(newest, orm_listing(4, skip=with_held))
        assert list(blocks) == [s.pk for s in sections]
        for section in sections:
            expected = (
                Article.objects.published()
                .stories()
                .filter(section=section)
                .order_by("-published_at", "-id")[:3]
            )
            same_cards(blocks[section.pk], list(expected))


def test_news_feed_lines_are_the_newest_stories_with_their_times(stories):
    def orm(limit, before=None, skip=()):
        listed = Article.objects.published(before).stories().exclude(pk__in=skip)
        return list(listed.order_by("-published_at", "-id")[:limit])

    for before in [None, *(Cursor.after(story) for story in stories)]:
        lines = sql.newest_feed_lines(5, before=before, skip=[stories[1].pk])
        expected = orm(5, before, [stories[1].pk])
        assert [(i.id, i.slug, i.title, i.published_at) for i in lines] == [
            (e.pk, e.slug, e.title, e.published_at) for e in expected
        ]


def test_the_story_of_a_page_is_what_for_detail_gives(django_assert_num_queries):
    writer, photographer = AuthorFactory(avatar=ImageFactory()), AuthorFactory()
    story = ArticleFactory(
        published=True,
        lead_image=ImageFactory(credit="Photo: Ana Reyes"),
        share_image=ImageFactory(),
        tags=["Grid", "Energy", "Winter"],
    )
    ArticleAuthor.objects.create(article=story, author=writer, position=0)
    ArticleAuthor.objects.create(
        article=story, author=photographer, position=1, role=ArticleAuthor.Role.PHOTOS
    )
    ArticleAuthor.objects.create(article=story, author=writer, position=2, role="reporting")
    Correction.objects.create(article=story, text="An earlier version gave the wrong date.")
    plain = ArticleFactory(section=None)  # a draft, as a preview loads it

    for kind, value in [("slug", story.slug), ("pk", story.pk), ("pk", plain.pk)]:
        expected = Article.objects.for_detail().get(**{kind: value})
        with django_assert_num_queries(1):
            row = sql.story(**{kind: value})
        for field in sql.STORY_FIELDS:
            assert row[field] == getattr(expected, field), field
        assert row["section"] == (
            expected.section
            and SectionLink(*(getattr(expected.section, f) for f in sql.SECTION_FIELDS))
        )
        assert row["lead_image"] == Picture.of(expected.lead_image, load=False)
        assert row["share_image"] == Picture.of(expected.share_image, load=False)
        assert row["has_corrections"] is expected.has_corrections
        with django_assert_num_queries(2):
            bylines, tags = sql.bylines(expected.pk), sql.tags(expected.pk)
        assert [(role, author.id) for role, author in bylines] == [
            (b.role, b.author_id) for b in expected.ordered_bylines()
        ]
        for (_, author), byline in zip(bylines, expected.ordered_bylines(), strict=True):
            them = byline.author
            assert (author.name, author.slug, author.role, author.bio) == (
                them.name,
                them.slug,
                them.role,
                them.bio,
            )
            assert author.avatar == Picture.of(them.avatar, load=False)
        # In the order they were given to the story.
        assert [tag.name for tag in tags] == [
            t.name for t in expected.tags.order_by("articles_taggedarticle_items")
        ]
    assert sql.story(slug="no-such-story") is None


def test_joined_columns_are_named_apart_from_the_story_columns():
    # A joined column named like one of the story's own would be read in its place.
    prefixes = ("card_section_", "card_image_", "page_section_", "page_lead_", "page_share_")
    for field in Article._meta.concrete_fields:
        assert not field.column.startswith(prefixes), field


def test_search_cards_are_the_listed_matches_as_the_orm_lists_them(stories):
    # SQLite's FTS5 statement. Every story has the factory's headline: one rank for all, so
    # the order, the ties and the cursor are the listing's.
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 index is SQLite's")

    def found(limit, after=None):
        marks = ("[", "]")
        weights = (1.0, 0.4, 0.2)
        return sql.search_cards(
            '"council"', limit, ranked=200, weights=weights, marks=marks, words=10, after=after
        )

    rows = found(20)
    same_cards([row[0] for row in rows], orm_listing(20))
    assert len({row[1] for row in rows}) == 1
    assert all(row[2].startswith("[Council]") for row in rows)
    rank = rows[0][1]
    for story in stories:
        cursor = Cursor.after(story)
        same_cards([row[0] for row in found(4, (rank, cursor))], orm_listing(4, before=cursor))
