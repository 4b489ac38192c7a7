"""A live story as readers get it: highlights, the timeline, new posts, markup, feed, search."""

import json
import re
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import LivePost
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor
from tests.site import SITE

pytestmark = pytest.mark.django_db


def live_story(posts=0, **kwargs):
    story = ArticleFactory(published=True, title="Ukraine war latest", **kwargs)
    boss = editor()
    workflow.start_coverage(story, by=boss)
    author = AuthorFactory(name="Nate Ostiller")
    start = timezone.now() - timedelta(hours=6)
    made = [
        workflow.add_live_post(
            story,
            by=None,
            author=author,
            body=f"<p>Update number {n:02d}.</p>",
            published_at=start + timedelta(minutes=5 * n),
        )
        for n in range(posts)
    ]
    return story, made, boss


def tree(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content)


def test_the_timeline_is_newest_first_with_an_anchor_per_post_and_the_live_badge(client):
    story, posts, _ = live_story(posts=3)
    page = tree(client, story.get_absolute_url())
    ids = page.xpath('//ol[@id="live-posts"]/li/article/@id')
    assert ids == [f"post-{p.pk}" for p in reversed(posts)]
    assert page.xpath(f'//article[@id="post-{posts[0].pk}"]//a[@href="#post-{posts[0].pk}"]')
    assert page.xpath('//header[@class="story-header"]//span[@class="live-badge"]')


def test_key_events_summary_and_pinned_posts_sit_at_the_top(client):
    story, posts, boss = live_story(posts=25)
    workflow.edit_live_post(posts[24], by=boss, is_key_event=True, headline="Missiles over Kyiv")
    workflow.edit_live_post(posts[0], by=boss, is_key_event=True, headline="Morning briefing")
    workflow.edit_live_post(posts[10], by=boss, is_pinned=True, headline="How to shelter")
    page = tree(client, story.get_absolute_url())
    events = page.xpath('//nav[@class="key-events"]//a')
    # Each link is the post's time ("14:05", or "Nov 28" just after midnight), then its summary.
    assert [
        e.text_content().removeprefix(e.find("time").text_content()).strip() for e in events
    ] == [
        "Missiles over Kyiv",
        "Morning briefing",
    ]
    # The first is on this page; the oldest is further down, on the page that holds it.
    assert events[0].get("href") == f"#post-{posts[24].pk}"
    older = events[1].get("href")
    assert older.endswith(f"#post-{posts[0].pk}") and older.startswith("?before=")
    assert (
        f'id="post-{posts[0].pk}"'
        in client.get(story.get_absolute_url() + older.split("#")[0]).content.decode()
    )
    pinned = page.xpath('//div[@class="pinned-post"]/article/@id')
    assert pinned == [f"pinned-post-{posts[10].pk}"]


def test_show_more_pages_posts_by_keyset_and_deleted_posts_are_gone(client):
    story, posts, boss = live_story(posts=25)
    workflow.delete_live_post(posts[20], by=boss)
    page = tree(client, story.get_absolute_url())
    first = page.xpath('//ol[@id="live-posts"]/li/article/@id')
    assert len(first) == 20 and f"post-{posts[20].pk}" not in first
    more = page.xpath('//nav[@aria-label="Earlier posts"]/a/@href')[0]
    fragment = client.get(story.get_absolute_url() + more, headers={"X-Show-More": "1"})
    found = re.findall(
        r'<article class="live-post[^"]*" id="(post-\d+)"', fragment.content.decode()
    )
    assert found == [f"post-{p.pk}" for p in reversed(posts[:4])]
    assert client.get(story.get_absolute_url() + "?before=nonsense").status_code == 400


def count_queries(client, url):
    cache.clear()
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_stay_the_same_whatever_the_number_of_posts(client):
    small, posts, boss = live_story(posts=2)
    workflow.edit_live_post(posts[0], by=boss, is_key_event=True)
    big, many, boss = live_story(posts=60)
    for post in many[::5]:
        workflow.edit_live_post(post, by=boss, is_key_event=True, is_pinned=True)
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, big.get_absolute_url()
    )
    assert count_queries(client, big.get_absolute_url()) <= 10


