"""A whole Ghost site comes over: every export version, every card, its pictures, its paywall."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from authors.models import Author
from ghost import formats
from media.models import Image
from tests.factories import jpeg_bytes
from tests.ghost.exports import (
    GRAVATAR,
    OWNER,
    lexical,
    mobiledoc,
    paragraph,
    post,
    write,
)

pytestmark = pytest.mark.django_db
GHOST_URL = "https://old.example.org"


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_ghost", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def images(tmp_path):
    """A copy of the Ghost site's content/images folder."""
    folder = tmp_path / "content-images"
    (folder / "2024" / "01").mkdir(parents=True)
    (folder / "2024" / "01" / "iryna.jpg").write_bytes(jpeg_bytes(200, 200, (200, 40, 40)))
    (folder / "2024" / "01" / "drone.jpg").write_bytes(jpeg_bytes(640, 360, (40, 160, 40)))
    (folder / "2024" / "01" / "crater.jpg").write_bytes(jpeg_bytes(640, 360, (90, 90, 200)))
    return folder


# Every version's shape -------------------------------------------------------------------------


def test_ghost_1_export_with_mobiledoc_only_and_a_gravatar_owner(tmp_path):
    path = write(
        tmp_path,
        version="1.20.0",
        posts=[
            post(
                "1",
                "shelling-in-kharkiv",
                version=1,
                html=None,
                mobiledoc=mobiledoc("Shelling resumed at dawn.", "Two districts lost power."),
                meta_title="Kharkiv shelled at dawn",
                meta_description="Two districts without power after the night's attack.",
            )
        ],
    )
    output = run(path, "--ghost-url", GHOST_URL)
    story = Article.objects.get(slug="shelling-in-kharkiv")
    assert story.body == "<p>Shelling resumed at dawn.</p><p>Two districts lost power.</p>"
    assert story.status == Article.Status.PUBLISHED
    assert story.seo_title == "Kharkiv shelled at dawn"
    assert "authors: 1 created, 1 skipped (no posts)" in output
    assert not Author.objects.filter(slug="owner").exists()


def test_ghost_3_export_holds_members_and_paid_posts_back_by_default(tmp_path, client):
    body = "<p>Everyone reads this.</p><!--members-only--><p>Only subscribers read this.</p>"
    path = write(
        tmp_path,
        version="3.42.0",
        posts=[
            post("1", "free-story", version=3, html="<p>Free.</p>"),
            post("2", "members-story", version=3, html=body, visibility="members"),
            post("3", "paid-story", version=3, html=body, visibility="paid"),
        ],
    )
    output = run(path, "--ghost-url", GHOST_URL)
    assert "held back (members)" in output and "held back (paid)" in output
    for slug in ("members-story", "paid-story"):
        story = Article.objects.get(slug=slug)
        assert story.status == Article.Status.DRAFT
        assert client.get(f"/news/{slug}/").status_code == 404
    assert "Only subscribers" not in client.get("/search/?q=subscribers").content.decode()
    assert Article.objects.get(slug="free-story").status == Article.Status.PUBLISHED


def test_public_part_publishes_only_what_ghost_showed_everyone(tmp_path, client):
    body = "<p>Everyone reads this.</p><!--members-only--><p>Only subscribers read this.</p>"
    path = write(
        tmp_path,
        version="4.48.0",
        posts=[post("2", "members-story", version=4, html=body, visibility="members")],
    )
    run(path, "--ghost-url", GHOST_URL, "--members", "public-part")
    story = Article.objects.get(slug="members-story")
    assert story.status == Article.Status.PUBLISHED
    assert story.body == "<p>Everyone reads this.</p>"
    page = client.get("/news/members-story/").content.decode()
    assert "Everyone reads this." in page and "Only subscribers" not in page


def test_ghost_4_export_reads_seo_and_image_fields_from_posts_meta(tmp_path, client, images):
    path = write(
        tmp_path,
        version="4.48.0",
        posts=[
            post(
                "1",
                "drone-attack",
                version=4,
                html="<p>Drones hit the port overnight.</p>",
                feature_image="__GHOST_URL__/content/images/size/w1200/2024/01/drone.jpg",
            )
        ],
        posts_meta=[
            {
                "id": "m1",
                "post_id": "1",
                "meta_title": "Overnight drone attack on Odesa port",
                "meta_description": "The port's grain terminal was hit.",
                "og_title": "Drones hit Odesa's port",
                "og_description": "Grain terminal damaged overnight.",
                "canonical_url": "https://partner.example.com/drone-attack",
                "feature_image_alt": "Smoke over the port",
                "feature_image_caption": "The terminal after the attack.",
            }
        ],
    )
    run(path, "--ghost-url", GHOST_URL, "--images", str(images))
    story = Article.objects.get(slug="drone-attack")
    # The size variant resolved to the original, which is now a library file.
    assert story.lead_image.file and story.lead_image.alt_text == "Smoke over the port"
    assert story.lead_image.width == 640
    page = client.get("/news/drone-attack/").content.decode()
    assert "<title>Overnight drone attack on Odesa port — " in page
    assert 'content="The port&#x27;s grain terminal was hit."' in page
    assert '<link rel="canonical" href="https://partner.example.com/drone-attack">' in page
    assert '<meta property="og:title" content="Drones hit Odesa&#x27;s port">' in page


