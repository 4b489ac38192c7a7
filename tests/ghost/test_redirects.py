"""Ghost's old addresses: they redirect only to what readers may see."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory
from tests.ghost.exports import edited_export, run

pytestmark = pytest.mark.django_db


def test_an_export_with_a_unicode_tag_imports_and_its_pages_work(client, tmp_path):
    def add_kyiv_tag(data):
        data["tags"].append(
            {"id": "kyiv-tag", "name": "Київ", "slug": "київ", "visibility": "public"}
        )
        data["posts_tags"].append(
            {"id": "t9", "post_id": "6771a1b2c3d4e5f600000101", "tag_id": "kyiv-tag"}
        )

    run(edited_export(tmp_path, add_kyiv_tag))

    story = Article.objects.get(slug="kyiv-restores-heating")
    assert "Київ" in story.tags.names()
    tag_url = "/tags/" + quote("київ") + "/"
    assert tag_url in client.get(story.get_absolute_url()).content.decode()
    assert client.get(tag_url).status_code == 200
    old = client.get("/tag/" + quote("київ") + "/")
    assert (old.status_code, old["Location"]) == (301, tag_url)


def embargoed(**kwargs):
    return ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=6), **kwargs
    )


@pytest.mark.parametrize("suffix", ["", "amp/"])
def test_ghost_addresses_of_stories_whose_time_has_not_come_are_404(client, suffix):
    embargoed(slug="budget-leak")
    ArticleFactory(scheduled=True, slug="ceasefire-talks")
    ArticleFactory(slug="draft-plans")
    for slug in ("budget-leak", "ceasefire-talks", "draft-plans"):
        assert client.get(f"/{slug}/{suffix}").status_code == 404, slug


def test_ghost_address_of_a_taken_down_story_is_404(client):
    # Only published() stories are redirected: nothing else is confirmed to exist.
    ArticleFactory(status=Article.Status.UNPUBLISHED, slug="retracted")
    assert client.get("/retracted/").status_code == 404


def test_ghost_address_of_a_published_story_redirects(client):
    story = ArticleFactory(published=True, slug="grid-holds")
    response = client.get("/grid-holds/")
    assert (response.status_code, response["Location"]) == (301, story.get_absolute_url())


@pytest.mark.parametrize("suffix", ["", "rss/"])
def test_ghost_tag_addresses_redirect_only_for_tags_with_a_published_story(client, suffix):
    embargoed(tags=["Budget leak"])
    ArticleFactory(scheduled=True, tags=["Ceasefire talks"])
    ArticleFactory(published=True, tags=["Energy"])
    assert client.get(f"/tag/budget-leak/{suffix}").status_code == 404
    assert client.get(f"/tag/ceasefire-talks/{suffix}").status_code == 404
    assert client.get(f"/tag/energy/{suffix}").status_code == 301
