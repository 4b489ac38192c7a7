"""Ghost's old addresses: they redirect only to what readers may see."""

from urllib.parse import quote

import pytest

from articles.models import Article
from tests.ghost.test_import import edited_export, run

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
