"""The front-page editor in the browser: a story dragged, or chosen by keyboard, into the lead
place is the lead on the public home page once saved."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import ArticleFactory, ImageFactory, SectionFactory, editor

from .test_desk import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom():
    editor(username="edith")
    section = SectionFactory(name="World", slug="world")
    image = ImageFactory()
    now = timezone.now()
    stories = [
        ArticleFactory(
            published=True,
            title=f"Story number {n:02d}",
            section=section,
            lead_image=image,
            published_at=now - timedelta(minutes=30 * n + 1),
        )
        for n in range(12)
    ]
    ArticleFactory(title="A draft about the dam", section=section)
    return stories


def lead_on_the_home_page(page, live_server):
    page.context.clear_cookies()  # as a reader
    page.goto(f"{live_server.url}/")
    return page.locator(".lead-story .lead-title").inner_text()


def test_a_story_dragged_into_the_lead_place_leads_the_home_page(live_server, page, newsroom):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/front-page/")
    page.get_by_label("Find by headline").fill("number 09")
    story = page.locator("[data-results] li", has_text="Story number 09")
    expect(story).to_have_count(1)
    story.drag_to(page.locator('[data-place="lead"]'))
    lead = page.locator('[data-place="lead"]')
    expect(lead.locator(".lead-title")).to_have_text("Story number 09")
    expect(lead.locator(".place-hold")).to_contain_text("Held until")
    expect(page.locator("[data-announce]")).to_contain_text("placed as the lead story")
    page.get_by_role("button", name="Save the front page").click()
    expect(page.locator(".editor-messages")).to_contain_text("is the lead story until")
    assert lead_on_the_home_page(page, live_server) == "Story number 09"


def test_the_keyboard_places_a_story_and_the_search_offers_no_drafts(live_server, page, newsroom):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/front-page/")
    page.locator('[data-place="lead"]').focus()
    page.keyboard.press("Enter")
    search = page.get_by_role("combobox", name="Find a published story by headline")
    expect(search).to_be_focused()
    search.fill("dam")
    expect(page.locator("[data-chooser-list] [role=option]")).to_have_count(0)  # a draft
    search.fill("Story number")
    options = page.locator("[data-chooser-list] [role=option]")
    expect(options).to_have_count(12)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(options.nth(2)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    lead = page.locator('[data-place="lead"]')
    expect(lead.locator(".lead-title")).to_have_text("Story number 02")
    expect(lead).to_be_focused()
    expect(page.locator("[data-announce]")).to_have_text(
        "“Story number 02” placed as the lead story. Not saved yet."
    )
    # The phone preview shows the unsaved arrangement.
    phone = page.frame_locator('iframe[title="Preview at phone width"]')
    expect(phone.locator(".lead-story .lead-title")).to_have_text("Story number 02")
    page.get_by_role("button", name="Save the front page").click()
    expect(page.locator(".editor-messages")).to_contain_text("is the lead story until")
    assert lead_on_the_home_page(page, live_server) == "Story number 02"
