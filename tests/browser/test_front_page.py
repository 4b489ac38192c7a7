"""The front page in the browser: the editors' lead, its expiry, and nothing said twice."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import FrontPageSlot
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def newsroom(count=30, images=True):
    section = SectionFactory(name="World", slug="world")
    image = ImageFactory() if images else None
    now = timezone.now()
    return [
        ArticleFactory(
            published=True,
            title=f"Story number {n:02d}",
            section=section,
            lead_image=image if n % 3 else None,
            published_at=now - timedelta(minutes=30 * n + 1),
        )
        for n in range(count)
    ]


def test_the_lead_follows_the_editors_choice_and_falls_back_when_it_expires(live_server, page):
    stories = newsroom()
    chosen = stories[17]
    FrontPageSlot.objects.create(
        slot="lead", article=chosen, until=timezone.now() + timedelta(hours=2)
    )
    lead = page.locator(".lead-story .lead-title")

    page.goto(f"{live_server.url}/")
    expect(lead).to_have_text("Story number 17")
    # The chosen story is not repeated further down or in the rail.
    assert page.get_by_role("link", name="Story number 17").count() == 1

    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        page.reload()
        expect(lead).to_have_text("Story number 00")


# One entry per story the main column shows (a card links its picture and its title to the
# same story), with where it is on the page; the rail's lines only when asked for.
SHOWN = """(withRail) => Array.from(document.querySelectorAll(
      'main :is(.lead-story, .card, .list-row, .live-strip-posts > li' +
      (withRail ? ', .feed-items > li' : '') + ')'))
    .filter(item => item.getBoundingClientRect().height > 0)
    .map(item => ({
      top: item.getBoundingClientRect().top + window.scrollY,
      story: new URL(item.querySelector('a[href^="/news/"]').href).pathname,
    }))"""


def sectioned_newsroom(count=60):
    """Stories in three sections, two of them with blocks on the front page."""
    world = SectionFactory(name="World", slug="world", front_page_position=1)
    energy = SectionFactory(name="Energy", slug="energy", front_page_position=2)
    culture = SectionFactory(name="Culture", slug="culture")
    image = ImageFactory()
    now = timezone.now()
    return [
        ArticleFactory(
            published=True,
            title=f"Story number {n:02d}",
            section=(world, energy, culture)[n % 3],
            lead_image=image if n % 4 else None,
            published_at=now - timedelta(minutes=20 * n + 1),
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("width, height", [(390, 844), (1440, 900)])
def test_no_story_twice_in_the_first_two_screens(live_server, browser, width, height):
    stories = sectioned_newsroom()
    FrontPageSlot.objects.create(
        slot="lead", article=stories[9], until=timezone.now() + timedelta(hours=2)
    )
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 900
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    shown = page.evaluate(SHOWN, False)
    context.close()
    first_two = [item["story"] for item in shown if item["top"] < 2 * height]
    assert len(first_two) == len(set(first_two)), first_two
    second = [item for item in shown if height <= item["top"] < 2 * height]
    if width < 900:
        # Compact rows after the lead: at least five stories on the second phone screen.
        assert len(second) >= 5, second
    assert shown[0]["story"] == stories[9].get_absolute_url()


def test_the_rail_is_the_wire_newest_first(live_server, page):
    stories = sectioned_newsroom(30)
    FrontPageSlot.objects.create(
        slot="lead", article=stories[9], until=timezone.now() + timedelta(hours=2)
    )
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/")
    rail = page.locator(".news-feed .feed-items > li a")
    expect(rail.first).to_have_text("Story number 00")
    assert rail.all_inner_texts() == [f"Story number {n:02d}" for n in range(12)]
    newest = timezone.localtime(stories[0].published_at).strftime("%H:%M")
    expect(page.locator(".news-feed .updated")).to_contain_text(newest)


def test_the_phone_news_feed_tab_shows_more_and_moves_focus(live_server, phone_page):
    sectioned_newsroom(50)
    phone_page.goto(f"{live_server.url}/")
    rail = phone_page.locator(".news-feed .feed-items > li")
    expect(rail.first).to_be_hidden()  # the front page's tab first
    tabs = phone_page.get_by_role("navigation", name="Front page or News Feed")
    tabs.get_by_role("link", name="News Feed").click()
    expect(phone_page.locator(".lead-story")).to_be_hidden()
    expect(rail).to_have_count(12)
    phone_page.get_by_role("navigation", name="More of the News Feed").get_by_role(
        "link", name="Show more"
    ).click()
    expect(rail).to_have_count(42)
    # Every loaded item is shown, and focus is on the first new one.
    assert all(item.is_visible() for item in rail.all())
    expect(rail.nth(12).locator("a")).to_be_focused()
    expect(rail.nth(12)).to_be_in_viewport()


@pytest.mark.parametrize("width, height", [(390, 844), (1440, 900)])
def test_back_after_show_more_returns_to_the_same_place(live_server, browser, width, height):
    newsroom(count=60)
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 900
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    cards = page.locator("#stories .card")
    first_page = cards.count()
    page.get_by_role("navigation", name="More stories").get_by_role(
        "link", name="Show more"
    ).click()
    expect(cards).to_have_count(first_page + 20)
    assert page.url == f"{live_server.url}/"  # the address stays the page's own
    chosen = cards.nth(first_page + 10).locator(".card-title a")
    title = chosen.inner_text()
    chosen.scroll_into_view_if_needed()
    top_before = chosen.bounding_box()["y"]
    chosen.click()
    expect(page.locator("h1")).to_have_text(title)
    page.go_back()
    expect(cards).to_have_count(first_page + 20)
    back = page.locator("#stories .card-title a", has_text=title)
    expect(back).to_be_in_viewport()
    assert abs(back.bounding_box()["y"] - top_before) < 5
    # The list goes on from where it was.
    page.get_by_role("navigation", name="More stories").get_by_role(
        "link", name="Show more"
    ).click()
    expect(cards).to_have_count(60 - 5)  # every story but the five above the grid
    titles = page.locator("#stories .card-title").all_inner_texts()
    assert len(titles) == len(set(titles))
    context.close()
