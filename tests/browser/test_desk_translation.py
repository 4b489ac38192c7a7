"""Translating in a real browser: an editor translates a published story into Ukrainian and
publishes the edition, reads it at /uk/… and switches language from it; then changes the
English text, finds the edition stale on the translation board and on its form, with what
changed, and marks it up to date."""

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article
from tests.browser.pages import log_in
from tests.factories import AuthorFactory, editor, ready_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_translates_a_story_then_finds_it_stale_after_an_english_edit(
    live_server, page, two_languages
):
    edith = editor(username="edith", first_name="Edith", last_name="Keller")
    AuthorFactory(name="Edith Keller", user=edith)
    story = ready_article(
        title="Metro reopens after repairs",
        dek="Trains run every six minutes again.",
        body="<p>The red line reopened at dawn.</p>",
        published=True,
    )
    workflow.save_article(story, by=edith, expected_version=story.version)

    # The editor translates the published story from its form.
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    expect(page.locator("#story-language")).to_have_text("English")
    page.get_by_role("button", name="Translate into Ukrainian").click()
    expect(page.locator(".messagelist")).to_contain_text("The Ukrainian edition is started")
    expect(page.locator("#story-language")).to_have_text("Ukrainian")
    languages = page.locator(".story-editions")
    expect(languages).to_contain_text("translated from the English edition")
    expect(page.get_by_label("Headline:")).to_have_value("Metro reopens after repairs")

    # They write the Ukrainian over the English and publish the edition.
    page.get_by_label("Headline:").fill("Метро знову працює після ремонту")
    page.get_by_label("Standfirst:").fill("Потяги знову ходять кожні шість хвилин.")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Червона лінія відкрилася на світанку.")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and published.")
    edition = Article.objects.get(language="uk")
    assert edition.status == Article.Status.PUBLISHED
    assert edition.title == "Метро знову працює після ремонту"
    assert "Червона лінія" in edition.body and "red line" not in edition.body
    assert edition.get_absolute_url().startswith("/uk/news/")
    expect(page.locator("#source-changes")).to_have_count(0)
    edition_form = page.url

    # Readers find it at its Ukrainian address, in Ukrainian, and switch to the English.
    page.goto(f"{live_server.url}{edition.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text("Метро знову працює після ремонту")
    switcher = page.get_by_role("navigation", name="Мова")
    expect(switcher.locator('[aria-current="true"]')).to_have_text("Українська")
    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Metro reopens after repairs")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Українська").click()
    expect(page).to_have_url(f"{live_server.url}{edition.get_absolute_url()}")
    page.goto(edition_form)

    # The English story's form links its edition; its text changes.
    page.locator(".story-editions").get_by_role("link", name="English edition", exact=True).click()
    expect(page.locator(".story-editions")).to_contain_text("Published")
    page.get_by_label("Headline:").fill("Metro reopens after two months of repairs")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    # The board shows the Ukrainian edition stale; its link opens the changes on its form.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Translations").click()
    row = page.locator("tr", has_text="Metro reopens after two months of repairs")
    expect(row.locator('[data-language="uk"]')).to_contain_text("Published")
    row.get_by_role("link", name="Ukrainian edition stale: see what changed").click()
    notice = page.locator("#source-changes")
    expect(notice).to_contain_text("The English text has changed since this edition")
    expect(notice.locator(".story-diff ins")).to_have_text("two months of ")
    expect(notice.locator(".story-diff")).to_be_visible()

    # Once the Ukrainian says it too, the editor marks the edition up to date.
    page.get_by_label("Headline:").fill("Метро знову працює після двох місяців ремонту")
    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    page.get_by_role("button", name="Mark as up to date").click()
    expect(page.locator(".messagelist")).to_contain_text("Marked up to date")
    expect(page.locator("#source-changes")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/articles/article/translations/?state=stale")
    expect(page.locator(".desk-empty")).to_contain_text("No edition is stale")
