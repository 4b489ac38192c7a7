"""On a phone every small link is a target of at least 24×24 CSS px (WCAG 2.2, 2.5.8)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMUM = 24
# What each page is checked for: the small links readers tap.
TARGETS = {
    "home": [".card .kicker a", ".lead-story .kicker a", ".site-footer a"],
    "story": [".story-header .kicker a", ".tags a", ".bylines a", ".read-more"],
    "live": [".key-events a", ".live-post-meta a", ".live-post-header summary"],
}


@pytest.fixture
def site():
    section = SectionFactory(name="Energy", slug="energy")
    author = AuthorFactory(name="Marta Kovalenko")
    now = timezone.now()
    stories = [
        ArticleFactory(
            published=True,
            published_at=now - timedelta(hours=n + 1),
            section=section,
            authors=[author],
            tags=["Energy grid", "Winter"],
        )
        for n in range(8)
    ]
    live = ArticleFactory(published=True, section=section, authors=[author], slug="storm")
    workflow.start_coverage(live, by=editor(username="edith"))
    for n in range(4):
        workflow.add_live_post(
            live,
            by=None,
            body=f"<p>Update {n}.</p>",
            headline=f"Ferries cancelled {n}",
            is_key_event=True,
            author=author,
            published_at=now - timedelta(minutes=50 - 10 * n),
        )
    return {"home": "/", "story": stories[0].get_absolute_url(), "live": "/news/storm/"}


def small_targets(page, selector) -> list[str]:
    boxes = page.locator(selector).evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect();"
        " return [el.textContent.trim(), r.width, r.height]; })"
    )
    assert boxes, f"nothing matches {selector}"
    return [
        f"{selector} {text!r}: {width:.0f}×{height:.0f}"
        for text, width, height in boxes
        if width < MINIMUM or height < MINIMUM
    ]


def test_small_links_are_at_least_24_px_on_a_phone(live_server, phone_page, site):
    too_small = []
    for name, selectors in TARGETS.items():
        phone_page.goto(f"{live_server.url}{site[name]}")
        for selector in selectors:
            too_small += small_targets(phone_page, selector)
    assert too_small == []


def test_the_taller_kicker_moves_nothing(live_server, phone_page, site):
    """The band that makes a kicker tappable is taken back: the headline under it stays put."""
    phone_page.goto(f"{live_server.url}{site['story']}")
    kicker = phone_page.locator(".story-header .kicker")
    link = kicker.locator("a")
    assert link.bounding_box()["height"] >= MINIMUM
    assert kicker.bounding_box()["height"] < MINIMUM
