"""A tag is public only once one of its stories is: no page, feed or sitemap entry before."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAG_URLS = ["/tags/{}/", "/tags/{}/feed/", "/tags/{}/feed/atom/"]


def embargoed(tag):
    """A story marked published whose publish time has not come."""
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=6),
        tags=[tag],
    )


@pytest.fixture
def hidden_tags():
    ArticleFactory(tags=["Draft plans"])
    ArticleFactory(scheduled=True, tags=["Ceasefire talks"])
    embargoed("Budget leak")
    ArticleFactory(status=Article.Status.UNPUBLISHED, tags=["Retracted claim"])
    return ["draft-plans", "ceasefire-talks", "budget-leak", "retracted-claim"]


@pytest.mark.parametrize("url", TAG_URLS)
def test_tags_only_on_unpublished_stories_have_no_page_or_feed(client, hidden_tags, url):
    for slug in hidden_tags:
        assert client.get(url.format(slug)).status_code == 404, slug


@pytest.mark.parametrize("url", TAG_URLS)
def test_a_tag_with_one_published_story_is_public(client, url):
    embargoed("Energy")
    ArticleFactory(published=True, tags=["Energy"], title="Grid holds overnight")
    response = client.get(url.format("energy"))
    assert response.status_code == 200
    assert "Grid holds overnight" in response.content.decode()


def test_the_tag_sitemap_leaves_out_tags_without_a_published_story(client, hidden_tags):
    ArticleFactory(published=True, tags=["Energy"])
    xml = client.get("/sitemap-tags.xml").content.decode()
    assert "/tags/energy/" in xml
    for slug in hidden_tags:
        assert f"/tags/{slug}/" not in xml


def test_a_tag_page_appears_when_its_story_is_published(client):
    story = embargoed("Budget leak")
    assert client.get("/tags/budget-leak/").status_code == 404
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()
    assert client.get("/tags/budget-leak/").status_code == 200