def picture_post(story, image, *, by=None, **kwargs):
    return workflow.add_live_post(
        story,
        by=by,
        body=f'<p>Crews at the dam.</p><figure data-block="image" data-image="{image.pk}"'
        ' data-width="column"><figcaption>The spillway at noon</figcaption></figure>',
        **kwargs,
    )


def post_figure(page, post):
    """The picture block of a post on a page (a parsed tree)."""
    found = page.xpath(f'//article[@id="post-{post.pk}"]//figure[contains(@class, "block-image")]')
    assert found, f"post-{post.pk} shows no picture"
    return found[0]


def test_a_picture_in_a_post_is_drawn_as_in_a_story(client):
    story, posts, _ = live_story(posts=2)
    image = ImageFactory(credit="Anna Fedorova/Meridian", alt_text="Water over the spillway")
    post = picture_post(story, image)
    figure = post_figure(tree(client, story.get_absolute_url()), post)
    assert figure.xpath('.//source[@type="image/avif"]') and figure.xpath(".//img/@width")
    assert figure.xpath(".//img/@alt") == ["Water over the spillway"]
    assert "The spillway at noon" in figure.text_content()
    assert "(Anna Fedorova/Meridian)" in figure.text_content()


def test_queries_stay_the_same_whatever_the_number_of_pictures_in_posts(client):
    small, _, _ = live_story(posts=2)
    picture_post(small, ImageFactory())
    big, _, boss = live_story(posts=30)
    for n in range(12):
        post = picture_post(big, ImageFactory())
        if n % 3 == 0:
            workflow.edit_live_post(post, by=boss, is_pinned=True, is_key_event=True)
    client.get(big.get_absolute_url())  # makes the renditions, as the first reader would
    client.get(small.get_absolute_url())
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, big.get_absolute_url()
    )
    assert count_queries(client, big.get_absolute_url()) <= 10
    page = tree(client, big.get_absolute_url())
    assert len(page.xpath('//ol[@id="live-posts"]//figure[contains(@class, "block-image")]')) == 12


def test_pictures_in_new_and_earlier_posts_and_in_the_posts_feed(client):
    story, posts, boss = live_story(posts=25)
    old = LivePost.objects.get(pk=posts[0].pk)
    image = ImageFactory(alt_text="Water over the spillway")
    workflow.edit_live_post(old, by=boss, body=picture_post(story, image).body)
    # Further down the timeline, fetched by Show more.
    page = tree(client, story.get_absolute_url())
    more = page.xpath('//nav[@aria-label="Earlier posts"]/a/@href')[0]
    chunk = client.get(story.get_absolute_url() + more, headers={"X-Show-More": "1"})
    assert post_figure(lxml.html.fromstring(chunk.content), old).xpath(".//picture")
    # A new post, as the open page's polling gets it.
    since = page.xpath('//ol[@id="live-posts"]/@data-live-since')[0]
    new = picture_post(story, image, by=boss)
    fresh = client.get(f"/news/{story.slug}/posts/?since={since}")
    assert post_figure(lxml.html.fromstring(fresh.content), new).xpath(".//picture")
    # The posts' feed carries it as the story feeds do: a JPEG at an absolute address.
    feed = lxml.etree.fromstring(client.get(f"/news/{story.slug}/posts/feed/").content)
    description = feed.xpath(f'//item[link="{SITE}{story.get_absolute_url()}#post-{new.pk}"]')
    body = description[0].findtext("description")
    assert re.search(rf'<img src="{re.escape(SITE)}/media/[^"]+\.jpg" alt="Water over', body)


def summary(link):
    """A key event's words past its time ("14:05", or "Dec 7" just after midnight)."""
    return link.text_content().removeprefix(link.find("time").text_content()).strip()


