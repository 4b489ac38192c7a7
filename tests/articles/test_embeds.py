"""Embed snapshots on the desk, from recorded oEmbed answers: tests never reach the network."""

import http.client
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages

from articles import blocks, embeds
from articles.richtext import sanitise
from media.models import Image
from tests.desk import change_url, form_data
from tests.factories import ArticleFactory, editor, jpeg_bytes

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).parent.parent / "data" / "oembed"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
X_POST = "https://twitter.com/nasa/status/1234567890"
ANSWERS = {
    "www.youtube.com": "youtube.json",
    "vimeo.com": "vimeo.json",
    "publish.twitter.com": "x.json",
}


def embed(provider, url):
    return f'<figure data-block="embed" data-provider="{provider}" data-url="{url}"></figure>'


@pytest.fixture
def network(monkeypatch):
    """The providers as recorded; every address asked for is kept in `asked`."""
    asked = []

    def fake_fetch(url, *, limit):
        asked.append(url)
        host = urlsplit(url).hostname
        if host in ANSWERS:
            return (RECORDED / ANSWERS[host]).read_bytes()
        return jpeg_bytes(480, 360, comment=url)

    monkeypatch.setattr(embeds, "fetch", fake_fetch)
    return asked


def test_youtube_snapshot_stores_title_author_and_our_copy_of_the_thumbnail(network):
    body, notes = embeds.add_snapshots(sanitise(embed("youtube", YOUTUBE)))
    assert notes == []
    (block,) = blocks.read(body)
    assert block.title == "Sosnivka substation: the night shift that brought the power back"
    assert block.author == "Meridian Video"
    thumbnail = Image.objects.get(pk=block.thumbnail_id)
    assert thumbnail.file and thumbnail.credit == "Meridian Video/YouTube"
    oembed, picture = network
    assert oembed.startswith("https://www.youtube.com/oembed?")
    assert parse_qs(urlsplit(oembed).query)["url"] == [YOUTUBE]
    assert picture == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    # Saved again: the snapshot is kept, the provider is not asked twice.
    assert embeds.add_snapshots(body) == (body, [])
    assert len(network) == 2


def test_vimeo_and_x_snapshots(network):
    body, _ = embeds.add_snapshots(sanitise(embed("vimeo", VIMEO) + embed("x", X_POST)))
    vimeo, post = blocks.read(body)
    assert (vimeo.title, vimeo.author) == ("Harbour at first light", "Kateryna Lys")
    assert vimeo.thumbnail_id is not None
    assert (post.author, post.thumbnail_id) == ("NASA", None)  # X gives no thumbnail


def test_providers_without_oembed_are_not_asked(network):
    body = sanitise(embed("telegram", "https://t.me/meridian_news/4821"))
    assert embeds.add_snapshots(body) == (body, [])
    assert network == []


def test_a_thumbnail_elsewhere_than_the_providers_image_host_is_not_fetched(monkeypatch):
    asked = []

    def fake_fetch(url, *, limit):
        asked.append(url)
        return b'{"title": "T", "thumbnail_url": "https://169.254.169.254/latest/meta-data"}'

    monkeypatch.setattr(embeds, "fetch", fake_fetch)
    body, _ = embeds.add_snapshots(sanitise(embed("youtube", YOUTUBE)))
    assert len(asked) == 1 and blocks.read(body)[0].thumbnail_id is None


def test_unreachable_provider_leaves_the_embed_and_tells_the_desk_in_its_words(monkeypatch):
    def down(url, *, limit):
        raise embeds.FetchError("<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(embeds, "fetch", down)
    body = sanitise(embed("youtube", YOUTUBE) + embed("x", X_POST))
    new_body, notes = embeds.add_snapshots(body)
    assert new_body == body
    assert notes == [
        f"We could not fetch a preview of this video from YouTube ({YOUTUBE}); readers will "
        "see its address and a play button. Saving again tries once more.",
        f"We could not fetch a preview of this post from X ({X_POST}); readers will see its "
        "address and a button that opens it. Saving again tries once more.",
    ]


@pytest.mark.parametrize(
    "failure",
    [
        urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
        TimeoutError("timed out"),
        http.client.BadStatusLine("HTTP/1.1 ???"),  # a broken answer, not an OSError
    ],
)
def test_the_story_is_saved_quietly_when_the_provider_cannot_be_reached(
    client, monkeypatch, failure
):
    def offline(self, request, *args, **kwargs):
        raise failure

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", offline)
    story = ArticleFactory()
    client.force_login(editor())
    body = embed("youtube", YOUTUBE)
    response = client.post(change_url(story), form_data(story, body=body))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == sanitise(body)
    sent = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    notes = [text for level, text in sent if "preview" in text]
    assert [level for level, text in sent if "preview" in text] == ["info"]
    assert notes[0].startswith("We could not fetch a preview of this video from YouTube")
    assert not any(word in notes[0] for word in ("urlopen", "Errno", "timed out", "HTTP/1.1"))


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/oembed?url=x",  # not https
        "https://evil.example/oembed",  # not a provider
        "https://www.youtube.com:8080/oembed",  # another port
        "https://127.0.0.1/oembed",
        "file:///etc/passwd",
    ],
)
def test_fetch_refuses_anything_but_https_to_the_providers(url):
    with pytest.raises(embeds.FetchError, match="not an address"):
        embeds.fetch(url, limit=100)


def test_the_desk_saves_the_snapshot_and_reports_blocks_readers_will_not_see(client, network):
    story = ArticleFactory()
    client.force_login(editor())
    body = (
        embed("youtube", YOUTUBE)
        + '<figure data-block="image"></figure><aside data-block="related"></aside>'
    )
    response = client.post(change_url(story), form_data(story, body=body))
    assert response.status_code == 302
    story.refresh_from_db()
    assert "data-thumbnail=" in story.body and "data-title=" in story.body
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert any("image block has no library image" in w for w in warnings)
    assert any("related-story card" in w for w in warnings)
