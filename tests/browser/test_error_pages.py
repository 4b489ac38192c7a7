import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_lost_on_a_404_finds_the_way_home(live_server, phone_page):
    section = SectionFactory(name="Politics", slug="politics")
    ArticleFactory(published=True, section=section, title="Parliament passes the budget")

    response = phone_page.goto(f"{live_server.url}/news/no-such-story/")
    assert response.status == 404
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(phone_page.get_by_role("link", name="Parliament passes the budget")).to_be_visible()
    phone_page.get_by_role("link", name="Go to the News Feed").click()
    expect(phone_page).to_have_url(f"{live_server.url}/")


def test_article_with_structured_data_loads_without_console_errors(live_server, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    story = ArticleFactory(
        published=True,
        title="Kyiv restores power",
        authors=[AuthorFactory()],
        lead_image=ImageFactory(),
        tags=["Energy"],
    )
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyiv restores power")
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(2)
    assert errors == []
