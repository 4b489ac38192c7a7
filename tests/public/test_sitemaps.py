from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from public.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.site import SITE

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def parse(response, root):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = etree.fromstring(response.content)
    assert tree.tag == f"{{{NS['sm']}}}{root}"
    return tree


def w3c_datetime(text):
    return datetime.fromisoformat(text)


def urlset(client, url):
    """{loc: lastmod} of a sitemap, checking the protocol's required elements."""
    tree = parse(client.get(url), "urlset")
    entries = {}
    for url_element in tree.findall("sm:url", NS):
        [loc] = url_element.findall("sm:loc", NS)
        assert loc.text.startswith(f"{SITE}/")
        lastmod = url_element.find("sm:lastmod", NS)
        entries[loc.text] = w3c_datetime(lastmod.text) if lastmod is not None else None
    return entries


def sitemap_index(client):
    tree = parse(client.get("/sitemap.xml"), "sitemapindex")
    entries = {}
    for sitemap in tree.findall("sm:sitemap", NS):
        [loc] = sitemap.findall("sm:loc", NS)
        lastmod = sitemap.find("sm:lastmod", NS)
        entries[loc.text] = w3c_datetime(lastmod.text) if lastmod is not None else None
    return entries


@pytest.fixture
def newsroom(db):
    now = timezone.now()
    politics = SectionFactory(name="Politics", slug="politics")
    SectionFactory(name="Sport", slug="sport")
    writer = AuthorFactory(slug="olena")
    AuthorFactory(slug="no-stories-yet")
    old = ArticleFactory(
        published=True,
        section=politics,
        published_at=now - timedelta(days=3),
        significant_update_at=now - timedelta(hours=2),
        tags=["Energy"],
        authors=[writer],
    )
    new = ArticleFactory(
        published=True, section=politics, published_at=now - timedelta(hours=1), tags=["Energy"]
    )
    draft = ArticleFactory(section=politics, tags=["Secret"], authors=[AuthorFactory()])
    ArticleFactory(scheduled=True, section=politics)
    return {"old": old, "new": new, "draft": draft, "writer": writer}


def test_index_lists_every_sitemap_with_its_lastmod(client, newsroom):
    index = sitemap_index(client)
    assert set(index) == {
        f"{SITE}/sitemap-{name}.xml" for name in ("articles", "sections", "tags", "authors")
    }
    assert index[f"{SITE}/sitemap-articles.xml"] == newsroom["new"].published_at
    assert index[f"{SITE}/sitemap-sections.xml"] == newsroom["new"].published_at
    assert index[f"{SITE}/sitemap-authors.xml"] == newsroom["old"].published_at

    modified = client.get("/sitemap.xml")["Last-Modified"]
    assert client.get("/sitemap.xml", headers={"If-Modified-Since": modified}).status_code == 304


def test_article_sitemap_has_published_stories_with_their_last_change(client, newsroom):
    entries = urlset(client, "/sitemap-articles.xml")
    assert entries == {
        f"{SITE}/news/{newsroom['new'].slug}/": newsroom["new"].published_at,
        f"{SITE}/news/{newsroom['old'].slug}/": newsroom["old"].significant_update_at,
    }


def test_listing_sitemaps_have_sections_tags_and_authors_with_stories(client, newsroom):
    assert urlset(client, "/sitemap-sections.xml") == {
        f"{SITE}/sections/politics/": newsroom["new"].published_at,
        f"{SITE}/sections/sport/": None,
    }
    assert urlset(client, "/sitemap-tags.xml") == {
        f"{SITE}/tags/energy/": newsroom["new"].published_at
    }
    assert urlset(client, "/sitemap-authors.xml") == {
        f"{SITE}/authors/olena/": newsroom["old"].published_at
    }


def test_sitemaps_split_into_pages_listed_in_the_index(client, newsroom, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    ArticleFactory(published=True)

    index = sitemap_index(client)
    pages = [loc for loc in index if "sitemap-articles" in loc]
    assert pages == [
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-articles.xml?p=2",
        f"{SITE}/sitemap-articles.xml?p=3",
    ]
    seen = set()
    for page in pages:
        entries = urlset(client, page.removeprefix(SITE))
        assert len(entries) == 1
        seen |= set(entries)
    assert len(seen) == 3
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_news_sitemap_has_the_last_48_hours_in_google_news_format(client, newsroom, settings):
    settings.LANGUAGE_CODE = "en-gb"
    ArticleFactory(published=True, published_at=timezone.now() - timedelta(hours=49))
    just_now = ArticleFactory(
        published=True, title="Markets & <banks> rally", published_at=timezone.now()
    )
    ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=timezone.now())

    tree = parse(client.get("/news-sitemap.xml"), "urlset")
    stories = {}
    for url in tree.findall("sm:url", NS):
        [loc] = url.findall("sm:loc", NS)
        [news] = url.findall("news:news", NS)
        [publication] = news.findall("news:publication", NS)
        assert publication.findtext("news:name", namespaces=NS) == "The Meridian"
        assert publication.findtext("news:language", namespaces=NS) == "en"
        published = w3c_datetime(news.findtext("news:publication_date", namespaces=NS))
        stories[loc.text] = (news.findtext("news:title", namespaces=NS), published)
    assert stories == {
        f"{SITE}/news/{just_now.slug}/": ("Markets & <banks> rally", just_now.published_at),
        f"{SITE}/news/{newsroom['new'].slug}/": (
            newsroom["new"].title,
            newsroom["new"].published_at,
        ),
    }


def test_robots_txt_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nope.xml",
        "/sitemap-articles.xml?p=0",
        "/sitemap-articles.xml?p=abc",
        "/sitemap-articles.xml?p=99999999999999999999",
        "/sitemap-tags.xml?p=-1",
    ],
)
def test_bad_sitemap_addresses_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_sitemaps_are_read_only(client):
    assert client.post("/sitemap.xml").status_code == 405
    assert client.post("/robots.txt").status_code == 405


@pytest.mark.django_db
def test_sitemap_queries_do_not_grow_with_items_and_come_from_the_cache(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    authors = AuthorFactory.create_batch(5)
    for n in range(30):
        ArticleFactory(published=True, tags=[f"tag-{n}"], authors=authors[: n % 5 + 1])

    # A count and an aggregate per sitemap.
    with django_assert_max_num_queries(8):
        sitemap_index(client)
    for name in ("articles", "sections", "tags", "authors"):
        with django_assert_max_num_queries(2):
            entries = urlset(client, f"/sitemap-{name}.xml")
        assert entries
    with django_assert_max_num_queries(2):
        client.get("/news-sitemap.xml")
    with django_assert_num_queries(0):
        client.get("/sitemap.xml")
        client.get("/sitemap-articles.xml")
        client.get("/news-sitemap.xml")


@pytest.mark.django_db
def test_news_sitemap_titles_are_one_line_of_escaped_text(client):
    # A control character made the sitemap invalid XML (Google refuses the whole file).
    ArticleFactory(published=True, title="<b>Dam</b>\nrepairs\x0b & more")
    tree = parse(client.get("/news-sitemap.xml"), "urlset")
    assert tree.findtext("sm:url/news:news/news:title", namespaces=NS) == (
        "<b>Dam</b> repairs & more"
    )