def test_ghost_5_lexical_export_without_html(tmp_path):
    document = lexical(
        paragraph("Air defence shot down most of the missiles."),
        {"type": "heading", "tag": "h2", "children": [{"type": "text", "text": "What we know"}]},
        {
            "type": "list",
            "listType": "bullet",
            "children": [
                {"type": "listitem", "children": [{"type": "text", "text": "Two injured"}]},
                {"type": "listitem", "children": [{"type": "text", "text": "Power restored"}]},
            ],
        },
    )
    path = write(
        tmp_path,
        version="5.105.0",
        posts=[post("1", "missile-attack", version=5, html=None, lexical=document)],
    )
    run(path, "--ghost-url", GHOST_URL)
    story = Article.objects.get(slug="missile-attack")
    assert story.body == (
        "<p>Air defence shot down most of the missiles.</p><h2>What we know</h2>"
        "<ul><li>Two injured</li><li>Power restored</li></ul>"
    )
    assert story.reading_time >= 1 and "What we know" in story.body_text


def test_ghost_pages_become_standing_pages_that_are_never_listed(tmp_path, client):
    path = write(
        tmp_path,
        version="5.105.0",
        posts=[
            post("1", "a-story", version=5, html="<p>News.</p>"),
            post("2", "about", version=5, html="<p>Who we are.</p>", type="page", title="About us"),
        ],
    )
    output = run(path, "--ghost-url", GHOST_URL)
    assert "pages: 1 created" in output
    about = Article.objects.get(slug="about")
    assert about.kind == Article.Kind.PAGE
    assert client.get("/news/about/").status_code == 200
    assert client.get("/about/").url == "/news/about/"
    home = client.get("/").content.decode()
    assert "/news/a-story/" in home and "/news/about/" not in home
    assert "/news/about/" not in client.get("/feed/").content.decode()


# Every card ------------------------------------------------------------------------------------

CARDS = lexical(
    paragraph("The strike hit the market at noon."),
    {
        "type": "image",
        "src": "__GHOST_URL__/content/images/2024/01/crater.jpg",
        "alt": "A crater in the square",
        "caption": "The market square after the strike.",
        "cardWidth": "wide",
    },
    {
        "type": "gallery",
        "images": [
            {"src": "__GHOST_URL__/content/images/size/w600/2024/01/drone.jpg", "alt": "Drone"},
            {"src": "__GHOST_URL__/content/images/2024/01/crater.jpg", "alt": "Crater"},
        ],
        "caption": "Scenes from the city.",
    },
    {
        "type": "embed",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "html": '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" '
        'title="Mayor speaks"></iframe>',
        "embedType": "video",
    },
    {
        "type": "bookmark",
        "url": "https://example.com/report",
        "metadata": {"title": "The full report", "description": "Forty pages of findings."},
    },
    {"type": "callout", "calloutEmoji": "⚠️", "calloutText": "Air raid alerts continue."},
    {"type": "toggle", "heading": "How we verified this", "content": "<p>Two sources.</p>"},
    {"type": "codeblock", "code": "print('casualties')", "language": "python"},
    {"type": "html", "html": "<p>From an <em>HTML</em> card.</p><script>alert(1)</script>"},
    {"type": "header", "header": "Live updates", "subheader": "All day in Kharkiv"},
    {"type": "button", "buttonText": "Donate", "buttonUrl": "https://example.org/donate"},
    {"type": "signup"},
)


def test_every_card_type_maps_onto_our_blocks(tmp_path, images):
    path = write(
        tmp_path,
        version="6.3.0",
        posts=[post("1", "market-strike", version=6, html=None, lexical=CARDS)],
    )
    output = run(path, "--ghost-url", GHOST_URL, "--images", str(images))
    story = Article.objects.get(slug="market-strike")
    crater = Image.objects.get(source_url=f"{GHOST_URL}/content/images/2024/01/crater.jpg")
    drone = Image.objects.get(alt_text="Drone")
    assert crater.file and drone.file
    body = story.body
    assert (
        f'<figure data-block="image" data-image="{crater.pk}" data-width="wide">'
        "<figcaption>The market square after the strike.</figcaption></figure>"
    ) in body
    assert f'data-block="gallery"><figure data-image="{drone.pk}">' in body
    assert f'<figure data-image="{crater.pk}">' in body  # one library image, used twice
    assert 'data-block="embed" data-provider="youtube"' in body
    assert '<a href="https://example.com/report"' in body and "— Forty pages of findings." in body
    assert '<aside data-block="callout"><p>⚠️ Air raid alerts continue.</p></aside>' in body
    assert "<h3>How we verified this</h3><p>Two sources.</p>" in body
    assert "<pre data-language=\"python\"><code>print('casualties')</code></pre>" in body
    assert "<p>From an <em>HTML</em> card.</p>" in body and "<script" not in body
    assert "<h2>Live updates</h2>" in body and ">Donate</a>" in body
    assert "signup card was left out" in output
    assert Image.objects.filter(file__gt="").count() == 3  # crater and drone once, a portrait


