"""Google's rules for hreflang, held on every page of a small two-language newsroom: a crawl
through the test client from both home pages reads each page's alternates and checks that
every alternate answers 200 and names the same set back (reciprocal), that each page names
itself, and that x-default is there and is the main language's version. The switcher and the
sitemaps are crawled too: neither ever leads to an edition readers may not see."""

from collections import deque
from datetime import timedelta
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    edition_of,
)
from tests.site import SITE

pytestmark = pytest.mark.django_db

# Pages a crawl leaves alone: the desk, previews, feeds, the live endpoints.
SKIPPED = ("/admin/", "/preview/", "/live/", "/static/", "/media/")
MAX_PAGES = 400


@pytest.fixture
def newsroom(two_languages):
    """A newsroom like the demo's, smaller: stories in both languages, some only in one, and
    an edition in every state readers may not see."""
    now = timezone.now()
    world, culture = SectionFactory(slug="world"), SectionFactory(slug="culture")
    olena, taras = AuthorFactory(slug="olena"), AuthorFactory(slug="taras")
    stories, hidden = [], []
    for n in range(8):
        stories.append(
            ArticleFactory(
                published=True,
                slug=f"story-{n}",
                section=(world, culture)[n % 2],
                tags=[("Energy", "Arts", "Kyiv")[n % 3]],
                authors=[(olena, taras)[n % 2]],
                published_at=now - timedelta(hours=n + 1),
            )
        )
    # Translated and published: two of them, one of them live.
    for n in (0, 1):
        edition_of(
            stories[n], published=True, slug=f"istoriia-{n}", authors=[olena], tags=["Energy"]
        )
    stories[1].coverage_started_at = now - timedelta(hours=2)
    stories[1].save()
    # Every state of an edition readers may not see, each of a published English story.
    for n, state in enumerate(
        [
            {"status": Article.Status.DRAFT},
            {"status": Article.Status.IN_REVIEW},
            {"scheduled": True},
            {"status": Article.Status.PUBLISHED, "published_at": now + timedelta(hours=1)},
            {"status": Article.Status.UNPUBLISHED, "published_at": now - timedelta(days=1)},
        ],
        start=2,
    ):
        hidden.append(edition_of(stories[n], slug=f"prykhovana-{n}", **state))
    # Published in Ukrainian only, its English source still a draft.
    source = ArticleFactory(slug="draft-source", section=world)
    edition_of(source, published=True, slug="lyshe-ukrainskoiu", tags=["Kyiv"], authors=[taras])
    hidden.append(source)
    return {"hidden": [story.get_absolute_url() for story in hidden]}


def alternates_of(page) -> dict:
    return {
        link.get("hreflang"): link.get("href")
        for link in page.xpath('//head/link[@rel="alternate"][@hreflang]')
    }


def crawl(client, starts) -> dict:
    """{path: parsed page} of every reader's HTML page reachable by links from `starts`."""
    seen, pages, queue = set(starts), {}, deque(starts)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = pages[path] = lxml.html.fromstring(response.content)
        for href in page.xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIPPED):
                continue
            if "/feed/" in parts.path:
                continue
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found not in seen:
                seen.add(found)
                queue.append(found)
    assert len(pages) < MAX_PAGES, "the crawl did not end"
    return pages


def test_every_pages_alternates_follow_googles_rules(client, newsroom):
    pages = crawl(client, ["/", "/uk/"])
    checked = 0
    for path, page in pages.items():
        found = alternates_of(page)
        if not found:
            continue
        checked += 1
        own = SITE + path
        # Self-referencing: the page is among its alternates, under its own language.
        language = "en" if not path.startswith("/uk/") else "uk"
        assert found.get(language) == own, path
        # x-default: there, and the main language's version.
        assert found["x-default"] == found["en"], path
        for code, url in found.items():
            response = client.get(url.removeprefix(SITE))
            assert response.status_code == 200, (path, code, url)
            # Reciprocal: the alternate names the same set.
            assert alternates_of(lxml.html.fromstring(response.content)) == found, (path, url)
    # Home, sections, authors, the tags in both languages and the translated stories, twice.
    assert checked == 2 * (1 + 2 + 2 + 2 + 2)
    # Both editions of a translated story were among them.
    assert alternates_of(pages["/news/story-0/"])["uk"] == f"{SITE}/uk/news/istoriia-0/"


def test_no_page_leads_to_an_edition_readers_may_not_see(client, newsroom):
    pages = crawl(client, ["/", "/uk/"])
    assert "/uk/news/lyshe-ukrainskoiu/" in pages
    for path, page in pages.items():
        links = set(page.xpath("//a/@href")) | set(alternates_of(page).values())
        for hidden in newsroom["hidden"]:
            assert hidden not in links and SITE + hidden not in links, (path, hidden)
        # Every language in the switcher answers.
        for href in page.xpath('//nav[@class="language-switcher"]//a/@href'):
            assert client.get(href).status_code == 200, (path, href)


def test_the_sitemaps_alternates_are_the_pages_own(client, newsroom):
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for name in ("articles", "sections", "tags", "authors"):
        tree = etree.fromstring(client.get(f"/sitemap-{name}.xml").content)
        for entry in tree.findall("sm:url", ns):
            location = entry.findtext("sm:loc", namespaces=ns)
            assert location.removeprefix(SITE) not in newsroom["hidden"]
            listed = {
                link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)
            }
            response = client.get(location.removeprefix(SITE))
            assert response.status_code == 200, location
            assert alternates_of(lxml.html.fromstring(response.content)) == listed, location
