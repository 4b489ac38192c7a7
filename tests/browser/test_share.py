"""The Share button in a real browser: its menu, Copy link, the phone's share sheet, no JS."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import workflow
from tests.browser.pages import close_context
from tests.factories import ArticleFactory, AuthorFactory, editor
from tests.site import SITE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Grid operator restores power to Sosnivka"


@pytest.fixture
def story():
    return ArticleFactory(published=True, title=TITLE, slug="power-back", authors=[AuthorFactory()])


@pytest.fixture
def live_story():
    story = ArticleFactory(published=True, title="Storm Vira latest", slug="storm")
    workflow.start_coverage(story, by=editor(username="edith"))
    start = timezone.now() - timedelta(hours=2)
    for n in range(3):
        workflow.add_live_post(
            story,
            by=None,
            body=f"<p>Update {n}.</p>",
            headline=f"Ferries cancelled, update {n}",
            author=AuthorFactory(),
            published_at=start + timedelta(minutes=10 * n),
        )
    return story


def window(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_the_menu_opens_with_every_way_to_share(live_server, page, story):
    page.goto(f"{live_server.url}/news/power-back/")
    share = page.locator(".story-header details.share")
    menu = share.locator(".share-menu")
    expect(menu).to_be_hidden()
    share.get_by_text("Share").click()
    expect(menu).to_be_visible()
    links = {
        name: menu.get_by_role("link", name=name, exact=True)
        for name in ("Copy link", "X", "Facebook", "Telegram", "WhatsApp", "Email")
    }
    url = f"{SITE}/news/power-back/"
    expect(links["Copy link"]).to_have_attribute("href", url)
    shared = {}
    for name in ("X", "Facebook", "Telegram", "WhatsApp"):
        expect(links[name]).to_have_attribute("target", "_blank")
        expect(links[name]).to_have_attribute("rel", "noopener")
        shared[name] = parse_qs(urlsplit(links[name].get_attribute("href")).query)
    assert shared["X"] == {"text": [TITLE], "url": [url]}
    assert shared["Facebook"] == {"u": [url]}
    assert shared["Telegram"] == {"url": [url], "text": [TITLE]}
    assert shared["WhatsApp"] == {"text": [f"{TITLE} {url}"]}
    assert links["Email"].get_attribute("href") == (
        "mailto:?subject=Grid%20operator%20restores%20power%20to%20Sosnivka"
        "&body=https%3A%2F%2Fnews.example.org%2Fnews%2Fpower-back%2F"
    )
    # Escape closes it and gives the focus back to the button; so does a click elsewhere.
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    share.get_by_text("Share").click()
    page.locator("h1").click()
    expect(menu).to_be_hidden()


def test_copy_link_puts_the_address_on_the_clipboard_and_says_so(live_server, browser, story):
    context, page = window(browser, permissions=["clipboard-read", "clipboard-write"])
    try:
        page.goto(f"{live_server.url}/news/power-back/")
        share = page.locator(".story-header details.share")
        share.get_by_text("Share").click()
        share.get_by_role("link", name="Copy link").click()
        expect(share.get_by_role("status")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == f"{SITE}/news/power-back/"
        assert page.url == f"{live_server.url}/news/power-back/"  # the link was not followed
    finally:
        close_context(context)


def test_when_copying_is_refused_the_address_is_shown_to_copy(live_server, page, story):
    page.add_init_script(
        """
        Object.defineProperty(navigator, "clipboard", {value: {writeText: () =>
          Promise.reject(new DOMException("denied", "NotAllowedError"))}});
        document.execCommand = () => false;
        """
    )
    page.goto(f"{live_server.url}/news/power-back/")
    share = page.locator(".story-header details.share")
    share.get_by_text("Share").click()
    share.get_by_role("link", name="Copy link").click()
    field = share.get_by_role("textbox", name="Link to copy")
    expect(field).to_have_value(f"{SITE}/news/power-back/")
    expect(field).to_be_focused()


def test_where_the_browser_can_share_its_share_sheet_opens_instead(live_server, phone_page, story):
    page = phone_page
    page.add_init_script(
        """
        window.shared = [];
        navigator.share = (data) => { window.shared.push(data); return Promise.resolve(); };
        """
    )
    page.goto(f"{live_server.url}/news/power-back/")
    share = page.locator(".story-header details.share")
    share.get_by_text("Share").click()
    assert page.evaluate("window.shared") == [{"title": TITLE, "url": f"{SITE}/news/power-back/"}]
    expect(share.locator(".share-menu")).to_be_hidden()


def test_the_share_sheet_closed_by_the_reader_leaves_the_menu_shut(live_server, phone_page, story):
    page = phone_page
    page.add_init_script(
        'navigator.share = () => Promise.reject(new DOMException("closed", "AbortError"));'
    )
    page.goto(f"{live_server.url}/news/power-back/")
    share = page.locator(".story-header details.share")
    share.get_by_text("Share").click()
    page.wait_for_timeout(200)
    expect(share.locator(".share-menu")).to_be_hidden()


def test_without_javascript_the_menu_still_opens_and_its_links_work(live_server, browser, story):
    context, page = window(browser, java_script_enabled=False)
    try:
        page.goto(f"{live_server.url}/news/power-back/")
        share = page.locator(".story-header details.share")
        share.get_by_text("Share").click()
        expect(share.get_by_role("link", name="Telegram")).to_be_visible()
        expect(share.get_by_role("link", name="Copy link")).to_have_attribute(
            "href", f"{SITE}/news/power-back/"
        )
    finally:
        close_context(context)


def test_each_live_post_shares_its_own_address(live_server, page, live_story):
    page.add_init_script(
        """
        window.shared = [];
        navigator.share = (data) => { window.shared.push(data); return Promise.resolve(); };
        """
    )
    page.goto(f"{live_server.url}/news/storm/")
    posts = page.locator("#live-posts .live-post")
    expect(posts).to_have_count(3)
    newest = posts.first
    post_id = newest.get_attribute("id")
    assert post_id.startswith("post-")
    newest.locator("summary").click()
    assert page.evaluate("window.shared") == [
        {"title": "Ferries cancelled, update 2", "url": f"{SITE}/news/storm/#{post_id}"}
    ]
    assert page.locator(".story-header details.share").count() == 1  # and the story's own
