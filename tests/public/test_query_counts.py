"""Queries per page stay constant whatever the number of stories, tags and authors."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import FETCH_RAISE, query
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ArticleAuthor, Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
)
from tests.public.budgets import ARTICLE_BUDGET, HOME_BUDGET, LISTING_BUDGET

pytestmark = pytest.mark.django_db


def build(stories, authors_per_story, tags_per_story):
    section = SectionFactory(slug="world", front_page_position=1)  # with its block
    author_pool = [AuthorFactory(avatar=ImageFactory()) for _ in range(authors_per_story)]
    image = ImageFactory()
    now = timezone.now()
    made = []
    for n in range(stories):
        article = ArticleFactory(
            status="published",
            published_at=now - timedelta(minutes=n + 1),
            section=section,
            lead_image=image,
            tags=[f"tag {t}" for t in range(tags_per_story)],
        )
        for position, author in enumerate(author_pool):
            ArticleAuthor.objects.create(article=article, author=author, position=position)
        made.append(article)
    return made, author_pool


def count_queries(client, url, monkeypatch):
    cache.clear()
    client.get(url)  # makes the image renditions the page needs, as its first reader would
    cache.clear()  # then measure the uncached page
    # Every row the page shows is loaded by the view's queries: a field or relation that a
    # template would fetch lazily (one query per card) raises FieldFetchBlocked instead.
    with monkeypatch.context() as patch, CaptureQueriesContext(connection) as queries:
        patch.setattr(query, "DEFAULT_FETCH_MODE", FETCH_RAISE)
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def urls(stories, authors):
    return {
        "home": "/",
        "section": "/sections/world/",
        "tag": "/tags/tag-0/",
        "author": authors[0].get_absolute_url(),
        "article": stories[0].get_absolute_url(),
        "news feed": "/news-feed/",
    }


@pytest.mark.parametrize("page", ["home", "section", "tag", "author", "article", "news feed"])
def test_queries_do_not_grow_with_items_tags_or_authors(client, monkeypatch, page):
    small_stories, small_authors = build(stories=2, authors_per_story=1, tags_per_story=1)
    small = count_queries(client, urls(small_stories, small_authors)[page], monkeypatch)
    big_stories, big_authors = build(stories=30, authors_per_story=4, tags_per_story=6)
    big = count_queries(client, urls(big_stories, big_authors)[page], monkeypatch)
    assert big == small
    budget = {"article": ARTICLE_BUDGET, "home": HOME_BUDGET}.get(page, LISTING_BUDGET)
    assert big <= budget


def test_cached_page_costs_no_queries(client, django_assert_num_queries):
    stories, _ = build(stories=3, authors_per_story=2, tags_per_story=2)
    client.get(stories[0].get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(stories[0].get_absolute_url()).status_code == 200


def test_article_with_ten_inline_images_a_gallery_and_cards_stays_in_budget(client, monkeypatch):
    stories, _ = build(stories=3, authors_per_story=2, tags_per_story=2)
    plain = count_queries(client, stories[0].get_absolute_url(), monkeypatch)
    pictures = [ImageFactory() for _ in range(10)]
    gallery = "".join(f'<figure data-image="{ImageFactory().pk}"></figure>' for _ in range(4))
    cards = "".join(
        f'<aside data-block="related" data-article="{story.pk}"></aside>' for story in stories[1:]
    )
    story = stories[0]
    story.body = (
        "".join(
            f'<p>Paragraph {n}.</p><figure data-block="image" data-image="{image.pk}">'
            f"<figcaption>Picture {n}</figcaption></figure>"
            for n, image in enumerate(pictures)
        )
        + f'<figure data-block="gallery">{gallery}</figure>'
        + cards
    )
    story.save()
    url = story.get_absolute_url()
    with_blocks = count_queries(client, url, monkeypatch)
    content = client.get(url).content.decode()
    assert content.count('class="block-image') == 10
    assert content.count('class="gallery-slide"') == 4
    assert content.count('class="block-related"') == 2
    # The body's pictures share the page's one renditions query, and the cards' stories are
    # loaded with the related stories.
    assert with_blocks == plain
    assert with_blocks <= ARTICLE_BUDGET


def test_corrections_cost_one_query_and_only_when_there_are_some(client, monkeypatch):
    stories, _ = build(stories=3, authors_per_story=2, tags_per_story=2)
    story = stories[0]
    plain = count_queries(client, story.get_absolute_url(), monkeypatch)
    for text in ("An earlier version misspelled the mayor's name.", "The vote was 31 to 9."):
        Correction.objects.create(article=story, text=text)
    corrected = count_queries(client, story.get_absolute_url(), monkeypatch)
    assert corrected == plain + 1
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("CorrectionComment") == 2  # in the JSON-LD; the page lists them too
    assert "The vote was 31 to 9." in html
