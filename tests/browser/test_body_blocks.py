"""Story blocks in a real browser: readers on phone and desktop, and the desk's editor."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from demo.content import BLOCK_STORIES
from tests.browser.pages import PASSWORD, log_in
from tests.factories import ArticleFactory, ImageFactory, editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYER = "https://www.youtube-nocookie.com/embed/"


@pytest.fixture
def demo_stories():
    call_command("seed_demo", articles=3, stdout=StringIO())
    return [Article.objects.get(slug=story["slug"]) for story in BLOCK_STORIES]


def record_requests(page) -> list[str]:
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    # Players are stubbed: the test checks what the page asks for, never the real provider.
    page.route("https://**/*", lambda route: route.fulfill(body="<p>player</p>"))
    return requests


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_block_renders_and_nothing_third_party_loads_before_a_click(
    live_server, browser, demo_stories, viewport
):
    phone = viewport == "phone"
    context = browser.new_context(
        viewport={"width": 390, "height": 844} if phone else {"width": 1366, "height": 900},
        is_mobile=phone,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    requests = record_requests(page)
    own_host = urlsplit(live_server.url).netloc
    photo_story, gallery_story = demo_stories

    page.goto(f"{live_server.url}{photo_story.get_absolute_url()}")
    body = page.locator(".story-body")
    expect(body.locator(".block-image")).to_have_count(3)
    expect(body.locator(".block-image figcaption .credit").first).to_be_visible()
    expect(body.locator(".block-table caption")).to_have_text("Repairs at Sosnivka, by unit")
    expect(body.locator(".block-pullquote blockquote")).to_be_visible()
    expect(body.locator(".block-related a")).to_have_attribute(
        "href", gallery_story.get_absolute_url()
    )

    page.goto(f"{live_server.url}{gallery_story.get_absolute_url()}")
    expect(body.locator(".block-callout li")).to_have_count(4)
    slides = body.locator(".gallery-slide")
    expect(slides).to_have_count(5)
    expect(slides.first.locator("img")).to_be_visible()
    # The next button moves the list on by a photo (scroll-snap keeps it aligned).
    track = body.locator(".gallery-track")
    body.locator("[data-gallery-next]").click()
    for _ in range(40):
        if track.evaluate("el => el.scrollLeft") > 100:
            break
        page.wait_for_timeout(50)
    assert track.evaluate("el => el.scrollLeft") > 100
    video = body.locator(".block-embed.embed-youtube")
    expect(video.locator("img")).to_be_visible()  # our copy of the thumbnail
    expect(body.locator(".block-embed.embed-telegram .embed-open")).to_have_attribute(
        "href", "https://t.me/meridian_news/4821"
    )
    page.wait_for_load_state("networkidle")
    foreign = [url for url in requests if urlsplit(url).netloc != own_host]
    assert foreign == [], foreign

    video.locator(".embed-open").click()
    frame = video.locator("iframe")
    expect(frame).to_have_attribute("src", f"{PLAYER}Mer1dian0k4?autoplay=1")
    page.wait_for_load_state("networkidle")
    assert any(url.startswith(PLAYER) for url in requests)
    context.close()


def test_embed_link_works_without_javascript(live_server, browser, demo_stories):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{demo_stories[1].get_absolute_url()}")
    link = page.locator(".embed-youtube .embed-open")
    expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=Mer1dian0k4")
    expect(page.locator("iframe")).to_have_count(0)
    context.close()


EDITOR_READY = """
window.__editors = [];
document.addEventListener("prose-editor:ready", (e) => window.__editors.push(e.detail.editor));
"""


def test_the_desk_editor_writes_and_keeps_every_block(live_server, page):
    editor(username="edith", password=PASSWORD)
    image, other = ImageFactory(), ArticleFactory(published=True)
    body = (
        '<p>Opening.</p><figure data-block="gallery"><figure data-image="1"><figcaption>One'
        '</figcaption></figure></figure><aside data-block="callout"><p>Key developments</p>'
        '<ul><li><p>First</p></li></ul></aside><aside data-block="pullquote"><p>Words.</p>'
        "<cite>Mayor</cite></aside>"
        '<table data-caption="Turnout"><tbody><tr><th><p>Region</p></th></tr>'
        "<tr><td><p>Kyiv</p></td></tr></tbody></table><hr>"
    )
    story = ArticleFactory(body=body)
    page.add_init_script(EDITOR_READY)
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.wait_for_function("() => window.__editors.length > 0")
    expect(page.locator(".ProseMirror .bb")).to_have_count(2)  # gallery, pull quote
    page.evaluate(
        """([image, story]) => {
            // What the menu's buttons insert once their dialogs are answered.
            const editor = window.__editors[0];
            editor.commands.insertContentAt(editor.state.doc.content.size, [
              {type: "bodyImage", attrs: {image: String(image), width: "wide", caption: "At dawn"}},
              {type: "embed", attrs: {provider: "vimeo", url: "https://vimeo.com/76979871"}},
              {type: "relatedStory", attrs: {article: String(story)}},
            ]);
        }""",
        [image.pk, other.pk],
    )
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    # What was there is kept as stored; what was added is in the stored format.
    assert story.body.startswith(body)
    assert (
        f'<figure data-block="image" data-image="{image.pk}" data-width="wide">'
        "<figcaption>At dawn</figcaption></figure>" in story.body
    )
    assert 'data-provider="vimeo" data-url="https://vimeo.com/76979871"' in story.body
    assert f'<aside data-block="related" data-article="{other.pk}"></aside>' in story.body


def test_a_divider_above_a_related_story_is_one_rule_and_its_kicker_reads_as_a_cards(
    live_server, page
):
    other = ArticleFactory(published=True, title="A week on the grid")
    story = ArticleFactory(
        published=True,
        body=f'<p>Residents wait.</p><hr><aside data-block="related" data-article="{other.pk}">'
        "</aside>",
    )
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    related = page.locator(".story-body hr + .block-related")
    expect(related).to_contain_text("A week on the grid")
    style = "(element, property) => getComputedStyle(element)[property]"
    assert page.locator(".story-body hr").evaluate(style, "borderTopWidth") == "1px"
    assert related.evaluate(style, "borderTopWidth") == "0px"
    card_font = page.locator(".story-header .kicker").evaluate(style, "fontFamily")
    assert related.locator(".kicker").evaluate(style, "fontFamily") == card_font
