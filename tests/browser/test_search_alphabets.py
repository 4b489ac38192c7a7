"""A reader searches in Cyrillic from the header, in whatever case they type."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("typed", ["київ", "КИЇВ"])
def test_a_cyrillic_search_from_the_header_finds_the_story(live_server, page, typed):
    # Was "No stories match" on the embedded setup: SQLite's LIKE folded ASCII letters only.
    ArticleFactory(published=True, title="Київ готується до зими", slug="kyiv-winter")
    ArticleFactory(published=True, title="Grid operator restores power")
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox", name="Search the site").fill(typed)
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.locator(".card")).to_have_count(1)
    card = page.locator(".card").first
    expect(card.locator("mark")).to_have_text("Київ")
    card.get_by_role("link", name="Київ готується до зими").click()
    page.wait_for_url("**/news/kyiv-winter/")
