"""What the scripts write, in Ukrainian: the live News Feed's button and its "(Оновлено: …)",
Show more's announcement and the Share button's messages (static/js/script-text.js).

The site is served in Ukrainian as its only language (LANGUAGE_CODE), which needs no
language middleware."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.pages import close_context
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def in_ukrainian(settings):
    settings.LANGUAGE_CODE = "uk"
    settings.LIVE_FEED_POLL_SECONDS = 1


def publish(title, published_at, section):
    return ArticleFactory(
        title=title, section=section, status=Article.Status.PUBLISHED, published_at=published_at
    )


def test_the_live_news_feed_and_show_more_speak_ukrainian(live_server, page, in_ukrainian):
    section = SectionFactory(name="Світ", slug="world")
    now = timezone.now()
    for n in range(30):
        publish(f"Новина {n:02d}", now - timedelta(minutes=n + 1), section)
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")

    publish("Міст знову відкрили", timezone.now(), section)
    publish("Потяги ходять за розкладом", timezone.now(), section)
    notice = page.get_by_role("button", name="2 нові матеріали")
    expect(notice).to_be_visible()
    notice.click()
    expect(page.locator(".news-feed .updated")).to_have_text(
        re.compile(r"^\(Оновлено: \d\d:\d\d\)$")
    )

    page.get_by_role("navigation", name="Більше матеріалів").get_by_role(
        "link", name="Показати більше"
    ).click()
    expect(page.locator("#stories ~ [data-show-more-status]")).to_have_text("Завантажено ще 5.")


def test_share_says_in_ukrainian_what_it_did(live_server, browser, in_ukrainian):
    ArticleFactory(published=True, title="Світло повернули", slug="power-back")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/news/power-back/")
        share = page.locator(".story-header details.share")
        share.get_by_text("Поділитися").click()
        share.get_by_role("link", name="Копіювати посилання").click()
        expect(share.get_by_role("status")).to_have_text("Скопійовано")
    finally:
        close_context(context)


def test_when_copying_is_refused_the_address_is_offered_in_ukrainian(
    live_server, page, in_ukrainian
):
    ArticleFactory(published=True, title="Світло повернули", slug="power-back")
    page.add_init_script(
        """
        Object.defineProperty(navigator, "clipboard", {value: {writeText: () =>
          Promise.reject(new DOMException("denied", "NotAllowedError"))}});
        document.execCommand = () => false;
        """
    )
    page.goto(f"{live_server.url}/news/power-back/")
    share = page.locator(".story-header details.share")
    share.get_by_text("Поділитися").click()
    share.get_by_role("link", name="Копіювати посилання").click()
    expect(share.get_by_role("status")).to_contain_text("Скопіюйте посилання:")
    expect(share.get_by_role("textbox", name="Посилання для копіювання")).to_be_focused()
