"""Cards loaded with raw SQL (public.card_loading) are the stories and values the ORM's
listing gives: the same visibility rules, order, keyset bound and exclusions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.pagination import Cursor
from public.card_loading import front_page_cards, newest_cards
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


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
        )
        for n in range(12)
    ]
    ArticleFactory(section=section)  # a draft
    ArticleFactory(scheduled=True)
    ArticleFactory(published=True, published_at=now + timedelta(hours=1))  # embargoed
    ArticleFactory(published=True, kind=Article.Kind.PAGE)
    return made


def orm_listing(limit, before=None, skip=()):
    return list(Article.objects.for_listing(before).exclude(pk__in=skip)[:limit])


def same(cards, stories):
    assert [card.pk for card in cards] == [story.pk for story in stories]
    for card, story in zip(cards, stories, strict=True):
        assert card.published_at == story.published_at
        assert card.modified_at == story.modified_at
        assert card.excerpt == story.excerpt
        assert card.section_id == story.section_id
        assert (card.section and card.section.name) == (story.section and story.section.name)
        assert card.lead_image_id == story.lead_image_id
        if story.lead_image:
            assert card.lead_image.updated_at == story.lead_image.updated_at
            assert card.lead_image.file.name == story.lead_image.file.name
            assert card.lead_image.focal_x == story.lead_image.focal_x


def test_newest_cards_walk_the_listing_as_the_orm_does(stories):
    same(newest_cards(20), orm_listing(20))
    skip = [stories[0].pk, stories[3].pk]
    same(newest_cards(5, skip=skip), orm_listing(5, skip=skip))
    # Page by page from every story's cursor, ties included.
    for story in stories:
        cursor = Cursor.after(story)
        same(newest_cards(4, before=cursor), orm_listing(4, before=cursor))
        same(newest_cards(4, before=cursor, skip=skip), orm_listing(4, before=cursor, skip=skip))


def test_front_page_cards_give_the_published_held_stories_and_the_newest_others(stories):
    draft = Article.objects.exclude(status=Article.Status.PUBLISHED).first()
    held = [stories[2].pk, stories[7].pk, draft.pk]
    held_cards, newest = front_page_cards(held, 6)
    assert set(held_cards) == {stories[2].pk, stories[7].pk}
    same(newest, orm_listing(6, skip=held))
    assert front_page_cards([], 3)[0] == {}
    same(front_page_cards([], 3)[1], orm_listing(3))


def test_news_feed_items_are_the_newest_stories_with_their_times(stories):
    from public.card_loading import newest_feed_items

    def orm(limit, before=None, skip=()):
        listed = Article.objects.published(before).stories().exclude(pk__in=skip)
        return list(listed.order_by("-published_at", "-id")[:limit])

    for before in [None, *(Cursor.after(story) for story in stories)]:
        items = newest_feed_items(5, before=before, skip=[stories[1].pk])
        expected = orm(5, before, [stories[1].pk])
        assert [(i.pk, i.title, i.published_at) for i in items] == [
            (e.pk, e.title, e.published_at) for e in expected
        ]


def test_a_story_for_its_page_is_what_for_detail_gives_in_three_queries(
    django_assert_num_queries,
):
    from articles.models import ArticleAuthor, Correction
    from authors.models import Author
    from public.card_loading import story_for_page
    from tests.factories import AuthorFactory

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
    Correction.objects.create(article=story, text="An earlier version gave the wrong date.")
    plain = ArticleFactory(section=None)  # a draft, as a preview loads it

    for kind, value in [("slug", story.slug), ("pk", story.pk), ("pk", plain.pk)]:
        expected = Article.objects.for_detail().get(**{kind: value})
        with django_assert_num_queries(3):
            got = story_for_page(**{kind: value})
        with django_assert_num_queries(0):
            for field in Article._meta.concrete_fields:
                assert getattr(got, field.attname) == getattr(expected, field.attname), field
            assert (got.section and got.section.name) == (
                expected.section and expected.section.name
            )
            for image in ("lead_image", "share_image"):
                mine, theirs = getattr(got, image), getattr(expected, image)
                assert (mine and (mine.pk, mine.credit, mine.updated_at, mine.file.name)) == (
                    theirs and (theirs.pk, theirs.credit, theirs.updated_at, theirs.file.name)
                )
            assert got.has_corrections is expected.has_corrections
            pairs = zip(got.ordered_bylines(), expected.ordered_bylines(), strict=True)
            for mine, theirs in pairs:
                for model, a, b in [
                    (ArticleAuthor, mine, theirs),
                    (Author, mine.author, theirs.author),
                ]:
                    for field in model._meta.concrete_fields:
                        assert getattr(a, field.attname) == getattr(b, field.attname), field
                avatar, their_avatar = mine.author.avatar, theirs.author.avatar
                assert (avatar and (avatar.pk, avatar.alt_text, avatar.file.name)) == (
                    their_avatar
                    and (their_avatar.pk, their_avatar.alt_text, their_avatar.file.name)
                )
            assert sorted(t.name for t in got.shown_tags()) == sorted(
                t.name for t in expected.shown_tags()
            )
    assert story_for_page(slug="no-such-story") is None


def test_joined_columns_are_aliased_apart_from_the_story_columns():
    # A joined column named like one of the story's own would overwrite it (then be dropped).
    prefixes = ("card_section_", "card_image_", "page_lead_", "page_share_", "has_corrections")
    for field in Article._meta.concrete_fields:
        assert not field.attname.startswith(prefixes), field