def test_a_live_storys_header_says_when_it_was_updated_not_how_long_it_reads(client):
    story, posts, boss = live_story(posts=25, published_at=timezone.now() - timedelta(hours=7))
    header = tree(client, story.get_absolute_url()).xpath('//header[@class="story-header"]')[0]
    meta = header.xpath('.//p[@class="story-meta"]')[0].text_content()
    assert "min read" not in meta
    updated = header.xpath('.//span[@class="updated"]/time')[0]
    newest = timezone.localtime(posts[-1].published_at)
    assert updated.text == f"{newest:%H:%M}" or newest.date() != timezone.localdate()
    assert datetime.fromisoformat(updated.get("datetime")) == newest.replace(microsecond=0)
    # An edit to a post far down the timeline is an update too.
    cache.clear()
    edited = workflow.edit_live_post(posts[0], by=boss, body="Corrected figures.")
    updated = tree(client, story.get_absolute_url()).xpath('//span[@class="updated"]/time')[0]
    assert datetime.fromisoformat(updated.get("datetime")) == timezone.localtime(
        edited.edited_at
    ).replace(microsecond=0)
    # A story that is not live still says how long it reads.
    plain = ArticleFactory(published=True)
    assert "min read" in tree(client, plain.get_absolute_url()).xpath(
        'string(//p[@class="story-meta"])'
    )


def test_the_updated_time_reads_as_the_newsrooms_clock(client):
    with time_machine.travel(datetime(2026, 12, 7, 18, 0, tzinfo=UTC)):  # 20:00 in Kyiv
        story, posts, _ = live_story(posts=25, published_at=timezone.now() - timedelta(hours=7))
        meta = tree(client, story.get_absolute_url()).xpath('string(//p[@class="story-meta"])')
    # The newest post went up at 14:00 UTC.
    assert "Updated 16:00" in " ".join(meta.split())


def test_an_open_live_page_asks_for_new_posts_every_15_to_20_seconds(client):
    story, _, _ = live_story(posts=1)
    page = tree(client, story.get_absolute_url())
    assert 15 <= int(page.xpath('//ol[@id="live-posts"]/@data-live-interval')[0]) <= 20


def test_the_open_page_polls_often_and_new_key_events_come_with_new_posts(client, settings):
    settings.LIVE_POSTS_POLL_SECONDS = 17
    story, posts, boss = live_story(posts=2)
    page = tree(client, story.get_absolute_url())
    assert page.xpath('//ol[@id="live-posts"]/@data-live-interval') == ["17"]
    # No key events yet: the list is there, hidden, for those the polling brings.
    assert page.xpath('//nav[@class="key-events"][@hidden]/ol[@id="key-events"]')
    since = page.xpath('//ol[@id="live-posts"]/@data-live-since')[0]
    event = workflow.add_live_post(
        story, by=boss, body="Dam breached.", headline="Dam breached", is_key_event=True
    )
    workflow.add_live_post(story, by=boss, body="Crews on their way.")
    fresh = lxml.html.fromstring(client.get(f"/news/{story.slug}/posts/?since={since}").content)
    links = fresh.xpath('//ol[@class="live-key-events"]/li/a')
    assert [(a.get("href"), summary(a)) for a in links] == [(f"#post-{event.pk}", "Dam breached")]
    assert fresh.xpath('//time[@class="live-updated"]/@datetime')


def test_the_polling_answer_carries_the_key_events_as_they_stand_and_the_last_edit(client):
    story, posts, boss = live_story(posts=25)
    gone = workflow.edit_live_post(posts[24], by=boss, is_key_event=True, headline="Dam breached")
    page = tree(client, story.get_absolute_url())
    since = page.xpath('//ol[@id="live-posts"]/@data-live-since')[0]
    # No new post, but an editor marks two older ones as key events and deletes the first.
    workflow.edit_live_post(posts[20], by=boss, is_key_event=True, headline="Crews arrive")
    marked = workflow.edit_live_post(posts[1], by=boss, is_key_event=True, headline="Warning")
    workflow.delete_live_post(gone, by=boss)
    fresh = lxml.html.fromstring(client.get(f"/news/{story.slug}/posts/?since={since}").content)
    assert fresh.xpath('//div[@class="live-update"]/@data-live-count') == ["0"]
    links = fresh.xpath('//ol[@class="live-key-events"]/li/a')
    assert [(a.get("href").split("#")[1], summary(a)) for a in links] == [
        (f"post-{posts[20].pk}", "Crews arrive"),
        (f"post-{posts[1].pk}", "Warning"),
    ]
    # One far down the timeline links to the page of it that holds it.
    assert links[1].get("href").startswith("?before=")
    assert (
        client.get(story.get_absolute_url() + links[1].get("href").split("#")[0]).status_code == 200
    )
    updated = fresh.xpath('//time[@class="live-updated"]/@datetime')[0]
    assert datetime.fromisoformat(updated) == timezone.localtime(marked.edited_at).replace(
        microsecond=0
    )


