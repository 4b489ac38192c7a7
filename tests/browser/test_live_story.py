"""A live story in the browser: a new post appears on an open page without a reload, and a new
key event in its key-events list; the page asks only while it is visible."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import workflow
from tests.factories import ArticleFactory, editor, writer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_post_from_the_desk_appears_on_an_open_live_page_within_one_poll(
    live_server, page, other_window, settings
):
    settings.LIVE_POSTS_POLL_SECONDS = 1
    story = ArticleFactory(published=True, title="Storm latest")
    boss = editor(username="edith")
    workflow.start_coverage(story, by=boss)
    start = timezone.now() - timedelta(hours=3)
    for n in range(8):
        workflow.add_live_post(
            story,
            by=None,
            body="<p>" + "Long update text. " * 40 + f"Post {n}.</p>",
            published_at=start + timedelta(minutes=10 * n),
        )

    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    posts = page.locator("#live-posts > li")
    expect(posts).to_have_count(8)
    key_events = page.locator("#key-events > li")
    expect(key_events).to_have_count(0)
    updated = page.locator("[data-live-updated]")
    updated_before = updated.get_attribute("datetime")
    # The reader is reading further down the timeline.
    reading = posts.filter(has_text="Post 2.")
    reading.scroll_into_view_if_needed()
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(200)
    top_before = reading.bounding_box()["y"]

    # A writer posts from the desk's compact form in another window.
    desk = other_window
    author = writer(username="wanda")
    desk.goto(f"{live_server.url}/admin/login/")
    desk.fill("#id_username", author.username)
    desk.fill("#id_password", "correct horse battery")
    desk.click("input[type=submit]")
    desk.goto(f"{live_server.url}/admin/articles/livepost/live/{story.pk}/")
    desk.fill("textarea[name=body]", "Trees down on the coastal road.")
    desk.get_by_label("Key event").check()
    desk.get_by_role("button", name="Post now").click()
    expect(desk.get_by_text("Posted.")).to_be_visible()

    notice = page.get_by_role("button", name="1 new post")
    expect(notice).to_be_visible(timeout=5_000)  # one poll interval, with room for a slow machine
    # The key event is listed as soon as it arrives, and the header says when.
    expect(key_events).to_have_count(1)
    expect(key_events.first).to_contain_text("Trees down on the coastal road.")
    expect(page.get_by_role("navigation", name="Key events")).to_be_visible()
    assert updated.get_attribute("datetime") > updated_before
    notice.click()
    expect(posts).to_have_count(9)
    expect(posts.first).to_contain_text("Trees down on the coastal road.")
    # The new post went in above without moving what the reader was reading.
    assert abs(reading.bounding_box()["y"] - top_before) < 2
    assert (
        key_events.first.locator("a").get_attribute("href")
        == f"#{posts.first.locator('article').get_attribute('id')}"
    )
    # Each post has its own address to share.
    post_id = posts.first.locator("article").get_attribute("id")
    assert post_id.startswith("post-")
    page.goto(f"{live_server.url}{story.get_absolute_url()}#{post_id}")
    expect(page.locator(f"#{post_id}")).to_be_in_viewport()


def test_a_key_event_that_arrived_before_its_post_opens_it(live_server, page, settings):
    settings.LIVE_POSTS_POLL_SECONDS = 1
    story = ArticleFactory(published=True, title="Storm latest")
    boss = editor(username="edith")
    workflow.start_coverage(story, by=boss)
    workflow.add_live_post(story, by=None, body="<p>" + "Early update. " * 200 + "</p>")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator("#live-posts > li")).to_have_count(1)

    post = workflow.add_live_post(
        story, by=boss, body="Bridge closed.", headline="Bridge closed", is_key_event=True
    )
    event = page.locator("#key-events a", has_text="Bridge closed")
    expect(event).to_be_visible(timeout=5_000)
    expect(page.locator(f"#post-{post.pk}")).to_have_count(0)  # waiting behind "1 new post"
    event.click()
    expect(page.locator(f"#post-{post.pk}")).to_be_in_viewport()
    expect(page.get_by_role("button", name="1 new post")).to_be_hidden()


def test_a_post_marked_as_a_key_event_later_joins_the_open_pages_list(live_server, page, settings):
    settings.LIVE_POSTS_POLL_SECONDS = 1
    story = ArticleFactory(published=True, title="Storm latest")
    boss = editor(username="edith")
    workflow.start_coverage(story, by=boss)
    start = timezone.now() - timedelta(hours=2)
    posts = [
        workflow.add_live_post(
            story,
            by=None,
            body=f"<p>Update {n}.</p>",
            headline="Red warning" if n == 2 else "",
            is_key_event=n == 2,
            published_at=start + timedelta(minutes=n),
        )
        for n in range(3)
    ]
    first = posts[2]
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    key_events = page.locator("#key-events > li")
    expect(key_events).to_have_count(1)
    updated = page.locator("[data-live-updated]")
    updated_before = updated.get_attribute("datetime")

    workflow.edit_live_post(posts[0], by=boss, is_key_event=True, headline="Ferries cancelled")
    expect(key_events).to_have_count(2, timeout=5_000)
    expect(key_events.last).to_contain_text("Ferries cancelled")
    assert updated.get_attribute("datetime") > updated_before
    expect(page.get_by_role("button", name="new post")).to_be_hidden()
    key_events.last.locator("a").click()
    expect(page.locator(f"#post-{posts[0].pk}")).to_be_in_viewport()
    # A key event deleted at the desk leaves the list.
    workflow.delete_live_post(first, by=boss)
    expect(key_events).to_have_count(1, timeout=5_000)
    expect(key_events.first).to_contain_text("Ferries cancelled")


def set_visibility(page, state):
    """What the browser does when the reader switches tabs: headless pages are never hidden."""
    page.evaluate(
        """state => {
            Object.defineProperty(document, "visibilityState", {value: state, configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        state,
    )


def run_clock(page, asked, ms):
    """Moves the page's clock on by `ms` in half seconds, letting each answer land (real time)."""
    for _ in range(ms // 500):
        page.clock.run_for(500)
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    return len(asked)


def test_an_open_live_page_polls_while_visible_and_stops_while_hidden(live_server, page):
    story = ArticleFactory(published=True, title="Storm latest")
    workflow.start_coverage(story, by=editor(username="edith"))
    workflow.add_live_post(story, by=None, body="<p>Early update.</p>")
    page.clock.install()
    asked = []
    page.on("request", lambda r: "/posts/?since=" in r.url and asked.append(r))
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    interval = int(page.locator("#live-posts").get_attribute("data-live-interval")) * 1000
    assert 15_000 <= interval <= 20_000

    assert run_clock(page, asked, interval - 1_000) == 0
    assert run_clock(page, asked, 1_000) == 1
    # Nothing new: asked again with the answer's ETag (the browser shows the script its 304
    # as the stored 200; tests/public/test_live_stories.py holds the 304 itself).
    assert run_clock(page, asked, interval) == 2
    assert asked[1].all_headers().get("if-none-match") == asked[0].response().headers["etag"]

    set_visibility(page, "hidden")
    page.clock.run_for(5 * interval)
    assert run_clock(page, asked, 500) == 2
    # Back on the tab: it asks at once, then every interval again.
    set_visibility(page, "visible")
    assert run_clock(page, asked, 500) == 3
    assert run_clock(page, asked, interval) == 4
