import html
from datetime import timedelta
from io import StringIO

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from media.renditions import get_share_rendition
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    jpeg_bytes,
)
from tests.security.readers import feed_fields, html_tags, item_field
from tests.site import SITE


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def story(db):
    return ArticleFactory(
        published=True,
        title="Kyiv restores power to 200,000 homes",
        dek="Engineers worked overnight after the strike on the substation.",
        authors=[AuthorFactory(name="Olena Marchenko"), AuthorFactory(name="Taras Koval")],
        tags=["Energy", "Kyiv"],
        lead_image=ImageFactory(file=ContentFile(jpeg_bytes(1600, 900), name="lead.jpg")),
        significant_update_at=timezone.now() - timedelta(minutes=5),
    )


@pytest.mark.django_db
def test_rss_item_carries_everything_a_reader_needs(client, story):
    feed = parse(client.get("/feed/"))

    assert feed.version == "rss20"
    assert feed.feed.title == "The Meridian"
    assert feed.feed.link == f"{SITE}/"
    assert any(link.href == f"{SITE}/feed/" and link.rel == "self" for link in feed.feed.links)
    [entry] = feed.entries
    assert entry.title == story.title
    assert entry.summary == story.dek
    assert entry.link == f"{SITE}/news/{story.slug}/"
    assert entry.author == "Olena Marchenko and Taras Koval"
    assert {tag.term for tag in entry.tags} == {"Energy", "Kyiv"}
    assert entry.published_parsed[:6] == story.published_at.utctimetuple()[:6]
    [enclosure] = entry.enclosures
    share = get_share_rendition(story.lead_image)  # a 1200x630 JPEG, not the upload
    assert enclosure.href == f"{SITE}{share.file.url}"
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == share.file_size
    [media] = entry.media_content
    assert media["url"] == enclosure.href
    assert (media["width"], media["height"]) == ("1200", "630")
    assert entry.media_credit[0]["content"] == "Olena Marchenko/Meridian"


@pytest.mark.django_db
def test_atom_feed_has_published_and_updated_times_and_authors(client, story):
    feed = parse(client.get("/feed/atom/"))

    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title == story.title
    assert entry.summary == story.dek
    assert entry.link == f"{SITE}/news/{story.slug}/"
    assert [author.name for author in entry.authors] == ["Olena Marchenko and Taras Koval"]
    assert entry.published_parsed[:6] == story.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == story.significant_update_at.utctimetuple()[:6]
    assert feed.feed.updated_parsed[:6] == story.significant_update_at.utctimetuple()[:6]
    assert {tag.term for tag in entry.tags} == {"Energy", "Kyiv"}
    assert [link.href for link in entry.links if link.rel == "enclosure"] == [
        f"{SITE}{get_share_rendition(story.lead_image).file.url}"
    ]


@pytest.mark.django_db
def test_guid_is_stable_when_the_slug_changes(client, story):
    guid = parse(client.get("/feed/")).entries[0].id
    atom_id = parse(client.get("/feed/atom/")).entries[0].id
    assert guid == atom_id
    assert guid.startswith("tag:news.example.org,")

    story.slug = "kyiv-power-restored"
    story.save()
    cache.clear()
    entry = parse(client.get("/feed/")).entries[0]
    assert entry.id == guid
    assert entry.link == f"{SITE}/news/kyiv-power-restored/"


@pytest.mark.django_db
def test_feeds_show_only_published_stories_newest_first(client):
    now = timezone.now()
    older = ArticleFactory(published=True, published_at=now - timedelta(hours=3))
    newer = ArticleFactory(published=True, published_at=now - timedelta(hours=1))
    ArticleFactory()  # draft
    ArticleFactory(scheduled=True)
    ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=now - timedelta(hours=2))

    for url in ("/feed/", "/feed/atom/"):
        titles = [entry.title for entry in parse(client.get(url)).entries]
        assert titles == [newer.title, older.title]


@pytest.mark.django_db
def test_section_tag_and_author_feeds_list_only_their_stories(client):
    politics = SectionFactory(name="Politics", slug="politics")
    writer = AuthorFactory(slug="olena")
    mine = ArticleFactory(published=True, section=politics, tags=["Energy"], authors=[writer])
    ArticleFactory(published=True, tags=["Sport"], authors=[AuthorFactory()])

    for url, title in [
        ("/sections/politics/feed/", "Politics — The Meridian"),
        ("/tags/energy/feed/", "Energy — The Meridian"),
        ("/authors/olena/feed/", f"{writer.name} — The Meridian"),
    ]:
        for feed_url in (url, url + "atom/"):
            feed = parse(client.get(feed_url))
            assert feed.feed.title == title
            assert [entry.title for entry in feed.entries] == [mine.title]
            assert feed.feed.link == SITE + url.removesuffix("feed/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/sections/nope/feed/",
        "/tags/nope/feed/atom/",
        "/authors/nope/feed/",
        "/sections/%E2%98%83/feed/",
        "/feed/rss/",
    ],
)
def test_unknown_feeds_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_feeds_are_read_only(client):
    assert client.post("/feed/").status_code == 405


