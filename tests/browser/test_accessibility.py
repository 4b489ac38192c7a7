"""axe-core (WCAG 2.1 A and AA, and best practices) finds nothing on any kind of public page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import RULES
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site():
    section = SectionFactory(name="Energy", slug="energy")
    author = AuthorFactory(name="Marta Kovalenko", slug="marta", avatar=ImageFactory())
    stories = [
        ArticleFactory(
            published=True,
            title=f"Grid operator restores power, update {n}",
            section=section,
            authors=[author],
            lead_image=ImageFactory(),
            tags=["Energy grid"],
        )
        for n in range(24)
    ]
    return {
        "home": "/",
        "article": stories[0].get_absolute_url(),
        "section": "/sections/energy/",
        "tag": "/tags/energy-grid/",
        "author": "/authors/marta/",
        "search": "/search/?q=grid",
        "not found": "/nope/",
    }


def violations(page):
    found = Axe().run(page, options=RULES).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}" for v in found]


@pytest.mark.parametrize(
    "viewport, scheme",
    [((1366, 900), "light"), ((390, 844), "light"), ((1366, 900), "dark")],
    ids=["desktop", "phone", "dark"],
)
def test_public_pages_have_no_accessibility_violations(
    live_server, browser, site, viewport, scheme
):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    try:
        problems = {}
        for name, path in site.items():
            page.goto(f"{live_server.url}{path}")
            if found := violations(page):
                problems[name] = found
        assert problems == {}
    finally:
        context.close()
