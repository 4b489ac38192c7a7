"""A story on paper: every gallery photo, embeds as their addresses, none of the site's chrome."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from demo.content import BLOCK_STORIES, VIDEO_URL
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pictures_story():
    """The demo's pictures story: a gallery of five, a YouTube video and a Telegram post."""
    call_command("seed_demo", articles=3, stdout=StringIO())
    return Article.objects.get(slug=BLOCK_STORIES[1]["slug"])


@pytest.mark.parametrize("viewport", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_printed_story_shows_every_photo_and_embeds_as_addresses(
    live_server, browser, pictures_story, viewport
):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{pictures_story.get_absolute_url()}")
        page.emulate_media(media="print")
        column = page.locator(".story-body").bounding_box()

        photos = page.locator(".block-gallery .gallery-slide img")
        expect(photos).to_have_count(5)
        boxes = [photos.nth(n).bounding_box() for n in range(5)]
        for box in boxes:
            assert box["x"] == pytest.approx(column["x"], abs=1)  # at the column's width,
            assert box["width"] == pytest.approx(column["width"], abs=1)
        for above, below in zip(boxes, boxes[1:], strict=False):  # one under another
            assert below["y"] >= above["y"] + above["height"]
        for n in range(5):
            expect(page.locator(".gallery-count").nth(n)).to_be_visible()
        page.pdf()  # printing loads the photos that were waiting to be scrolled to
        assert photos.evaluate_all("imgs => imgs.map(img => img.naturalWidth > 0)") == [True] * 5

        video = page.locator(".block-embed.embed-youtube")
        expect(video.locator(".embed-frame")).to_be_hidden()  # no thumbnail, no play button
        # What is printed (innerText leaves out what CSS hides): where to find it, no more.
        assert video.locator(".embed-source").inner_text() == f"YouTube: {VIDEO_URL}"
        telegram = page.locator(".block-embed.embed-telegram .embed-source")
        assert telegram.inner_text() == "Telegram: https://t.me/meridian_news/4821"

        for chrome in (
            ".rail",
            ".site-nav",
            ".site-search",
            ".share",
            ".site-footer",
            ".more-stories",
        ):
            for n in range(page.locator(chrome).count()):
                expect(page.locator(chrome).nth(n)).to_be_hidden()
        expect(page.locator(".lead-image img")).to_be_visible()
        expect(page.locator(".lead-image figcaption .credit")).to_be_visible()
    finally:
        context.close()


def test_links_in_the_printed_text_are_followed_by_their_address(live_server, page):
    ArticleFactory(
        published=True,
        slug="linked",
        body='<p>Read <a href="https://example.org/report">the report</a> first.</p>',
    )
    page.goto(f"{live_server.url}/news/linked/")
    page.emulate_media(media="print")
    after = page.locator(".story-body a").evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (https://example.org/report)"'
