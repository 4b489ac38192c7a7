"""Images on pages cost a fixed number of queries, however many cards and avatars there are."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.pagination import Cursor
from authors.models import Author
from public import memory
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

LISTING_BUDGET = 8
ARTICLE_BUDGET = 10


def warm():
    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())


def queries(client, url) -> int:
    cache.clear()  # a fresh render, not the page cache
    memory.forget_all()  # nor this worker's cards
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def newsroom():
    section = SectionFactory(slug="politics")
    authors = [AuthorFactory(avatar=ImageFactory()) for _ in range(3)]
    stories = [
        ArticleFactory(
            published=True,
            section=section,
            lead_image=ImageFactory(),
            authors=authors,
            tags=["Energy"],
        )
        for _ in range(22)
    ]
    warm()
    return section, authors, stories


def strip_images_but_one(stories, authors, keep=-1):
    """Leave one story image (and one avatar), so the page still shows images."""
    kept = stories[keep]
    Article.objects.filter(pk__in=[s.pk for s in stories if s != kept]).update(lead_image=None)
    Author.objects.filter(pk__in=[a.pk for a in authors[1:]]).update(avatar=None)


@pytest.mark.parametrize("page", ["/", "/sections/politics/", "/tags/energy/", "author", "page-2"])
def test_listing_queries_do_not_grow_with_images(client, newsroom, page):
    section, authors, stories = newsroom
    keep = -1  # the newest story, on every first page
    url = {
        "author": authors[0].get_absolute_url(),
        "page-2": f"/?before={Cursor.after(stories[2])}",
    }.get(page, page)
    if page == "page-2":
        keep = 0  # the oldest, the only kind of story on the second page
    with_images = queries(client, url)
    assert with_images <= LISTING_BUDGET
    strip_images_but_one(stories, authors, keep)
    assert queries(client, url) == with_images


def test_article_queries_do_not_grow_with_images(client, newsroom):
    section, authors, stories = newsroom
    story = stories[0]
    with_images = queries(client, story.get_absolute_url())
    assert with_images <= ARTICLE_BUDGET
    strip_images_but_one(stories, authors)
    assert queries(client, story.get_absolute_url()) == with_images


def test_pages_show_renditions_not_originals(client, newsroom):
    section, authors, stories = newsroom
    cache.clear()
    home = client.get("/").content.decode()
    article = client.get(stories[-1].get_absolute_url()).content.decode()
    for html in (home, article):
        assert "/media/images/" not in html
        assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert home.count('fetchpriority="high"') == 1  # the lead story only
    assert article.count('fetchpriority="high"') == 1
    assert article.count('class="avatar"') == 3
