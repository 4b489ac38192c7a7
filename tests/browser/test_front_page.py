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


def test_no_story_appears_twice_in_the_first_two_phone_screens(live_server, browser):
    stories = newsroom()
    FrontPageSlot.objects.create(
        slot="lead", article=stories[9], until=timezone.now() + timedelta(hours=2)
    )
    context = browser.new_context(viewport={"width": 390, "height": 1688}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/")
    # One entry per story shown (a card links its picture and its title to the same story).
    visible = phone.evaluate(
        """() => Array.from(document.querySelectorAll(
              'main :is(.lead-story, .card, .feed-items > li, .live-strip-posts > li)'))
            .filter(item => {
              const box = item.getBoundingClientRect();
              return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
            })
            .map(item => new URL(item.querySelector('a[href^="/news/"]').href).pathname)"""
    )
    context.close()
    assert len(visible) >= 8
    assert len(visible) == len(set(visible)), visible


def test_the_rails_show_more_continues_the_rail_in_place(live_server, page):
    newsroom(count=40)
    page.goto(f"{live_server.url}/")
    rail = page.locator(".news-feed .feed-items > li")
    shown = rail.count()
    page.get_by_role("navigation", name="More of the News Feed").get_by_role(
        "link", name="Show more"
    ).click()
    # Everything after the rail's last item, leaving out the five stories above the fold.
    expect(rail).to_have_count(40 - 5)
    assert shown == 12
    assert page.url == f"{live_server.url}/"
    titles = rail.all_inner_texts()
    assert len(titles) == len(set(titles))
