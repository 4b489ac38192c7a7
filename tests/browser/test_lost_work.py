"""Nothing typed is lost, in a real browser."""

import pytest
from playwright.sync_api import expect

from articles.models import DeskComment
from tests.browser.pages import log_in
from tests.factories import ArticleFactory, writer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = ".ProseMirror[contenteditable=true]"


def change_path(article):
    return f"/admin/articles/article/{article.pk}/change/"


def type_at_end(page, text):
    page.locator(BODY).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def mark_the_page(page):
    """A mark that only this very page carries: gone if the page reloads."""
    page.evaluate("window.stillThisPage = true")


def same_page(page) -> bool:
    return page.evaluate("window.stillThisPage === true")


def test_a_comment_posted_while_typing_keeps_the_text_and_the_page(live_server, page):
    olena = writer(username="olena", first_name="Olena", last_name="Marchenko")
    draft = ArticleFactory(created_by=olena, body="<p>Power returned by dawn.</p>")
    log_in(page, live_server, "olena")
    page.goto(live_server.url + change_path(draft))
    mark_the_page(page)
    type_at_end(page, " The spokeswoman, Iryna Koval, said")

    page.get_by_label("New comment").fill("Editor: can we name the spokeswoman?")
    page.get_by_role("button", name="Comment", exact=True).click()
    thread = page.locator("#desk-comments article.desk-comment")
    expect(thread).to_have_count(1)
    expect(thread).to_contain_text("Editor: can we name the spokeswoman?")
    expect(page.get_by_label("New comment")).to_have_value("")
    # A reply goes into its thread, the same way.
    thread.locator("summary", has_text="Reply").click()
    thread.get_by_label("Reply to Olena Marchenko").fill("Yes, she is on record.")
    thread.get_by_role("button", name="Reply").click()
    expect(thread.locator(".desk-reply")).to_contain_text("Yes, she is on record.")

    assert same_page(page)  # no reload
    expect(page.locator(BODY)).to_contain_text("The spokeswoman, Iryna Koval, said")
    type_at_end(page, " the lines were repaired.")  # and she writes on
    expect(page.locator(BODY)).to_contain_text("Iryna Koval, said the lines were repaired.")
    assert DeskComment.objects.filter(article=draft).count() == 2
    # An empty comment is refused in place; nothing typed anywhere is touched.
    page.get_by_label("New comment").fill("   ")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator(".desk-comment-form [role=alert]")).to_have_text("Write a comment first.")
    assert same_page(page)
    expect(page.locator(BODY)).to_contain_text("said the lines were repaired.")
