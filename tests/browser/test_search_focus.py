"""Search from the header: on a phone the icon opens a page ready to type in."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stories():
    return ArticleFactory.create_batch(3, published=True, title="Grid operator restores power")


def test_the_phone_search_icon_opens_the_search_field_focused(live_server, phone_page, stories):
    phone_page.goto(f"{live_server.url}/")
    expect(phone_page.locator(".site-search")).to_be_hidden()  # no room for the box on a phone
    phone_page.get_by_role("link", name="Search").click()
    phone_page.wait_for_url("**/search/")
    expect(phone_page.get_by_role("searchbox", name="Search stories")).to_be_focused()


def test_results_keep_the_focus_where_a_page_starts(live_server, phone_page, stories):
    """With a query the reader came to read results, not to type: no field takes the focus."""
    phone_page.goto(f"{live_server.url}/search/?q=grid")
    expect(phone_page.locator(".card")).to_have_count(3)
    assert phone_page.evaluate("document.activeElement === document.body")


@pytest.mark.parametrize("width", [601, 700, 820])
def test_between_phone_and_desktop_the_search_box_stays_beside_the_name(
    live_server, browser, stories, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        brand = page.locator(".masthead .brand").bounding_box()
        box = page.locator(".site-search").bounding_box()
        assert box["y"] < brand["y"] + brand["height"]  # on the name's line, not under it
        assert box["x"] + box["width"] <= width
    finally:
        context.close()
