import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_show_more_appends_next_chunk_in_place_and_moves_focus(live_server, page):
    section = SectionFactory(name="World", slug="world")
    now = timezone.now()
    for n in range(45):
        ArticleFactory(
            section=section,
            title=f"Story number {n:02d}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
    page.goto(f"{live_server.url}/sections/world/")
    cards = page.locator("#stories .card")
    assert cards.count() == 20
    more = page.get_by_role("navigation", name="More stories").get_by_role("link", name="Show more")
    more.click()
    expect(cards).to_have_count(40)
    # Same page, not a navigation; focus is on the first new story, and the address stays the
    # page's own (history.state keeps what was loaded, for Back).
    expect(page.get_by_role("link", name="Story number 20")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/sections/world/$"))
    more.click()
    expect(cards).to_have_count(45)
    assert page.locator("#stories ~ nav a[data-show-more]").count() == 0
    titles = page.locator("#stories .card-title").all_inner_texts()
    assert titles == [f"Story number {n:02d}" for n in range(45)]
    page.reload()  # a reload is the page afresh
    reloaded = page.locator("#stories .card-title").all_inner_texts()
    assert reloaded == [f"Story number {n:02d}" for n in range(20)]
