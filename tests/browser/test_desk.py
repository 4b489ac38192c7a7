"""The desk in a real browser: a writer files a story, an editor sends it back, then runs it."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect
from taggit.models import Tag

from articles.models import Article, WorkflowEvent
from tests.browser.pages import log_in, pick
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    editor,
    jpeg_bytes,
    writer,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_writer_submits_editor_requests_changes_then_publishes(live_server, page):
    wanda = writer(username="wanda", first_name="Wanda", last_name="Hale")
    editor(username="edith", first_name="Edith", last_name="Keller")
    SectionFactory(name="Energy", slug="energy")
    AuthorFactory(name="Wanda Hale", slug="wanda-hale", user=wanda)
    ImageFactory(title="Substation at dusk")

    # The writer writes the story and submits it.
    log_in(page, live_server, "wanda")
    page.get_by_role("link", name="Write a story").click()
    page.get_by_label("Headline:").fill("Grid operator restores power to Kharkiv")
    page.get_by_label("Standfirst:").fill("Engineers worked through the night after the strike.")
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type("Power returned to most districts by dawn, the operator said.")
    pick(page, "id_section", "Energy")
    # The lead photo is uploaded in the chooser, described and given its focal point.
    page.get_by_role("button", name="Choose an image").click()
    dialog = page.get_by_role("dialog", name="Choose an image")
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": "grid-crew.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(1600, 900)}]
    )
    dialog.get_by_label("Alt text:").fill("Engineers repair a transformer at night")
    dialog.get_by_label("Credit:").fill("Wanda Hale/Meridian")
    page.wait_for_function("() => document.querySelector('[data-focal-picker] img').complete")
    picture = dialog.locator("[data-focal-picker] img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.7, "y": box["height"] * 0.3})
    dialog.get_by_role("button", name="Save and choose").click()
    expect(dialog).to_be_hidden()
    pick(page, "id_bylines-0-author", "Wanda Hale")
    page.get_by_role("button", name="Save draft").click()
    # Added by the form, or already made a draft by autosave on its headline: saved either way.
    expect(page.locator(".messagelist")).to_contain_text("successfully")
    expect(page.locator(".story-status")).to_contain_text("Draft")
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and submitted for review.")

    # The editor sends it back with a comment.
    log_in(page, live_server, "edith")
    review_queue = page.locator('[aria-labelledby="desk-review"]')
    review_queue.get_by_role("link", name="Grid operator restores power").click()
    page.get_by_label("Comment for the history").fill("Add the operator's outage figures.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and sent back")
    expect(page.locator("#workflow-history")).to_contain_text("Add the operator's outage figures.")
    # The writer is told by email (sent by the task worker, as in production). The page is
    # closed first: its presence and autosave requests must not share the test database's lock.
    page.goto("about:blank")
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=StringIO())
    told = [m for m in mail.outbox if "wanda@example.org" in [*m.to, *m.bcc]]
    assert told and "Add the operator's outage figures." in told[-1].body

    # The writer adds the figures and resubmits.
    log_in(page, live_server, "wanda")
    returned = page.locator('[aria-labelledby="desk-returned"]')
    expect(returned).to_contain_text("Changes requested")
    expect(returned).to_contain_text("Add the operator's outage figures.")
    returned.get_by_role("link", name="Grid operator restores power").click()
    expect(page.locator("#workflow-history")).to_contain_text("Add the operator's outage figures.")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" About 40,000 homes were still without power at noon.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and submitted for review.")

    # The editor approves and publishes it, and finds it on the home page.
    log_in(page, live_server, "edith")
    review_queue.get_by_role("link", name="Grid operator restores power").click()
    expect(page.locator(".story-panel")).to_contain_text("Ready to publish")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved and published.")
    page.goto(f"{live_server.url}/")
    headline = page.get_by_role("link", name="Grid operator restores power to Kharkiv").first
    expect(headline).to_be_visible()
    headline.click()
    expect(page).to_have_url(re.compile(r"/news/grid-operator-restores-power-to-kharkiv/$"))
    expect(page.locator(".story-body")).to_contain_text("About 40,000 homes")

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    photo = article.lead_image
    assert (photo.alt_text, photo.credit) == (
        "Engineers repair a transformer at night",
        "Wanda Hale/Meridian",
    )
    assert (photo.focal_x, photo.focal_y) == pytest.approx((0.7, 0.3), abs=0.01)
    assert [e.action for e in WorkflowEvent.objects.order_by("created_at", "id")] == [
        "create",
        "submit",
        "request_changes",
        "submit",
        "publish",
    ]


def test_the_tags_field_suggests_existing_tags_for_the_word_being_typed(live_server, page):
    Tag.objects.create(name="Winter outages", slug="winter-outages")
    Tag.objects.create(name="Energy", slug="energy")
    wanda = writer(username="wanda")
    draft = ArticleFactory(created_by=wanda)

    log_in(page, live_server, "wanda")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    page.locator("#id_tags").fill("Energy, win")

    # The suggestion keeps the tags already typed and completes the last one.
    expect(page.locator("#tag-suggestions option")).to_have_count(1)
    option = page.locator("#tag-suggestions option")
    assert option.get_attribute("value") == "Energy, Winter outages"


def test_editor_revokes_preview_links(live_server, page, phone_page):
    from tests.factories import ready_article

    editor(username="edith")
    article = ready_article(status=Article.Status.IN_REVIEW, title="Draft about the dam")
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    link = page.locator('.story-preview a[href*="/preview/"]')
    old_link = link.get_attribute("href")
    assert page.request.get(old_link).status == 200
    page.get_by_role("button", name="Revoke preview links").click()
    expect(page.locator(".messagelist")).to_contain_text("Preview links revoked")
    # The panel shows a new link that opens; the old one no longer does.
    new_link = link.get_attribute("href")
    assert new_link != old_link
    assert page.request.get(old_link).status == 404
    assert page.request.get(new_link).status == 200
