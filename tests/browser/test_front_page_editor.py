"""The front-page editor in the browser: a story dragged, or chosen by keyboard, into the lead
place is the lead on the public home page once saved; with two languages, the Ukrainian front
page is arranged on its own."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import FrontPageSlot
from public import reading
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, edition_of, editor

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


@pytest.fixture
def bilingual(two_languages, newsroom):
    """The newsroom's stories with Ukrainian editions, each half a minute newer."""
    return [
        edition_of(
            story,
            published=True,
            title=f"Новина номер {n:02d}",
            lead_image=story.lead_image,
            published_at=story.published_at + timedelta(seconds=30),
        )
        for n, story in enumerate(newsroom)
    ]


def test_the_keyboard_arranges_the_ukrainian_front_page(live_server, page, bilingual):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/front-page/")
    tabs = page.get_by_role("navigation", name="Which language's front page")
    expect(tabs.get_by_role("link", name="English")).to_have_attribute("aria-current", "page")
    tabs.get_by_role("link", name="Ukrainian").click()
    expect(tabs.get_by_role("link", name="Ukrainian")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Published stories in Ukrainian")).to_be_visible()
    lead = page.locator('[data-place="lead"]')
    expect(lead.locator(".lead-title")).to_have_text("Новина номер 00")  # its own newest
    lead.focus()
    page.keyboard.press("Enter")
    search = page.get_by_role("combobox", name="Find a published story by headline")
    search.fill("Story number")  # an English headline: not on the Ukrainian page
    expect(page.locator("[data-announce]")).to_have_text("0 published stories listed.")
    search.fill("номер")
    options = page.locator("[data-chooser-list] [role=option]")
    expect(options).to_have_count(12)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(lead.locator(".lead-title")).to_have_text("Новина номер 02")
    phone = page.frame_locator('iframe[title="Preview at phone width"]')
    expect(phone.locator(".lead-story .lead-title")).to_have_text("Новина номер 02")
    expect(phone.locator("#stories")).not_to_contain_text("Story number")
    page.get_by_role("button", name="Save the front page").click()
    expect(page.locator(".editor-messages")).to_contain_text(
        "is the lead story on the Ukrainian front page until"
    )
    assert page.url.endswith("/admin/front-page/?language=uk")
    assert reading.front_page(language="uk").lead.title == "Новина номер 02"
    assert reading.front_page().lead.title == "Story number 00"  # the English page's own
    assert list(FrontPageSlot.objects.values_list("language", "slot")) == [("uk", "lead")]
