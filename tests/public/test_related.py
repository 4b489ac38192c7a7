from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, TaggedArticle
from public.reading import related, sql
from public.reading.sql import NEWEST_PER_TAG, TAGS_CONSIDERED
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory
from tests.plans import archive, plan_nodes


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def with_tags(article):
    """(the story, its tags' ids): what the article page knows before it ranks."""
    return article, [tag.pk for tag in article.tags.all()]


def related_stories(story_and_tags) -> list[Article]:
    """The related stories of (story, tag ids), as the stories themselves."""
    story, tag_ids = story_and_tags
    ids = [card.id for card in related(story.pk, tag_ids, story.section_id)]
    found = Article.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


@pytest.fixture
def sections(db):
    return SectionFactory(slug="politics"), SectionFactory(slug="business")


def test_shared_tags_first_then_same_section_newest_first(sections):
    politics, business = sections
    story = ArticleFactory(published=True, section=politics, tags=["Energy", "Kyiv"])
    both_tags = ArticleFactory(
        published=True, section=business, tags=["Energy", "Kyiv"], published_at=hours_ago(30)
    )
    one_tag_same_section = ArticleFactory(
        published=True, section=politics, tags=["Kyiv"], published_at=hours_ago(20)
    )
    one_tag_newest = ArticleFactory(
        published=True, section=business, tags=["Energy"], published_at=hours_ago(2)
    )
    one_tag_older = ArticleFactory(
        published=True, section=business, tags=["Energy"], published_at=hours_ago(10)
    )
    ArticleFactory(published=True, section=business, tags=["Sport"], published_at=hours_ago(1))
    ArticleFactory(section=politics, tags=["Energy", "Kyiv"])  # draft
    ArticleFactory(scheduled=True, section=politics, tags=["Energy"])

    assert related_stories(with_tags(story)) == [
        both_tags,
        one_tag_same_section,
        one_tag_newest,
        one_tag_older,
    ]


def test_same_section_fills_the_remaining_places(sections):
    politics, business = sections
    story = ArticleFactory(published=True, section=politics, tags=["Energy"])
    tagged = ArticleFactory(published=True, section=business, tags=["Energy"])
    section_new = ArticleFactory(published=True, section=politics, published_at=hours_ago(2))
    section_old = ArticleFactory(published=True, section=politics, published_at=hours_ago(5))
    ArticleFactory(published=True, section=business, published_at=hours_ago(1))

    assert related_stories(with_tags(story)) == [tagged, section_new, section_old]


def test_untagged_story_gets_its_section_newest_first(sections):
    politics, _ = sections
    story = ArticleFactory(published=True, section=politics)
    others = [
        ArticleFactory(published=True, section=politics, published_at=hours_ago(n))
        for n in range(2, 8)
    ]
    assert related_stories(with_tags(story)) == others[:4]


def test_related_stories_cost_two_queries_whatever_the_numbers(
    sections, django_assert_max_num_queries
):
    politics, business = sections
    tags = [f"tag-{n}" for n in range(12)]
    story = ArticleFactory(published=True, section=politics, tags=tags)
    for n in range(30):
        ArticleFactory(published=True, section=business, tags=tags[: n % 12 + 1])
        ArticleFactory(published=True, section=politics)
    story = with_tags(story)
    with django_assert_max_num_queries(2):
        found = related(story[0].pk, story[1], story[0].section_id)
    found = related_stories(story)
    assert len(found) == 4
    assert found[0].tags.count() == 12


def test_article_page_shows_related_stories_within_its_query_budget(
    client, sections, django_assert_max_num_queries
):
    politics, business = sections
    authors = AuthorFactory.create_batch(4, avatar=ImageFactory())
    story = ArticleFactory(
        published=True,
        section=politics,
        tags=["Energy", "Kyiv", "Winter", "Budget"],
        authors=authors,
        lead_image=ImageFactory(),
    )
    related = [
        ArticleFactory(
            published=True,
            section=business,
            tags=["Energy"],
            lead_image=ImageFactory(),
            published_at=hours_ago(n),
        )
        for n in range(2, 8)
    ]
    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())

    with django_assert_max_num_queries(10):
        response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert "Related stories" in html
    html = html.split("Related stories", 1)[1]
    for shown in related[:4]:
        assert shown.get_absolute_url() in html
    assert related[5].get_absolute_url() not in html


def test_a_story_with_nothing_related_has_no_related_block(client, sections):
    story = ArticleFactory(published=True, section=sections[0])
    assert "Related stories" not in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.postgres
def test_related_stories_walk_indexes_not_the_archive(sections):
    """With popular tags in a few thousand stories, a plan ranking every tagged story would
    scan the table and sort thousands of rows; ours reads the newest few per tag."""
    politics, business = sections
    tags = [Tag.objects.create(name=f"Popular {n}", slug=f"popular-{n}") for n in range(10)]
    stories = archive(4000, [politics, business])
    # Every tag on about a third of the stories: thousands of candidates each.
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=story, tag=tag, listed_at=story.listed_at)
        for n, story in enumerate(stories)
        for t, tag in enumerate(tags)
        if (n + t) % 3 == 0
    )
    story = ArticleFactory(published=True, section=politics, tags=tags)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, articles_taggedarticle")

    story = with_tags(story)
    with CaptureQueriesContext(connection) as queries:
        found = related(story[0].pk, story[1], story[0].section_id)
    # Every third story shares four tags; the newest of those in politics come first.
    assert [card.id for card in found] == [stories[n].pk for n in (0, 6, 12, 18)]

    candidates = TAGS_CONSIDERED * NEWEST_PER_TAG + len(found)
    for query in queries.captured_queries:
        for node in plan_nodes(query["sql"]):
            if node.get("Relation Name") in {"articles_article", "articles_taggedarticle"}:
                assert node["Node Type"] != "Seq Scan", query["sql"]
            if "Sort" in node["Node Type"]:
                assert node["Plan Rows"] <= candidates, query["sql"]


def test_story_cards_are_published_stories_with_sections_and_pictures_in_one_query(
    sections, django_assert_num_queries
):
    politics, _ = sections
    image = ImageFactory()
    story = ArticleFactory(published=True, section=politics, lead_image=image)
    no_section = ArticleFactory(published=True, section=None)
    hidden = [
        ArticleFactory(section=politics),  # a draft
        ArticleFactory(scheduled=True, section=politics),
        ArticleFactory(published=True, published_at=timezone.now() + timedelta(hours=1)),
        ArticleFactory(published=True, kind=Article.Kind.PAGE),
    ]
    with django_assert_num_queries(1):
        cards = sql.cards_by_id([story.pk, no_section.pk, *(a.pk for a in hidden)])
        assert set(cards) == {story.pk, no_section.pk}
        assert cards[story.pk].section.name == politics.name
        assert cards[no_section.pk].section is None
        assert cards[story.pk].title == story.title
        assert cards[story.pk].published_at == story.published_at
        lead = cards[story.pk].picture
        assert (lead.id, lead.alt, lead.updated_at) == (
            image.pk,
            image.alt_text,
            image.updated_at,
        )
        assert lead.file == image.file.name
