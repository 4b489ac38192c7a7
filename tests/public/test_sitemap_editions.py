"""Sitemaps in two languages: every edition readers may see, each with its story's other such
editions as hreflang alternates; listings in every language; Google News per edition."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from lxml import etree

from articles.models import Article
from public.sitemaps import ArticleSitemap, SectionSitemap, TagSitemap
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, edition_of
from tests.site import SITE

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def urlset(client, url) -> dict:
    """{loc: {hreflang: href}} of a sitemap."""
    response = client.get(url)
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    return {
        entry.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in entry.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
        for entry in tree.findall("sm:url", NS)
    }


@pytest.fixture
def editions(two_languages):
    now = timezone.now()
    both = ArticleFactory(published=True, slug="both", published_at=now - timedelta(hours=1))
    edition_of(both, published=True, slug="obydvi", published_at=now - timedelta(minutes=30))
    english_only = ArticleFactory(published=True, slug="english-only")
    edition_of(english_only, slug="chernetka")  # a draft
    ukrainian_only = ArticleFactory(slug="draft-source")  # a draft
    edition_of(ukrainian_only, published=True, slug="lyshe-ukrainskoiu")
    embargoed = ArticleFactory(published=True, slug="source-of-embargoed")
    edition_of(
        embargoed,
        slug="embargo",
        status=Article.Status.PUBLISHED,
        published_at=now + timedelta(hours=1),
    )


def test_every_visible_edition_is_listed_with_its_storys_visible_editions(client, editions):
    both = {
        "en": f"{SITE}/news/both/",
        "uk": f"{SITE}/uk/news/obydvi/",
        "x-default": f"{SITE}/news/both/",
    }
    assert urlset(client, "/sitemap-articles.xml") == {
        f"{SITE}/news/both/": both,
        f"{SITE}/uk/news/obydvi/": both,
        # One edition readers may see: nothing to alternate with.
        f"{SITE}/news/english-only/": {},
        f"{SITE}/uk/news/lyshe-ukrainskoiu/": {},
        f"{SITE}/news/source-of-embargoed/": {},
    }


def test_alternates_hold_on_every_page_of_a_paginated_sitemap(two_languages, monkeypatch):
    now = timezone.now()
    for n in range(5):
        source = ArticleFactory(
            published=True, slug=f"story-{n}", published_at=now - timedelta(hours=n + 1)
        )
        edition_of(
            source, published=True, slug=f"istoriia-{n}", published_at=now - timedelta(hours=n)
        )
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    sitemap = ArticleSitemap()
    seen = []
    for page in range(1, sitemap.paginator.num_pages + 1):
        for url in sitemap.get_urls(page=page):
            alternates = dict(url["item"].alternates)
            assert url["location"].removeprefix(SITE) in alternates.values()
            slug = url["location"].rstrip("/").rsplit("-", 1)[-1]
            assert alternates == {
                "en": f"/news/story-{slug}/",
                "uk": f"/uk/news/istoriia-{slug}/",
                "x-default": f"/news/story-{slug}/",
            }
            seen.append(url["location"])
    assert len(seen) == len(set(seen)) == 10


def test_the_articles_sitemap_costs_the_same_queries_whatever_its_editions(client, two_languages):
    def count():
        cache.clear()  # the page, rendered again
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-articles.xml", {"p": 1}).status_code == 200
        return len(queries)

    edition_of(ArticleFactory(published=True), published=True)
    few = count()
    for _ in range(20):
        edition_of(ArticleFactory(published=True), published=True)
    assert count() == few
    with override_settings(NEWSROOM_LANGUAGES=["en"]):
        assert count() == few - 1  # one language: no editions to look for


def test_sections_and_authors_are_listed_in_every_language(client, two_languages):
    SectionFactory(slug="world")
    culture = SectionFactory(slug="culture")
    story = ArticleFactory(published=True, section=culture, authors=[AuthorFactory(slug="ann")])
    world = {
        "en": f"{SITE}/sections/world/",
        "uk": f"{SITE}/uk/sections/world/",
        "x-default": f"{SITE}/sections/world/",
    }
    sections = urlset(client, "/sitemap-sections.xml")
    assert sections[f"{SITE}/sections/world/"] == sections[f"{SITE}/uk/sections/world/"] == world
    assert len(sections) == 4
    assert set(urlset(client, "/sitemap-authors.xml")) == {
        f"{SITE}/authors/ann/",
        f"{SITE}/uk/authors/ann/",
    }
    # Each with the newest story in its language as its last change.
    translation = edition_of(story, published=True, published_at=timezone.now())
    cache.clear()  # the sitemap, rendered again
    lastmods = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in etree.fromstring(client.get("/sitemap-sections.xml").content).findall(
            "sm:url", NS
        )
    }
    assert datetime.fromisoformat(lastmods[f"{SITE}/uk/sections/culture/"]) == (
        translation.published_at
    )
    assert datetime.fromisoformat(lastmods[f"{SITE}/sections/culture/"]) == story.published_at
    assert lastmods[f"{SITE}/uk/sections/world/"] is None


def test_tags_are_listed_in_the_languages_of_their_stories(client, two_languages):
    energy = ArticleFactory(published=True, tags=["Energy"])
    edition_of(energy, published=True, tags=["Energy"])
    arts = ArticleFactory(published=True, tags=["Arts"])
    edition_of(arts, tags=["Arts"])  # a draft
    ArticleFactory(published=True, language="uk", slug="lyshe", tags=["Kyiv"])
    both = {
        "en": f"{SITE}/tags/energy/",
        "uk": f"{SITE}/uk/tags/energy/",
        "x-default": f"{SITE}/tags/energy/",
    }
    assert urlset(client, "/sitemap-tags.xml") == {
        f"{SITE}/tags/energy/": both,
        f"{SITE}/uk/tags/energy/": both,
        f"{SITE}/tags/arts/": {},
        f"{SITE}/uk/tags/kyiv/": {},
    }


def test_listings_in_every_language_page_like_any_sitemap(two_languages, monkeypatch):
    for n in range(5):
        SectionFactory(slug=f"s{n}", position=n)
    monkeypatch.setattr(SectionSitemap, "limit", 3)
    sitemap = SectionSitemap()
    assert sitemap.paginator.num_pages == 4
    locations = [
        url["location"].removeprefix(SITE)
        for page in range(1, 5)
        for url in sitemap.get_urls(page=page)
    ]
    assert locations == [
        path for n in range(5) for path in (f"/sections/s{n}/", f"/uk/sections/s{n}/")
    ]


def test_the_news_sitemap_names_each_editions_language(client, editions):
    tree = etree.fromstring(client.get("/news-sitemap.xml").content)
    found = {
        entry.findtext("sm:loc", namespaces=NS): (
            entry.findtext("news:news/news:publication/news:language", namespaces=NS),
            entry.findtext("news:news/news:publication/news:name", namespaces=NS),
        )
        for entry in tree.findall("sm:url", NS)
    }
    assert found[f"{SITE}/news/both/"] == ("en", "The Meridian")
    assert found[f"{SITE}/uk/news/obydvi/"] == ("uk", "The Meridian")
    assert found[f"{SITE}/uk/news/lyshe-ukrainskoiu/"] == ("uk", "The Meridian")
    assert f"{SITE}/uk/news/embargo/" not in found and f"{SITE}/uk/news/chernetka/" not in found


def test_one_language_sitemaps_name_no_alternates(client, db):
    SectionFactory(slug="world")
    ArticleFactory(published=True)
    for url in ("/sitemap-articles.xml", "/sitemap-sections.xml"):
        body = client.get(url).content.decode()
        assert "xhtml" not in body and "/uk/" not in body


def test_tags_in_their_languages_page_like_any_sitemap(two_languages, monkeypatch):
    expected = []
    for n in range(5):
        story = ArticleFactory(published=True, tags=[f"t{n}"])
        expected.append(f"/tags/t{n}/")
        if n % 2:
            edition_of(story, published=True, tags=[f"t{n}"])
            expected.append(f"/uk/tags/t{n}/")
    monkeypatch.setattr(TagSitemap, "limit", 3)
    sitemap = TagSitemap()
    locations = [
        url["location"].removeprefix(SITE)
        for page in range(1, sitemap.paginator.num_pages + 1)
        for url in sitemap.get_urls(page=page)
    ]
    assert locations == expected
