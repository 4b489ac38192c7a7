"""Review on the desk in a real browser: the checklist ticks as the story is written, and the
editor's change request stands at the top of the writer's form until it is resubmitted."""

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article
from tests.browser.pages import log_in, pick
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    editor,
    ready_article,
    writer,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick(page, label):
    return page.locator(".story-checklist li", has_text=label)


def expect_ticked(page, label, done=True):
    item = tick(page, label)
    expect(item).to_have_class("done" if done else "todo")
    expect(item).to_contain_text(": done" if done else ": missing")


def test_the_checklist_ticks_as_the_writer_types_before_any_save(live_server, page):
    olena = writer(username="olena", first_name="Olena", last_name="Marchenko")
    AuthorFactory(name="Olena Marchenko", user=olena)
    log_in(page, live_server, "olena")
    page.goto(live_server.url + "/admin/articles/article/add/")
    for label in ("Headline", "Standfirst", "Body text"):
        expect_ticked(page, label, done=False)
    expect_ticked(page, "A byline")  # the writer's own, already on a new story

    page.get_by_label("Headline:").fill("Metro reopens after repairs")
    expect_ticked(page, "Headline")
    page.get_by_label("Standfirst:").fill("Trains run every six minutes again.")
    expect_ticked(page, "Standfirst")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("The red line reopened at dawn.")
    expect_ticked(page, "Body text")
    # A headline typed away is missing again; nothing was saved for any of it.
    page.get_by_label("Headline:").fill("")
    expect_ticked(page, "Headline", done=False)
    assert not Article.objects.filter(title="Metro reopens after repairs").exists()


def test_the_checklist_ticks_a_section_a_picture_and_its_credit_as_they_are_chosen(
    live_server, page
):
    olena = writer(username="olena")
    SectionFactory(name="Transport")
    ImageFactory(title="Red line platform", credit="")
    ImageFactory(title="Depot at dawn", credit="Olena Marchenko/Meridian")
    draft = ArticleFactory(created_by=olena, section=None, lead_image=None)
    log_in(page, live_server, "olena")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    expect_ticked(page, "Section", done=False)
    pick(page, "id_section", "Transport")
    expect_ticked(page, "Section")

    page.get_by_role("button", name="Choose an image").click()
    dialog = page.get_by_role("dialog", name="Choose an image")
    dialog.get_by_role("button", name="Red line platform").click()
    expect_ticked(page, "Lead image")
    expect_ticked(page, "Alt text on the image")
    expect_ticked(page, "Credit on the image", done=False)  # the library has none for it
    page.get_by_role("button", name="Change").click()
    dialog.get_by_role("button", name="Depot at dawn").click()
    expect_ticked(page, "Credit on the image")
    page.get_by_role("button", name="Clear").click()
    expect_ticked(page, "Lead image", done=False)
    expect_ticked(page, "Credit on the image", done=False)


def test_ready_to_publish_appears_when_the_last_item_is_ticked(live_server, page):
    editor(username="edith")
    article = ready_article(status=Article.Status.IN_REVIEW, dek="")
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    ready = page.locator("[data-checklist-ready]")
    expect(ready).to_be_hidden()
    page.get_by_label("Standfirst:").fill("Trains run every six minutes again.")
    expect(ready).to_be_visible()


def test_the_change_request_stands_above_the_writers_story_until_it_is_resubmitted(
    live_server, page
):
    wanda = writer(username="wanda", first_name="Wanda", last_name="Hale")
    editor(username="edith", first_name="Edith", last_name="Keller")
    article = ready_article(status=Article.Status.DRAFT, created_by=wanda, title="Dam repairs")
    workflow.submit(article, by=wanda)

    # The editor sends it back from the story's page.
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Comment for the history").fill("Name the spokeswoman and add the table.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and sent back")

    # The writer opens it: the request is the first thing on the form, in view.
    log_in(page, live_server, "wanda")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    request = page.locator("#story-change-request")
    expect(request).to_be_visible()
    expect(request).to_contain_text("Edith Keller requested changes")
    expect(request).to_contain_text("Name the spokeswoman and add the table.")
    headline = page.get_by_label("Headline:").bounding_box()
    box = request.bounding_box()
    assert box["y"] + box["height"] <= headline["y"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900
    # It stays while the writer works (a save keeps it), then goes once resubmitted.
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Olena Petrenko, a spokeswoman, confirmed it.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(request).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and submitted for review.")
    expect(page.locator("#story-change-request")).to_have_count(0)
    expect(page.locator("#workflow-history")).to_contain_text(
        "Edith Keller requested changes: Name the spokeswoman and add the table."
    )


def test_on_a_phone_the_story_actions_stay_above_the_body_tools(live_server, phone_page):
    """On a phone the story's actions are a bar fixed at the bottom of the screen; the body
    editor's tools stick to the top of the text as it scrolls by, and once drew over the bar:
    the editor's "Request changes" could not be tapped after the comment was typed."""
    editor(username="edith")
    story = ready_article(
        status=Article.Status.IN_REVIEW,
        title="Island ferry sails again after the storm that tore its pier, with extra crossings"
        " for the school run and the hospital",
        dek="The islands' only ferry is back eleven days after the storm. " * 3,
    )
    page = phone_page
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.get_by_label("Comment for the history").fill("Name the operator.")
    button = page.get_by_role("button", name="Request changes")
    # The body editor draws its tools once its script has run (later on a busy machine).
    expect(page.locator(".story-main .prose-menubar:not(:empty)")).to_be_visible()
    expect(button).to_be_visible()
    # Scroll until the body's tool bar lies across the button, as it does when the text
    # passes under the action bar.
    page.evaluate(
        """() => {
            const tools = document.querySelector('.story-main .prose-menubar');
            const button = [...document.querySelectorAll('.story-actions button')]
                .find(b => b.textContent.trim() === 'Request changes');
            const gap = tools.getBoundingClientRect().top - button.getBoundingClientRect().top;
            window.scrollBy(0, gap + 10);
        }"""
    )
    tools = page.locator(".story-main .prose-menubar").bounding_box()
    box = button.bounding_box()
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    assert tools["y"] < centre[1] < tools["y"] + tools["height"]  # they do cross
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.story-actions') !== null", centre
    )
    assert on_top
    button.click(timeout=5000)
    expect(page.locator(".story-status")).to_contain_text("Draft")
