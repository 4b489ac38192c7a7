"""The image chooser on a story's form: upload in place, describe, set the focal point, choose."""

import pytest
from playwright.sync_api import expect

from media.models import Image
from tests.factories import ImageFactory, jpeg_bytes, writer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_be_visible()


def test_writer_uploads_describes_and_chooses_a_lead_image(live_server, page):
    writer(username="wanda")
    ImageFactory(title="Substation at dusk")
    log_in(page, live_server, "wanda")
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    choose = page.get_by_role("button", name="Choose an image")
    choose.click()
    dialog = page.get_by_role("dialog", name="Choose an image")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Substation at dusk")).to_be_visible()
    expect(dialog.get_by_label("Search the library")).to_be_focused()

    dialog.locator("input[type=file]").set_input_files(
        files=[
            {"name": "tram-depot.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(1600, 900)}
        ]
    )
    expect(dialog.get_by_role("heading", name="Describe the new image")).to_be_visible()
    expect(dialog.get_by_label("Title:")).to_have_value("Tram depot")
    dialog.get_by_label("Alt text:").fill("Trams parked in a depot under snow")
    dialog.get_by_label("Caption:").fill("The depot on the left bank, after the storm.")
    dialog.get_by_label("Credit:").fill("Olena Marchenko/Meridian")

    picture = dialog.locator("[data-focal-picker] img")
    page.wait_for_function("() => document.querySelector('[data-focal-picker] img').complete")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.4})
    marker = dialog.locator(".focal-marker").bounding_box()
    assert marker["x"] + marker["width"] / 2 == pytest.approx(box["x"] + box["width"] * 0.25, abs=2)
    assert marker["y"] + marker["height"] / 2 == pytest.approx(
        box["y"] + box["height"] * 0.4, abs=2
    )
    dialog.get_by_role("button", name="Save and choose").click()

    expect(dialog).to_be_hidden()
    image = Image.objects.get(title="Tram depot")
    expect(page.locator("#id_lead_image")).to_have_value(str(image.pk))
    field = page.locator("[data-image-chooser]")
    expect(field.locator("img.icf-thumb")).to_be_visible()
    expect(field).to_contain_text("Trams parked in a depot under snow")
    expect(field).to_contain_text("Olena Marchenko/Meridian")
    # The thumbnail really loads (a broken image would stay at width 0).
    page.wait_for_function(
        "() => document.querySelector('[data-image-chooser] img.icf-thumb').naturalWidth > 0"
    )
    # Focus is back where the writer was, on the button that now says "Change".
    expect(page.get_by_role("button", name="Change")).to_be_focused()

    assert image.alt_text == "Trams parked in a depot under snow"
    assert image.credit == "Olena Marchenko/Meridian"
    assert image.caption == "The depot on the left bank, after the storm."
    assert (image.focal_x, image.focal_y) == pytest.approx((0.25, 0.4), abs=0.01)
    assert image.uploaded_by.username == "wanda"


def test_search_choose_clear_and_escape(live_server, page):
    writer(username="wanda")
    ImageFactory(title="Substation at dusk", credit="")
    for number in range(30):
        ImageFactory(title=f"Archive picture {number}")
    log_in(page, live_server, "wanda")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.get_by_role("button", name="Choose an image").click()
    dialog = page.get_by_role("dialog", name="Choose an image")

    # A page of 24, then the rest on "Load more", focus on the first new one.
    expect(dialog.locator("[data-ic-choose]")).to_have_count(24)
    dialog.get_by_role("link", name="Load more images").click()
    expect(dialog.locator("[data-ic-choose]")).to_have_count(31)
    expect(dialog.locator("[data-ic-choose]").nth(24)).to_be_focused()

    # Escape closes it, choosing nothing; focus goes back to the button.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Choose an image")).to_be_focused()
    expect(page.locator("#id_lead_image")).to_have_value("")

    page.get_by_role("button", name="Choose an image").click()
    dialog.get_by_label("Search the library").fill("substation")
    expect(dialog.locator("[data-ic-choose]")).to_have_count(1)
    dialog.get_by_role("button", name="Substation at dusk").click()
    field = page.locator("[data-image-chooser]")
    expect(field).to_contain_text("Substation at dusk")
    expect(field.locator("[data-chooser-credit]")).to_have_text("missing")

    page.get_by_role("button", name="Clear").click()
    expect(page.locator("#id_lead_image")).to_have_value("")
    expect(field).to_contain_text("No image chosen.")


def drop(page, target, name, data: bytes, mime="image/jpeg"):
    """Drop a file on `target` as a browser does when one is dragged from the desktop."""
    transfer = page.evaluate_handle(
        """([name, bytes, mime]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: mime}));
            return transfer;
        }""",
        [name, list(data), mime],
    )
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})


def test_dropped_files_are_checked_like_the_library_does(live_server, page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    writer(username="wanda")
    existing = ImageFactory(title="Substation at dusk")
    log_in(page, live_server, "wanda")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.get_by_role("button", name="Choose an image").click()
    dialog = page.get_by_role("dialog", name="Choose an image")
    zone = dialog.locator("[data-ic-drop]")

    drop(page, zone, "notes.jpg", b"not a picture at all")
    expect(dialog.get_by_role("alert")).to_contain_text("is not a JPEG, PNG, WebP, GIF or AVIF")
    assert Image.objects.count() == 1

    # The same file again: the chooser offers the image already in the library.
    existing.file.open("rb")
    drop(page, dialog.locator("[data-ic-drop]"), "again.jpg", existing.file.read())
    expect(dialog.get_by_role("alert")).to_contain_text('already in the library as "Substation')
    dialog.locator(".ic-duplicate").get_by_role("button", name="Substation at dusk").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_lead_image")).to_have_value(str(existing.pk))
    assert Image.objects.count() == 1
    # Nothing the page does breaks its Content-Security-Policy (no inline scripts or handlers).
    assert not [text for text in problems if "Content Security Policy" in text]
