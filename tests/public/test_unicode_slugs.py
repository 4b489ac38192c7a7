"""Tags (and any section or author) whose slugs are not ASCII. New tags take Latin slugs
(tests/articles/test_slugs.py), but a tag made before that, or imported from Ghost, keeps its
address: "Київ" tagged as "київ" is still routed, linked, listed and fed."""

from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

KYIV_URL = "/tags/" + quote("київ") + "/"


@pytest.fixture
def kyiv_story():
    Tag.objects.create(name="Київ", slug="київ")
    return ArticleFactory(published=True, title="Trams run again", tags=["Київ"])


def test_a_unicode_slug_is_kept_and_reversed(kyiv_story):
    assert list(kyiv_story.tags.values_list("slug", flat=True)) == ["київ"]
    assert reverse("public:tag", kwargs={"slug": "київ"}) == KYIV_URL


def test_the_story_page_links_its_unicode_tag(client, kyiv_story):
    response = client.get(kyiv_story.get_absolute_url())
    assert response.status_code == 200
    assert f'<a href="{KYIV_URL}">Київ</a>' in response.content.decode()


def test_the_unicode_tag_page_lists_its_stories(client, kyiv_story):
    response = client.get(KYIV_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trams run again" in page
    assert f'href="{KYIV_URL}feed/"' in page


@pytest.mark.parametrize("feed", ["feed/", "feed/atom/"])
def test_the_unicode_tag_feeds_work(client, kyiv_story, feed):
    response = client.get(KYIV_URL + feed)
    assert response.status_code == 200
    assert "Trams run again" in response.content.decode()
    assert KYIV_URL in response.content.decode()


def test_the_tag_sitemap_lists_the_unicode_tag(client, settings, kyiv_story):
    settings.SITE_URL = "https://news.example.org"
    response = client.get("/sitemap-tags.xml")
    assert response.status_code == 200
    locations = [
        loc.text
        for loc in ElementTree.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert locations == [f"https://news.example.org{KYIV_URL}"]


def test_the_ghost_tag_address_redirects_to_the_unicode_tag(client, kyiv_story):
    response = client.get("/tag/" + quote("київ") + "/")
    assert response.status_code == 301
    assert response["Location"] == KYIV_URL


def test_unicode_section_and_author_slugs_are_routed_too(client):
    # The desk's forms refuse them, but a row written by code must not 500 the story page.
    section = SectionFactory(name="Львів", slug="львів")
    author = AuthorFactory(name="Ірина", slug="ірина")
    story = ArticleFactory(published=True, section=section, authors=[author])
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(section.get_absolute_url()).status_code == 200
    assert client.get(author.get_absolute_url()).status_code == 200
    assert client.get(section.get_absolute_url() + "feed/").status_code == 200
    assert client.get(author.get_absolute_url() + "feed/atom/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/tags/energy/", "/tags/Energy_2/", "/tags/a-b-c/feed/", "/tag/energy/"]
)
def test_ascii_tag_routes_are_unchanged(client, url):
    ArticleFactory(published=True, tags=["Energy"])
    assert client.get(url).status_code in {200, 301, 404}


@pytest.mark.parametrize("url", ["/tags/київ.x/", "/tags/%F0%9F%98%80/", "/tags/a%20b/"])
def test_non_word_characters_are_still_not_tag_slugs(client, url):
    ArticleFactory(published=True, tags=["Київ"])
    assert client.get(url).status_code == 404
