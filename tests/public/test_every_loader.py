"""Every way readers' pages load stories selects exactly what `Article.objects.published()`
does (`.stories()` for listings): drafts, stories in review, scheduled and embargoed stories,
stories taken down and (in listings) standing pages never show, wherever they are asked for.

Held to the pages themselves, so a new loader behind any of them answers to the same rule."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor, FrontPageSlot
from articles.pagination import Cursor
from public.reading.related import RELATED_LENGTH
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="/news/([^/"#]+)/')
GUID = re.compile(r":article:(\d+)<")


@pytest.fixture
def newsroom():
    """Stories in every state, all in one section, with one tag and one author, every one with
    "harbour" in its headline. The hidden ones share more tags with each story than the
    visible ones do, so related stories would rank them first if they leaked."""
    section = SectionFactory(name="World", slug="world")
    author = AuthorFactory(slug="ana")
    now = timezone.now()
    hidden_tags = ["Harbour", "Port", "Ships"]

    def story(title, tags=("Harbour",), **fields):
        made = ArticleFactory(title=f"Harbour {title}", section=section, tags=list(tags), **fields)
        ArticleAuthor.objects.create(article=made, author=author)
        return made

    visible = [
        story(f"visible {n}", published=True, published_at=now - timedelta(minutes=10 * n + 5))
        for n in range(6)
    ]
    visible.append(
        story(
            "live",
            published=True,
            published_at=now - timedelta(minutes=90),
            coverage_started_at=now - timedelta(minutes=90),
        )
    )
    # Their times fall between the visible stories' (but the embargoed one's), so a loader
    # that leaked one would show it on a Show-more page too.
    hidden = {
        "draft": story("draft", tags=hidden_tags, published_at=now - timedelta(minutes=12)),
        "in review": story(
            "in review",
            tags=hidden_tags,
            status=Article.Status.IN_REVIEW,
            published_at=now - timedelta(minutes=22),
        ),
        "scheduled": story("scheduled", tags=hidden_tags, scheduled=True),
        "embargoed": story(
            "embargoed", tags=hidden_tags, published=True, published_at=now + timedelta(hours=2)
        ),
        "taken down": story(
            "taken down",
            tags=hidden_tags,
            status=Article.Status.UNPUBLISHED,
            published_at=now - timedelta(minutes=32),
        ),
        "page": story(
            "page",
            tags=hidden_tags,
            published=True,
            kind=Article.Kind.PAGE,
            published_at=now - timedelta(minutes=42),
        ),
    }
    # Editors' holds on stories readers may not see are ignored: the newest fill the places.
    until = now + timedelta(hours=1)
    for slot, name in [("lead", "draft"), ("top1", "embargoed"), ("top2", "page")]:
        FrontPageSlot.objects.create(slot=slot, article=hidden[name], until=until)
    FrontPageSlot.objects.create(slot="live", article=hidden["taken down"], until=until)
    return visible, hidden


def listed(**filters) -> set[str]:
    return set(
        Article.objects.published().stories().filter(**filters).values_list("slug", flat=True)
    )


def published() -> set[str]:
    return set(Article.objects.published().values_list("slug", flat=True))


def slugs(html: str) -> set[str]:
    return set(LINK.findall(html))


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def region(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def locations(xml: str) -> set[str]:
    return set(re.findall(r"<loc>https://news.example.org/news/([^/]+)/</loc>", xml))


def feed_slugs(client, url) -> set[str]:
    ids = {int(pk) for pk in GUID.findall(page(client, url))}
    return set(Article.objects.filter(pk__in=ids).values_list("slug", flat=True))


def test_listings_show_exactly_the_published_stories(client, newsroom):
    everything = listed()
    assert len(everything) == 7
    # The front page: its places (held ones ignored), its grid, and the live strip.
    assert slugs(page(client, "/")) == everything
    for url in ["/sections/world/", "/tags/harbour/", "/authors/ana/", "/news-feed/"]:
        html = page(client, url)
        assert slugs(html) == everything, url
        if url != "/news-feed/":
            rail = region(html, '<section class="news-feed"', "</section>")
            assert slugs(rail) == everything, url  # the News Feed rail
    assert slugs(page(client, "/search/?q=harbour")) == everything


def test_show_more_pages_continue_with_the_published_stories(client, newsroom):
    visible, _ = newsroom
    for story in visible:
        cursor = Cursor.after(story)
        older = listed() & set(Article.objects.published(cursor).values_list("slug", flat=True))
        for url in [f"/?before={cursor}", f"/sections/world/?before={cursor}"]:
            response = client.get(url, headers={"X-Show-More": "1"})
            if not older:
                assert response.status_code == 404
                continue
            assert slugs(response.content.decode()) == older, url
        if older:
            rail_page = page(client, f"/news-feed/?before={cursor}")
            assert slugs(region(rail_page, "<main", "</main>")) == older


def test_related_stories_are_published_stories(client, newsroom):
    visible, _ = newsroom
    for story in visible:
        html = page(client, story.get_absolute_url())
        if story.coverage_started_at:
            continue  # a live page shows its posts instead
        related = slugs(region(html, 'id="related-heading"', "</section>"))
        assert len(related) == RELATED_LENGTH
        assert related <= listed() - {story.slug}


def test_feeds_and_sitemaps_carry_the_published_stories(client, newsroom):
    everything = listed()
    for url in ["/feed/", "/feed/atom/", "/sections/world/feed/", "/tags/harbour/feed/"]:
        assert feed_slugs(client, url) == everything, url
    assert feed_slugs(client, "/authors/ana/feed/") == everything
    # The sitemap lists every page readers may open, standing pages too; Google News, stories.
    assert locations(page(client, "/sitemap-articles.xml")) == published()
    assert locations(page(client, "/news-sitemap.xml")) == everything


def test_article_pages_open_only_for_published_stories(client, newsroom):
    visible, hidden = newsroom
    for story in visible + [hidden["page"]]:
        assert client.get(story.get_absolute_url()).status_code == 200
    for name, story in hidden.items():
        if name != "page":
            status = 410 if name == "taken down" else 404
            assert client.get(story.get_absolute_url()).status_code == status, name