@pytest.mark.django_db
def test_feed_queries_do_not_grow_with_items_and_come_from_the_page_cache(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    section = SectionFactory(slug="world")
    authors = AuthorFactory.create_batch(3)
    for n in range(40):
        ArticleFactory(
            published=True,
            section=section,
            authors=authors,
            tags=[f"tag-{n}", "common"],
            lead_image=ImageFactory(),
        )

    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())

    # Section lookup, stories, their bylines, their tags, and the JPEGs of their pictures.
    with django_assert_max_num_queries(5):
        feed = parse(client.get("/sections/world/feed/"))
    assert len(feed.entries) == 30
    with django_assert_num_queries(0):
        cached = client.get("/sections/world/feed/")
    assert cached.content == client.get("/sections/world/feed/").content
    assert "public" in cached["Cache-Control"]
    assert cached["Last-Modified"]


@pytest.mark.django_db
def test_new_story_appears_after_publishing(client, django_capture_on_commit_callbacks):
    first = ArticleFactory(published=True)
    assert [e.title for e in parse(client.get("/feed/")).entries] == [first.title]

    with django_capture_on_commit_callbacks(execute=True):
        second = ArticleFactory(published=True, published_at=timezone.now())
    assert [e.title for e in parse(client.get("/feed/")).entries] == [second.title, first.title]


@pytest.mark.django_db
def test_pages_link_their_feeds(client):
    section = SectionFactory(slug="business")
    writer = AuthorFactory(slug="taras")
    ArticleFactory(published=True, section=section, tags=["Banks"], authors=[writer])

    home = client.get("/").content.decode()
    assert 'type="application/rss+xml" title="The Meridian" href="/feed/"' in home
    assert 'href="/feed/atom/"' in home
    for page, feed in [
        ("/sections/business/", "/sections/business/feed/"),
        ("/tags/banks/", "/tags/banks/feed/"),
        ("/authors/taras/", "/authors/taras/feed/"),
    ]:
        html = client.get(page).content.decode()
        assert 'type="application/rss+xml"' in html
        assert f'href="{feed}"' in html
        assert f'href="{feed}atom/"' in html
        assert 'href="/feed/"' in html


@pytest.mark.django_db
def test_feed_readers_polling_an_unchanged_feed_get_304(client, story):
    first = client.get("/feed/")
    assert first["Last-Modified"]
    assert first["ETag"]
    assert client.get("/feed/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    unchanged = client.get("/feed/atom/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert unchanged.status_code == 304


XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/feed/", "/feed/atom/", "/sections/politics/feed/", "/sections/politics/feed/atom/"]
)
def test_a_standfirst_with_markup_reaches_feed_readers_as_words_not_markup(client, url):
    # A writer's (or a Ghost excerpt's) standfirst went into <description> and Atom's
    # <summary type="html"> as it was: readers ran its script.
    ArticleFactory(published=True, section=SectionFactory(slug="politics"), dek=XSS)
    response = client.get(url)
    assert response.status_code == 200
    [summary] = item_field(response.content, rss="description", atom="summary")
    assert html_tags(summary) == []
    assert summary == html.escape(XSS, quote=False)  # the reader shows these very words
    assert b"&amp;lt;script&amp;gt;alert(1)" in response.content


# Per feed: what readers render as HTML (after decoding it once more) and what they show as
# plain text.
EVERY_FIELD = {
    "/feed/": (
        {f"Headline {XSS}", f"Standfirst {XSS}"},
        {f"Reporter {XSS}", f"tag {XSS}", f"Alt {XSS}", f"Agency {XSS}"},
    ),
    "/feed/atom/": (
        {f"Standfirst {XSS}"},
        {f"Headline {XSS}", f"Reporter {XSS}", f"tag {XSS}", f"Alt {XSS}", f"Agency {XSS}"},
    ),
    "/news/live/posts/feed/": (
        {f"Post {XSS}", f"Headline {XSS} (live) — The Meridian", f"Standfirst {XSS}"},
        {f"Reporter {XSS}"},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", EVERY_FIELD)
def test_every_field_of_a_feed_reaches_readers_as_words(client, url):
    author = AuthorFactory(name=f"Reporter {XSS}")
    story = ArticleFactory(
        published=True,
        slug="live",
        title=f"Headline\n{XSS}",
        dek=f"Standfirst {XSS}",
        authors=[author],
        tags=[f"tag {XSS}"],
        lead_image=ImageFactory(alt_text=f"Alt {XSS}", credit=f"Agency {XSS}\x0b"),
        coverage_started_at=timezone.now(),
    )
    story.live_posts.create(headline=f"Post {XSS}", body="<p>Update.</p>", author=author)
    response = client.get(url)
    assert response.status_code == 200
    fields = feed_fields(response.content)
    rendered, plain = EVERY_FIELD[url]
    for field in fields:
        if field.html:
            assert [tag for tag, _ in html_tags(field.text)] in ([], ["p"]), field
    assert rendered <= {html.unescape(field.text) for field in fields if field.html}
    assert plain <= {field.text for field in fields if not field.html}


@pytest.mark.django_db
def test_an_items_categories_keep_the_order_its_tags_were_given(client):
    """The order the article page shows (public.card_loading), on every database and every
    request: an order left to the database changed feeds (and their ETags) with its layout."""
    for name in ("Apple", "Mango", "Zebra"):
        ArticleFactory(tags=[name])  # the tags exist, in alphabetical id order
    ArticleFactory(published=True, tags=["Zebra", "Apple", "Mango"])
    [item] = parse(client.get("/feed/")).entries
    assert [tag.term for tag in item.tags] == ["Zebra", "Apple", "Mango"]
