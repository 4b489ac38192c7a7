from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def publish(title, published_at, section):
    return ArticleFactory(
        title=title, section=section, status=Article.Status.PUBLISHED, published_at=published_at
    )


def test_a_new_story_appears_via_the_live_feed_then_show_more_continues(
    live_server, page, settings
):
    settings.LIVE_FEED_POLL_SECONDS = 1
    section = SectionFactory(name="World", slug="world")
    now = timezone.now()
    for n in range(30):
        publish(f"Story number {n:02d}", now - timedelta(minutes=n + 1), section)

    page.goto(f"{live_server.url}/")
    cards = page.locator("#stories .card")
    expect(cards).to_have_count(20)  # the lead and four top stories sit above the grid
    notice = page.get_by_role("button", name="new story")
    expect(notice).to_be_hidden()

    publish("Breaking: bridge reopens", timezone.now(), section)

    expect(notice).to_have_text("1 new story")
    notice.click()
    expect(notice).to_be_hidden()
    expect(cards).to_have_count(21)
    expect(cards.first.locator(".card-title")).to_have_text("Breaking: bridge reopens")
    expect(cards.first.get_by_role("link", name="Breaking: bridge reopens")).to_be_focused()
    rail = page.locator(".news-feed .feed-items li")
    expect(rail.first).to_contain_text("Breaking: bridge reopens")

    page.get_by_role("navigation", name="More stories").get_by_role(
        "link", name="Show more"
    ).click()
    expect(cards).to_have_count(26)
    titles = page.locator("#stories .card-title").all_inner_texts()
    assert titles == ["Breaking: bridge reopens"] + [f"Story number {n:02d}" for n in range(5, 30)]


def test_search_from_the_header_then_show_more(live_server, page):
    section = SectionFactory(name="World", slug="world")
    now = timezone.now()
    for n in range(23):
        publish(f"Reservoir update {n:02d}", now - timedelta(minutes=n + 1), section)
    publish("Council meets", now, section)

    page.goto(f"{live_server.url}/")
    page.get_by_label("Search the site").fill("reservoir")
    page.get_by_label("Search the site").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “reservoir”")
    results = page.locator("#stories .card")
    expect(results).to_have_count(20)
    expect(results.first.locator("mark")).to_have_text("Reservoir")
    page.get_by_role("navigation", name="More stories").get_by_role(
        "link", name="Show more"
    ).click()
    expect(results).to_have_count(23)
    expect(page.get_by_role("link", name="Reservoir update 20")).to_be_focused()
    assert "Council meets" not in page.locator("#stories").inner_text()
