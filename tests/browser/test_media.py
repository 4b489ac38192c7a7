import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from media.models import Image
from tests.factories import ArticleFactory, ImageFactory, UserFactory, jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    UserFactory(username="desk", is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


def marker_centre(page):
    """The focal marker's centre and the picture's rendered box, in page pixels."""
    return page.evaluate(
        """() => {
            const picker = document.querySelector("[data-focal-picker]");
            const m = picker.querySelector(".focal-marker").getBoundingClientRect();
            const i = picker.querySelector("img").getBoundingClientRect();
            return {x: m.left + m.width / 2, y: m.top + m.height / 2,
                    left: i.left, top: i.top, width: i.width, height: i.height};
        }"""
    )


@pytest.mark.parametrize(("width", "height"), [(1600, 900), (900, 1600)])
def test_focal_marker_sits_where_the_values_say(live_server, page, width, height):
    # A landscape preview is 800 px wide, shown at most 640: the marker used to be placed
    # against an 800 px box (63% across at 0.5). Any aspect ratio must be exact.
    image = ImageFactory(
        title="Harbour",
        file=ContentFile(jpeg_bytes(width, height), name="harbour.jpg"),
        focal_x=0.3,
        focal_y=0.6,
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/media/image/{image.pk}/change/")
    picture = page.locator("[data-focal-picker] img")
    expect(picture).to_be_visible()
    page.wait_for_function("() => document.querySelector('[data-focal-picker] img').complete")
    box = marker_centre(page)
    assert box["x"] == pytest.approx(box["left"] + 0.3 * box["width"], abs=2)
    assert box["y"] == pytest.approx(box["top"] + 0.6 * box["height"], abs=2)

    picture.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.25})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.8, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.25, abs=0.01)
    box = marker_centre(page)
    assert box["x"] == pytest.approx(box["left"] + 0.8 * box["width"], abs=2)
    assert box["y"] == pytest.approx(box["top"] + 0.25 * box["height"], abs=2)

    # Typing a value moves the marker too.
    page.fill("#id_focal_x", "0.5")
    box = marker_centre(page)
    assert box["x"] == pytest.approx(box["left"] + 0.5 * box["width"], abs=2)


def test_click_on_the_picture_sets_the_focal_point(live_server, page):
    image = ImageFactory(title="Harbour")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/media/image/{image.pk}/change/")
    picture = page.locator("[data-focal-picker] img")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.25, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.75, abs=0.01)
    # Arrow keys move it too, for editors who do not use a mouse.
    page.locator("[data-focal-picker]").press("ArrowRight")
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.27, abs=0.01)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == pytest.approx((0.27, 0.75), abs=0.01)


def test_lead_image_loads_as_avif_without_layout_shift(live_server, page):
    story = ArticleFactory(published=True, lead_image=ImageFactory())
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    img = page.locator(".lead-image img")
    expect(img).to_be_visible()
    page.wait_for_function("() => document.querySelector('.lead-image img').complete")
    current = img.evaluate("i => i.currentSrc")
    assert current.endswith(".avif")
    assert img.evaluate("i => i.naturalWidth") > 0
    # The 16:9 set (AVIF, WebP, JPEG at one size for a small original) and the share JPEG.
    assert Image.objects.get().renditions.count() == 4
