"""A Cyrillic headline is set in the headline serif, not in a fallback."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CYRILLIC = "source-serif-4-headline-cyrillic.woff2"
# The page's "Source Serif 4" faces that are loaded, as the browser reports them.
LOADED_FACES = """async () => {
  await document.fonts.ready;
  return [...document.fonts]
    .filter(face => face.family.replace(/"/g, "") === "Source Serif 4" && face.status === "loaded")
    .map(face => face.unicodeRange);
}"""


def test_a_cyrillic_headline_loads_the_cyrillic_face(live_server, page):
    ArticleFactory(published=True, slug="kyiv", title="Київ готується до зими: ґрати й щити")
    fonts = []
    page.on("response", lambda r: fonts.append((r.url, r.status)) if "/fonts/" in r.url else None)
    page.goto(f"{live_server.url}/news/kyiv/")
    expect(page.locator("h1")).to_have_text("Київ готується до зими: ґрати й щити")
    loaded = page.evaluate(LOADED_FACES)
    assert any("U+400-45F" in ranges.upper() for ranges in loaded), loaded
    assert [status for url, status in fonts if url.endswith(CYRILLIC)] == [200]


def test_a_latin_page_never_fetches_the_cyrillic_face(live_server, page):
    ArticleFactory(published=True, slug="grid", title="Grid operator restores power")
    fonts = []
    page.on(
        "request", lambda request: fonts.append(request.url) if "/fonts/" in request.url else None
    )
    page.goto(f"{live_server.url}/news/grid/")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    assert fonts and not [url for url in fonts if url.endswith(CYRILLIC)]
