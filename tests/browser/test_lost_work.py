"""Nothing typed is lost, in a real browser: a desk comment posted mid-sentence, a reload before
the autosave, two editors saving the same story, and a restore on a published story."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, DeskComment, WorkingCopy
from tests.browser.pages import RULES, log_in
from tests.factories import ArticleFactory, editor, ready_article, writer

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


def test_a_reload_mid_typing_offers_the_newest_text(live_server, page):
    olena = writer(username="olena")
    draft = ArticleFactory(created_by=olena, body="<p>Power returned by dawn.</p>")
    log_in(page, live_server, "olena")
    page.goto(live_server.url + change_path(draft))
    type_at_end(page, " Crews worked through the night.")
    expect(page.locator("#story-saved")).to_contain_text("Autosaved", timeout=15_000)
    # The last words have no autosave yet, and the beacon sent as the page goes lands only
    # after the new page was made (in the newsroom; here: never).
    page.add_init_script("navigator.sendBeacon = () => true")
    page.evaluate("navigator.sendBeacon = () => true")
    page.keyboard.type(" Two table rows: Kharkiv 40,000; Sumy 12,000.")
    page.reload()

    offer = page.locator("#story-restore")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("You have unsaved changes from")
    offer.get_by_role("link", name="Restore").click()
    expect(page.locator(BODY)).to_contain_text(
        "Crews worked through the night. Two table rows: Kharkiv 40,000; Sumy 12,000."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert "Kharkiv 40,000; Sumy 12,000." in draft.body
    assert not WorkingCopy.objects.exists()


def test_typing_on_beside_an_offer_never_overwrites_the_unsaved_text(live_server, page):
    olena = writer(username="olena")
    draft = ArticleFactory(created_by=olena, body="<p>Power returned by dawn.</p>")
    log_in(page, live_server, "olena")
    page.goto(live_server.url + change_path(draft))
    type_at_end(page, " A named spokeswoman said so.")
    expect(page.locator("#story-saved")).to_contain_text("Autosaved", timeout=15_000)

    # Opened again (another tab, tomorrow): the offer stands, and she types on without it.
    page.goto(live_server.url + change_path(draft))
    expect(page.locator("#story-restore")).to_be_visible()
    type_at_end(page, " Typed without restoring.")
    expect(page.locator("#story-saved")).to_contain_text(
        "Not autosaved: restore or discard", timeout=15_000
    )
    copy = WorkingCopy.objects.get(article=draft)
    assert "A named spokeswoman said so." in copy.data["body"]
    assert "Typed without restoring" not in copy.data["body"]
    # Discarding it (in place, no reload) lets this page's text be autosaved.
    page.locator("#story-restore").get_by_role("button", name="Discard").click()
    expect(page.locator("#story-restore")).to_be_hidden()
    expect(page.locator("#story-saved")).to_contain_text("Autosaved", timeout=15_000)
    assert "Typed without restoring." in WorkingCopy.objects.get(article=draft).data["body"]


def two_editors(live_server, page, other_window):
    marta = editor(username="marta", first_name="Marta", last_name="Ivanenko")
    editor(username="edith", first_name="Edith", last_name="Keller")
    story = ready_article(
        status=Article.Status.IN_REVIEW,
        title="Metro reopens after repairs",
        body="<p>Trains run again.</p><p>The mayor visited.</p><p>Fares are unchanged.</p>",
    )
    # Saved once through the desk, so the version both start from is kept as a revision.
    workflow.save_article(story, by=marta, expected_version=story.version)
    log_in(page, live_server, "edith")
    page.goto(live_server.url + change_path(story))
    log_in(other_window, live_server, "marta")
    other_window.goto(live_server.url + change_path(story))
    return story


def test_a_second_save_lands_in_both_versions_and_keeps_both(live_server, page, other_window):
    story = two_editors(live_server, page, other_window)
    # Edith adds to the last paragraph; Marta rewrites the first and saves first.
    type_at_end(page, " Monthly passes too.")
    other_window.locator(BODY).locator("p").first.click()
    other_window.keyboard.press("End")
    other_window.keyboard.type(" every six minutes")
    other_window.get_by_role("button", name="Save", exact=True).click()
    expect(other_window.locator(".messagelist")).to_contain_text("was changed successfully")

    page.get_by_role("button", name="Save", exact=True).click()
    view = page.locator("#story-conflict")
    expect(view).to_contain_text("Marta Ivanenko saved this story at")
    # Her paragraph and Marta's, each beside the other side's version of it.
    first, last = view.locator("fieldset.conflict-choice").all()
    expect(first.locator(".conflict-mine")).to_contain_text("Trains run again.")
    expect(first.locator(".conflict-theirs")).to_contain_text("Trains run again. every six minutes")
    expect(first).to_contain_text("Marta Ivanenko changed this")
    expect(last.locator(".conflict-mine")).to_contain_text(
        "Fares are unchanged. Monthly passes too."
    )
    expect(last).to_contain_text("you changed this")
    found = Axe().run(page, context={"include": [["#story-conflict"]]}, options=RULES)
    problems = [
        f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found.response["violations"]
    ]
    assert problems == []
    # Her form still holds her text below the view: nothing was thrown away.
    expect(page.locator(BODY)).to_contain_text("Monthly passes too.")
    story.refresh_from_db()
    assert "Monthly passes" not in story.body  # refused: nothing overwritten
    # The next heartbeat hears of Marta's version: the view already shows it, no second notice.
    with page.expect_response(lambda response: "/presence/" in response.url):
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.locator("#story-elsewhere")).to_be_hidden()

    # Each change starts on the side that made it: keeping both needs no choice.
    view.get_by_role("button", name="Put these in the form").click()
    expect(page.locator(".messagelist")).to_contain_text("Your choices are in the form")
    expect(page.locator(BODY)).to_contain_text("Trains run again. every six minutes")
    expect(page.locator(BODY)).to_contain_text("Fares are unchanged. Monthly passes too.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert "every six minutes" in story.body and "Monthly passes too." in story.body


def test_words_typed_after_comparing_are_compared_again_not_left_behind(
    live_server, page, other_window
):
    story = two_editors(live_server, page, other_window)
    type_at_end(page, " Monthly passes too.")
    other_window.get_by_label("Headline:").fill("Metro line reopens after repairs")
    other_window.get_by_role("button", name="Save", exact=True).click()
    expect(other_window.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("button", name="Save", exact=True).click()
    view = page.locator("#story-conflict")
    expect(view).to_contain_text("Marta Ivanenko saved this story at")

    # She writes on below the view, then takes the choices before any autosave.
    type_at_end(page, " Night buses too.")
    view.get_by_role("button", name="Put these in the form").click()
    expect(view).to_contain_text("You typed on since you compared")
    expect(view.locator(".conflict-mine", has_text="Night buses too.")).to_have_count(1)
    view.get_by_role("button", name="Put these in the form").click()
    expect(page.locator(".messagelist")).to_contain_text("Your choices are in the form")
    expect(page.get_by_label("Headline:")).to_have_value("Metro line reopens after repairs")
    expect(page.locator(BODY)).to_contain_text("Monthly passes too. Night buses too.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert story.title == "Metro line reopens after repairs"
    assert "Monthly passes too. Night buses too." in story.body


def test_the_form_says_at_once_when_someone_else_saves(live_server, page, other_window):
    story = two_editors(live_server, page, other_window)
    mark_the_page(page)
    page.get_by_label("Headline:").fill("Metro reopens, trains every six minutes")
    type_at_end(page, " Monthly passes too.")
    other_window.get_by_label("Headline:").fill("Metro line reopens after repairs")
    other_window.get_by_role("button", name="Save", exact=True).click()
    expect(other_window.locator(".messagelist")).to_contain_text("was changed successfully")

    notice = page.locator("#story-elsewhere")
    expect(notice).to_contain_text("Marta Ivanenko saved this story at", timeout=8_000)
    notice.get_by_role("button", name="Compare with yours").click()
    view = page.locator("#story-conflict")
    headline = view.locator("fieldset", has_text="Headline")
    expect(headline.locator(".conflict-mine")).to_contain_text("trains every six minutes")
    expect(headline.locator(".conflict-theirs")).to_contain_text("Metro line reopens")
    expect(headline).to_contain_text("you both changed this")
    assert same_page(page)  # compared in place
    expect(notice).to_be_hidden()  # said once: the view now says it
    expect(page.locator(BODY)).to_contain_text("Monthly passes too.")

    headline.get_by_label("Keep theirs").check()
    view.get_by_role("button", name="Put these in the form").click()
    expect(page.get_by_label("Headline:")).to_have_value("Metro line reopens after repairs")
    expect(page.locator(BODY)).to_contain_text("Fares are unchanged. Monthly passes too.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert story.title == "Metro line reopens after repairs"
    assert "Monthly passes too." in story.body


def test_a_colleague_who_leaves_fades_within_seconds(live_server, page, other_window):
    two_editors(live_server, page, other_window)
    presence = page.locator("#story-presence")
    expect(presence).to_contain_text("Marta Ivanenko is editing this story.", timeout=8_000)
    other_window.goto("about:blank")  # she leaves: her page checks out as it goes
    expect(presence).to_be_hidden(timeout=8_000)


def test_restore_on_a_published_story_asks_and_readers_see_nothing_until_update(live_server, page):
    edith = editor(username="edith")
    story = ready_article(published=True, title="Budget passes", body="<p>Old figures.</p>")
    workflow.save_article(story, by=edith, expected_version=story.version)
    story.body = "<p>New figures: 31 to 12.</p>"
    workflow.save_article(story, by=edith, expected_version=story.version)
    old = story.revisions.order_by("created_at").first()
    public = live_server.url + story.get_absolute_url()

    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/revisions/")
    page.get_by_role("row", name=f"Compare from version {old.version}").get_by_role(
        "link", name="Restore…"
    ).click()
    confirm = page.locator(".restore-confirm")
    expect(confirm).to_contain_text(f"Restore version {old.version}?")
    expect(confirm).to_contain_text("readers keep seeing the story as it is now")
    diff = page.locator(".story-diff")
    # What restoring changes: the current words go, the old ones come back.
    expect(diff.locator("del", has_text="31 to 12")).to_have_count(1)
    expect(diff.locator("ins", has_text="Old")).to_have_count(1)
    assert "New figures" in page.request.get(public).text()  # asking changed nothing

    confirm.get_by_role("button", name=f"Open version {old.version} in the form").click()
    expect(page.locator(BODY)).to_contain_text("Old figures.")
    story.refresh_from_db()
    assert story.body == "<p>New figures: 31 to 12.</p>"
    assert "New figures" in page.request.get(public).text()  # readers: unchanged

    page.get_by_role("button", name="Update", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert story.body == "<p>Old figures.</p>" and story.status == Article.Status.PUBLISHED
    assert "Old figures." in page.request.get(public).text()
