"""The story form in a real browser: nothing typed is lost, new stories become drafts on their
headline, the primary action stays in view, bylines move into order."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, WorkingCopy
from tests.browser.pages import log_in
from tests.factories import ArticleFactory, AuthorFactory, writer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def change_path(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_a_tab_closed_mid_typing_gives_the_text_back(live_server, page):
    olena = writer(username="olena", first_name="Olena", last_name="Marchenko")
    draft = ArticleFactory(created_by=olena, body="<p>Power returned by dawn.</p>")

    log_in(page, live_server, "olena")
    page.goto(live_server.url + change_path(draft))
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Crews worked through the night.")
    expect(page.locator("#story-saved")).to_contain_text("Autosaved", timeout=15_000)
    page.keyboard.type(" And then the tab cra")
    context = page.context
    page.close()  # no save, no warning: the tab is simply gone

    draft.refresh_from_db()
    assert "Crews worked" not in draft.body and draft.version == 1  # the story is untouched
    assert WorkingCopy.objects.filter(article=draft, user=olena).exists()

    page = context.new_page()
    page.goto(live_server.url + change_path(draft))
    offer = page.locator("#story-restore")
    expect(offer).to_contain_text("You have unsaved changes from")
    offer.get_by_role("link", name="Restore").click()
    body = page.locator(".ProseMirror[contenteditable=true]")
    expect(body).to_contain_text("Power returned by dawn. Crews worked through the night.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert "Crews worked through the night." in draft.body
    assert not WorkingCopy.objects.exists()


def test_a_new_story_becomes_a_draft_on_its_headline(live_server, page):
    writer(username="olena")
    log_in(page, live_server, "olena")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_label("Headline:").fill("Metro reopens after repairs")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Trains run every six minutes again.")
    expect(page).to_have_url(re.compile(r"/admin/articles/article/\d+/change/$"), timeout=15_000)
    article = Article.objects.get()
    assert (article.title, article.status) == ("Metro reopens after repairs", "draft")
    # Saving now goes to that draft, never a second story.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.count() == 1
    assert "Trains run every six minutes again." in Article.objects.get().body


def test_the_primary_action_stays_in_view_while_the_story_scrolls(live_server, page):
    olena = writer(username="olena")
    long_body = "".join(f"<p>Paragraph {n} of a long story.</p>" for n in range(80))
    draft = ArticleFactory(created_by=olena, body=long_body)
    log_in(page, live_server, "olena")
    page.goto(live_server.url + change_path(draft))
    editor_box = page.locator(".ProseMirror[contenteditable=true]").bounding_box()
    assert editor_box["height"] >= 0.6 * 900  # the body fills the screen
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(200)
    button = page.get_by_role("button", name="Submit for review")
    box = button.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900


def test_bylines_move_into_order_with_the_handle(live_server, page):
    olena = writer(username="olena")
    first, second = AuthorFactory(name="Anna First"), AuthorFactory(name="Boris Second")
    draft = ArticleFactory(created_by=olena, authors=[first, second])
    log_in(page, live_server, "olena")
    page.goto(live_server.url + change_path(draft))
    page.locator("#bylines-0 .byline-handle").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    names = [b.author.name for b in draft.bylines.order_by("position", "id")]
    assert names == ["Boris Second", "Anna First"]
