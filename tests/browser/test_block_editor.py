"""The story body's editor in a real browser: blocks drawn as readers see them, made from the
toolbar and the image chooser, moved with the mouse and the keyboard, kept across a reload."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles import blocks, embeds
from articles.models import Article, LivePost
from articles.workflow import add_live_post, start_coverage
from tests.browser.pages import PASSWORD, RULES, log_in
from tests.factories import ArticleFactory, ImageFactory, editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def change_url(live_server, story):
    return f"{live_server.url}/admin/articles/article/{story.pk}/change/"


def body_editor(page):
    return page.locator(".tiptap.ProseMirror")


def photos(count):
    return [
        ImageFactory(
            title=f"Harbour {n}",
            caption=f"Boats at dawn, number {n}.",
            credit=f"Photographer {n}/Meridian",
        )
        for n in range(count)
    ]


def tile_ids(page):
    return page.locator(".bb--gallery .bb-tile").evaluate_all(
        "tiles => tiles.map(t => Number(t.dataset.image))"
    )


def loaded(locator):
    """Every picture in `locator` has arrived (a grey box is not a picture)."""
    locator.evaluate_all("imgs => Promise.all(imgs.map(i => i.decode()))")
    return locator.evaluate_all("imgs => imgs.map(i => i.naturalWidth)")


@pytest.fixture
def offline(monkeypatch):
    """The providers cannot be reached: no test reaches the network."""

    def fetch(url, *, limit):
        raise embeds.FetchError("<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(embeds, "fetch", fetch)


def test_blocks_are_made_from_the_toolbar_drawn_as_readers_see_them_and_kept(
    live_server, page, offline
):
    editor(username="edith", password=PASSWORD)
    harbour = photos(4)
    story = ArticleFactory(title="Blocks", body="<p>Opening.</p>")
    log_in(page, live_server, "edith")
    page.goto(change_url(live_server, story))
    text = body_editor(page)
    text.locator("p").first.click()
    page.keyboard.press("End")

    # A picture: chosen in the library, drawn with its caption and credit.
    page.get_by_role("button", name="Picture from the library").click()
    chooser = page.get_by_role("dialog", name="Choose an image")
    chooser.get_by_role("button", name=re.compile(r"^Harbour 0\b")).click()
    picture = text.locator(".bb--picture")
    expect(picture.locator("img")).to_have_attribute(
        "src", re.compile(rf"/admin/media/image/{harbour[0].pk}/preview/")
    )
    expect(picture.locator(".bb-caption")).to_have_text(
        "Boats at dawn, number 0. (Photographer 0/Meridian)"
    )

    # A gallery of three, chosen in order in the chooser, then put in another order.
    expect(picture).to_have_class(re.compile("is-selected"))  # the next block goes after it
    expect(picture).to_have_class(re.compile("is-selected"))  # the next block goes after it
    page.get_by_role("button", name="Gallery: choose photos in the library").click()
    chooser = page.get_by_role("dialog", name="Choose photos for the gallery")
    for n in (1, 2, 3):
        chooser.get_by_role("button", name=re.compile(rf"^Harbour {n}\b")).click()
    expect(chooser.get_by_role("status").last).to_contain_text("3 photos chosen")
    chooser.get_by_role("button", name="Add 3 photos").click()
    expect(chooser).to_be_hidden()
    one, two, three = (image.pk for image in harbour[1:])
    expect(text.locator(".bb--gallery .bb-tile")).to_have_count(3)
    assert tile_ids(page) == [one, two, three]
    tiles = text.locator(".bb--gallery .bb-tile")
    assert all(width > 0 for width in loaded(tiles.locator("img")))
    # The third dropped on the left half of the first goes before it.
    tiles.nth(2).drag_to(tiles.nth(0), target_position={"x": 8, "y": 40})
    assert tile_ids(page) == [three, one, two]
    # And by keyboard: the first photo one place later.
    text.get_by_role("button", name="Move photo 1 later").focus()
    page.keyboard.press("Enter")
    assert tile_ids(page) == [one, three, two]
    expect(text.get_by_role("button", name="Move photo 2 later")).to_be_focused()

    # An embed, a pull quote and a table.
    form = page.locator("dialog.prose-editor-dialog[open]")
    page.get_by_role("button", name="Embed a post or video").click()
    form.get_by_label("Address of the post or video").fill(VIDEO)
    form.get_by_label("Caption", exact=True).fill("The switch-over, filmed by the crew.")
    form.get_by_role("button", name="Insert", exact=True).click()
    expect(text.locator(".bb--embed .bb-embed-source")).to_have_text(f"YouTube: {VIDEO}")
    page.get_by_role("button", name="Pull quote: words set large").click()
    form.get_by_label("Quoted words").fill("We are fixing whether people can stay.")
    form.get_by_label("Who said them").fill("Petro Holub, crew chief")
    form.get_by_role("button", name="Save", exact=True).click()
    expect(text.locator(".bb--pullquote figcaption")).to_have_text("Petro Holub, crew chief")
    page.get_by_role("button", name="Table (the first row can be its header)").click()
    form.get_by_label("A header row").select_option("Yes")
    form.get_by_label("Rows under it").fill("1")
    form.get_by_label("Columns").fill("2")
    form.get_by_role("button", name="Insert the table").click()
    page.keyboard.type("Region")
    for words in ("Turnout", "Kyiv", "61%"):
        page.keyboard.press("Tab")
        page.keyboard.type(words)

    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    # The provider was out of reach: said quietly, in words, and the story saved.
    expect(page.locator(".messagelist .info")).to_contain_text(
        "We could not fetch a preview of this video from YouTube"
    )
    expect(page.locator(".messagelist")).not_to_contain_text("urlopen")

    # Stored as articles/blocks.py reads it.
    story.refresh_from_db()
    read = blocks.read(story.body)
    assert [type(block).__name__ for block in read] == [
        "Html",
        "ImageBlock",
        "GalleryBlock",
        "EmbedBlock",
        "PullQuoteBlock",
        "TableBlock",
    ]
    assert read[1].image_id == harbour[0].pk and read[1].width == "column"
    assert [item.image_id for item in read[2].items] == [one, three, two]
    assert (read[3].provider, read[3].url, read[3].caption) == (
        "youtube",
        VIDEO,
        "The switch-over, filmed by the crew.",
    )
    assert (read[4].text, read[4].attribution) == (
        "We are fixing whether people can stay.",
        "Petro Holub, crew chief",
    )
    assert [cell.html for cell in read[5].header] == ["Region", "Turnout"]
    assert [[cell.html for cell in row] for row in read[5].rows] == [["Kyiv", "61%"]]

    # After a reload every block is drawn again from what the page brought: no grey strips,
    # no request per block.
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.reload()
    text = body_editor(page)
    expect(text.locator(".bb")).to_have_count(4)
    assert all(width > 0 for width in loaded(text.locator(".bb--picture img")))
    expect(text.locator(".bb--picture .bb-caption")).to_have_text(
        "Boats at dawn, number 0. (Photographer 0/Meridian)"
    )
    assert tile_ids(page) == [one, three, two]
    assert all(width > 0 for width in loaded(text.locator(".bb--gallery img")))
    expect(text.locator(".bb--gallery .bb-credit")).to_have_text(
        ["(Photographer 1/Meridian)", "(Photographer 3/Meridian)", "(Photographer 2/Meridian)"]
    )
    expect(text.locator(".bb--embed .bb-embed-action")).to_have_text("Play on YouTube")
    expect(text.locator(".bb--pullquote blockquote")).to_have_text(
        "We are fixing whether people can stay."
    )
    expect(text.locator("table th")).to_have_text(["Region", "Turnout"])
    expect(text.locator(".body-block-summary")).to_have_count(0)
    assert not [url for url in asked if "/chooser/images/" in url or "/blocks/stories/" in url]


def test_a_block_is_reached_moved_sized_and_removed_by_keyboard(live_server, page):
    editor(username="edith", password=PASSWORD)
    (photo,) = photos(1)
    related = ArticleFactory(published=True, title="The night the lights came back")
    body = (
        "<p>First.</p>"
        f'<figure data-block="image" data-image="{photo.pk}" data-width="column"></figure>'
        '<aside data-block="pullquote"><p>Words.</p><cite>Mayor</cite></aside>'
        f'<aside data-block="related" data-article="{related.pk}"></aside>'
    )
    story = ArticleFactory(title="Keys", body=body)
    log_in(page, live_server, "edith")
    page.goto(change_url(live_server, story))
    text = body_editor(page)
    expect(text.locator(".bb--related .bb-related-title")).to_have_text(related.title)
    text.locator("p").first.click()

    # Tab from the text reaches the first block, then its labelled tools.
    page.keyboard.press("Tab")
    picture = text.locator(".bb--picture")
    expect(picture).to_be_focused()
    expect(picture).to_have_attribute("aria-label", re.compile("^Picture"))
    toolbar = picture.get_by_role("toolbar")
    expect(toolbar).to_be_visible()
    names = toolbar.get_by_role("button").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))"
    )
    assert names == [
        "Edit picture",
        "Replace",
        "Width: column",
        "Width: wide",
        "Width: full",
        "Move picture up",
        "Move picture down",
        "Remove picture",
    ]
    page.keyboard.press("Tab")
    expect(toolbar.get_by_role("button", name="Edit picture")).to_be_focused()
    page.keyboard.press("ArrowRight")  # a toolbar: one Tab stop, arrows along it
    expect(toolbar.get_by_role("button", name="Replace")).to_be_focused()
    page.keyboard.press("Tab")  # on to the next block
    expect(text.locator(".bb--pullquote")).to_be_focused()

    toolbar.get_by_role("button", name="Width: wide").focus()
    page.keyboard.press("Enter")
    expect(picture).to_have_attribute("data-width", "wide")
    toolbar.get_by_role("button", name="Move picture down").focus()
    page.keyboard.press("Enter")
    # The picture is now after the pull quote, and the keyboard is still on its button.
    expect(text.locator(".bb")).to_have_count(3)
    kinds = text.locator(".bb").evaluate_all(
        "blocks => blocks.map(b => b.className.match(/bb--(\\w+)/)[1])"
    )
    assert kinds == ["pullquote", "picture", "related"]
    expect(page.get_by_role("button", name="Move picture down")).to_be_focused()
    quote = text.locator(".bb--pullquote")
    quote.focus()
    page.keyboard.press("Delete")
    expect(text.locator(".bb--pullquote")).to_have_count(0)

    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert story.body == (
        "<p>First.</p>"
        f'<figure data-block="image" data-image="{photo.pk}" data-width="wide"></figure>'
        f'<aside data-block="related" data-article="{related.pk}"></aside>'
    )


def test_the_editor_with_every_block_passes_axe(live_server, page):
    editor(username="edith", password=PASSWORD)
    one, two, still = photos(3)
    related = ArticleFactory(published=True, lead_image=one)
    body = (
        "<p>Opening.</p>"
        f'<figure data-block="image" data-image="{one.pk}" data-width="full"></figure>'
        f'<figure data-block="gallery"><figure data-image="{one.pk}"></figure>'
        f'<figure data-image="{two.pk}"></figure></figure>'
        f'<figure data-block="embed" data-provider="youtube" data-url="{VIDEO}" data-title="Clip"'
        f' data-thumbnail="{still.pk}"></figure>'
        '<aside data-block="pullquote"><p>Words.</p><cite>Mayor</cite></aside>'
        '<aside data-block="callout"><p>Key developments</p><ul><li><p>One</p></li></ul></aside>'
        f'<aside data-block="related" data-article="{related.pk}"></aside>'
        '<table data-caption="Turnout"><tbody><tr><th><p>Region</p></th></tr>'
        "<tr><td><p>Kyiv</p></td></tr></tbody></table>"
    )
    story = ArticleFactory(body=body)
    log_in(page, live_server, "edith")
    page.goto(change_url(live_server, story))
    expect(body_editor(page).locator(".bb")).to_have_count(5)
    body_editor(page).locator(".bb--picture").click()  # a block selected: its toolbar shows
    found = Axe().run(page, context={"include": [[".prose-editor"]]}, options=RULES)
    problems = [
        f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found.response["violations"]
    ]
    assert problems == []


def test_the_toolbar_draws_its_icons_without_a_font_and_tells_quotes_apart(live_server, page):
    editor(username="edith", password=PASSWORD)
    story = ArticleFactory()
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    log_in(page, live_server, "edith")
    page.goto(change_url(live_server, story))
    bar = page.locator(".prose-menubar")
    expect(bar.locator("svg.desk-icon").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert bar.locator(".material-icons").count() == 0
    assert not [url for url in fonts if "material" in url]
    # Every button says what it does; the two quotes are two different things.
    names = bar.get_by_role("button").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label') || b.textContent.trim())"
    )
    assert all(names) and not [name for name in names if "_" in name]
    quote = bar.locator('[data-name="blockquote"]')
    pull = bar.locator('[data-name="pullQuote"]')
    expect(quote).to_have_attribute("title", "Quote in the text (indented)")
    expect(pull).to_contain_text("Pull quote")
    assert quote.inner_html() != pull.inner_html()


def test_a_live_post_is_edited_as_text_never_as_markup(live_server, page):
    boss = editor(username="edith", password=PASSWORD)
    story = ArticleFactory(published=True, title="Storm Vira latest")
    start_coverage(story, by=boss)
    post = add_live_post(story, by=boss, body="Winds of 120 km/h.\n\nSchools are closed.")
    log_in(page, live_server, "edith")
    page.goto(f"{live_server.url}/admin/articles/livepost/{post.pk}/change/")
    text = body_editor(page)
    expect(text.locator("p")).to_have_text(["Winds of 120 km/h.", "Schools are closed."])
    assert "<p>" not in page.locator("body").inner_text()  # what the writer sees
    # A smaller toolbar: text tools, no blocks.
    bar = page.locator(".prose-menubar")
    expect(bar.locator('[data-name="bold"]')).to_be_visible()
    expect(bar.locator('[data-name="bodyImage"]')).to_have_count(0)

    text.locator("p").first.click()
    page.keyboard.press("End")
    page.keyboard.type(" Gusts of 140.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Post updated")
    post = LivePost.objects.get(pk=post.pk)
    assert post.body == "<p>Winds of 120 km/h. Gusts of 140.</p><p>Schools are closed.</p>"
    assert Article.objects.get(pk=story.pk).is_live