def test_pictures_missing_from_the_images_folder_are_listed_and_stay_links(tmp_path, images):
    (images / "2024" / "01" / "drone.jpg").unlink()
    path = write(
        tmp_path,
        version="6.3.0",
        posts=[post("1", "market-strike", version=6, html=None, lexical=CARDS)],
    )
    output = run(path, "--ghost-url", GHOST_URL, "--images", str(images))
    assert "2024/01/drone.jpg is not in the images folder" in output
    linked = Image.objects.get(source_url=f"{GHOST_URL}/content/images/size/w600/2024/01/drone.jpg")
    assert not linked.file
    # A later run that finds the file turns the link into a library picture.
    (images / "2024" / "01" / "drone.jpg").write_bytes(jpeg_bytes(640, 360, (40, 160, 40)))
    run(path, "--ghost-url", GHOST_URL, "--images", str(images))
    linked.refresh_from_db()
    assert linked.file


def test_author_portraits_come_from_the_images_folder(tmp_path, images):
    path = write(
        tmp_path, version="5.105.0", posts=[post("1", "a-story", version=5, html="<p>News.</p>")]
    )
    run(path, "--images", str(images))
    iryna = Author.objects.get(slug="iryna")
    assert iryna.avatar.file and iryna.avatar.width == 200


def test_running_the_migration_again_changes_nothing(tmp_path, images):
    path = write(
        tmp_path,
        version="6.3.0",
        posts=[post("1", "market-strike", version=6, html=None, lexical=CARDS)],
    )
    run(path, "--ghost-url", GHOST_URL, "--images", str(images))
    body = Article.objects.get().body
    output = run(path, "--ghost-url", GHOST_URL, "--images", str(images))
    assert "Nothing to change: already imported." in output
    assert Article.objects.get().body == body
    assert Image.objects.count() == 3  # crater, drone and Iryna's portrait


def test_a_published_post_without_any_body_no_longer_stops_the_import(tmp_path):
    path = write(
        tmp_path,
        version="5.105.0",
        posts=[
            post("1", "empty", version=5, html=None),
            post("2", "full", version=5, html="<p>x</p>"),
        ],
    )
    run(path, "--ghost-url", GHOST_URL)
    assert set(Article.objects.values_list("slug", flat=True)) == {"empty", "full"}


def test_a_gravatar_profile_image_is_understood(tmp_path):
    owner_with_posts = {**OWNER}
    path = write(
        tmp_path,
        version="1.20.0",
        users=[owner_with_posts],
        posts=[post("1", "hello", version=1, html="<p>Hi.</p>", author_id="1")],
    )
    run(path)
    avatar = Author.objects.get(slug="owner").avatar
    assert avatar.source_url == "https:" + GRAVATAR


# Formats on their own ------------------------------------------------------------------------


def test_mobiledoc_cards_and_markups_render_as_ghost_does():
    document = json.dumps(
        {
            "version": "0.3.1",
            "atoms": [["soft-return", "", {}]],
            "markups": [["a", ["href", "https://example.org"]], ["strong"], ["script"]],
            "cards": [["code", {"code": "x < 1", "language": "js"}], ["paywall", {}]],
            "sections": [
                [1, "p", [[0, [1], 1, "Bold"], [1, [], 0, 0], [0, [0, 2], 2, "link"]]],
                [10, 0],
                [10, 1],
                [3, "ol", [[[0, [], 0, "first"]]]],
            ],
        }
    )
    converted = formats.mobiledoc_to_html(document)
    assert converted.html == (
        '<p><strong>Bold</strong><br><a href="https://example.org"><span>link</span></a></p>'
        '<pre><code class="language-js">x &lt; 1</code></pre><!--members-only-->'
        "<ol><li>first</li></ol>"
    )


@pytest.mark.parametrize(
    "document",
    ["not json", "[]", '{"root": 3}', json.dumps({"sections": [[10, 4]], "cards": []})],
)
def test_unreadable_documents_are_a_clear_error(document):
    with pytest.raises(formats.FormatError):
        if "sections" in document:
            formats.mobiledoc_to_html(document)
        else:
            formats.lexical_to_html(document)


def test_a_held_back_post_says_why_in_its_history(tmp_path):
    path = write(
        tmp_path,
        version="4.48.0",
        posts=[post("2", "paid-story", version=4, html="<p>x</p>", visibility="paid")],
    )
    run(path, "--ghost-url", GHOST_URL)
    event = Article.objects.get(slug="paid-story").events.get()
    assert event.comment == "Imported from Ghost (paid in Ghost: held back as a draft for the desk)"
