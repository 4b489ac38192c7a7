import pytest
from playwright.sync_api import expect

from media.models import Image
from tests.factories import ArticleFactory, ImageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    UserFactory(username="desk", is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


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
    marker = page.locator(".focal-marker")
    assert marker.evaluate("m => m.style.left").startswith("25")
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