def test_new_posts_endpoint_answers_304_until_someone_posts(client, django_assert_max_num_queries):
    story, posts, boss = live_story(posts=2)
    page = client.get(story.get_absolute_url()).content.decode()
    since = re.search(r'data-live-since="([\d.]+)"', page).group(1)
    url = re.search(r'data-live-posts-url="([^"]+)"', page).group(1) + f"?since={since}"
    first = client.get(url)
    assert first.status_code == 200 and 'data-live-count="0"' in first.content.decode()
    with django_assert_max_num_queries(1):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    workflow.add_live_post(story, by=boss, body="Air defence at work.")
    fresh = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert fresh.status_code == 200
    assert 'data-live-count="1"' in fresh.content.decode()
    assert "Air defence at work." in fresh.content.decode()
    assert client.get(url.split("?")[0] + "?since=junk").status_code == 400


def test_posting_purges_the_cached_page(client, django_capture_on_commit_callbacks):
    story, _, boss = live_story(posts=1)
    client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_live_post(story, by=boss, body="Explosions heard in Odesa.")
    assert "Explosions heard in Odesa." in client.get(story.get_absolute_url()).content.decode()


def test_ending_coverage_turns_the_badge_off_on_the_story_and_its_card(
    client, django_capture_on_commit_callbacks
):
    story, _, boss = live_story(posts=1)
    assert 'class="live-badge"' in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.end_coverage(story, by=boss)
    assert 'class="live-badge"' not in client.get("/").content.decode()
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'class="live-badge"' not in page and "Live coverage ended" in page
    assert "data-live-posts-url" not in page


def test_live_blog_posting_markup_has_coverage_times_and_an_update_per_post(client):
    story, posts, boss = live_story(posts=3)
    workflow.end_coverage(story, by=boss)
    story.refresh_from_db()
    page = tree(client, story.get_absolute_url())
    data = {
        item["@type"]: item
        for item in map(json.loads, page.xpath('//script[@type="application/ld+json"]/text()'))
    }
    blog = data["LiveBlogPosting"]
    assert "NewsArticle" not in data
    assert datetime.fromisoformat(blog["coverageStartTime"]) == story.coverage_started_at
    assert datetime.fromisoformat(blog["coverageEndTime"]) == story.coverage_ended_at
    updates = blog["liveBlogUpdate"]
    assert [u["url"] for u in updates] == [
        f"{SITE}{story.get_absolute_url()}#post-{p.pk}" for p in reversed(posts)
    ]
    assert updates[0]["articleBody"] == "Update number 02."
    assert updates[0]["author"]["name"] == "Nate Ostiller"


def test_each_live_story_has_a_feed_of_its_posts(client):
    story, posts, _ = live_story(posts=2)
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'href="/news/{story.slug}/posts/feed/"' in page
    feed = lxml.etree.fromstring(client.get(f"/news/{story.slug}/posts/feed/").content)
    links = feed.xpath("//item/link/text()")
    assert links == [f"{SITE}{story.get_absolute_url()}#post-{p.pk}" for p in reversed(posts)]
    assert client.get(f"/news/{ArticleFactory(published=True).slug}/posts/feed/").status_code == 404


def test_search_finds_a_live_story_by_its_posts(client):
    story, _, boss = live_story(posts=1)
    workflow.add_live_post(story, by=boss, body="A hydroelectric dam was breached overnight.")
    assert story.title in client.get("/search/", {"q": "hydroelectric"}).content.decode()
