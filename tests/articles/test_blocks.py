"""The stored block format (articles.blocks) and the sanitiser that guards it."""

import pytest

from articles import blocks, checks
from articles.richtext import html_to_text, reading_minutes, sanitise

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_every_block_survives_the_sanitiser_unchanged():
    body = (
        '<figure data-block="image" data-image="12" data-width="wide">'
        "<figcaption>Firefighters at dawn</figcaption></figure>"
        '<figure data-block="gallery"><figure data-image="1"><figcaption>One</figcaption>'
        '</figure><figure data-image="2"></figure></figure>'
        f'<figure data-block="embed" data-provider="youtube" data-url="{YOUTUBE}" '
        'data-title="Briefing" data-author="Ministry" data-thumbnail="7"></figure>'
        '<table data-caption="Turnout"><tbody><tr><th>Region</th><th>%</th></tr>'
        '<tr><td colspan="2">Kyiv</td></tr></tbody></table>'
        '<aside data-block="pullquote"><p>We will rebuild.</p><cite>The mayor</cite></aside>'
        '<aside data-block="callout"><p>Key developments</p><ul><li>One</li></ul></aside>'
        '<aside data-block="related" data-article="5"></aside><hr>'
    )
    assert sanitise(body) == body
    kinds = [type(block).__name__ for block in blocks.read(body)]
    assert kinds == [
        "ImageBlock",
        "GalleryBlock",
        "EmbedBlock",
        "TableBlock",
        "PullQuoteBlock",
        "CalloutBlock",
        "RelatedBlock",
        "Html",
    ]
    assert blocks.problems(body) == []


@pytest.mark.parametrize(
    "dirty, clean",
    [
        # Ids are integers, widths and kinds from the lists, embed URLs https on the provider.
        ('<figure data-block="image" data-image="1 or 1=1">', '<figure data-block="image">'),
        ('<figure data-block="image" data-image="-3">', '<figure data-block="image">'),
        ('<figure data-block="image" data-image="99999999999">', '<figure data-block="image">'),
        ('<figure data-width="huge" data-image="3">', '<figure data-image="3">'),
        ('<figure data-block="video">', "<figure>"),
        ('<aside data-block="image">', "<aside>"),
        ('<figure data-provider="myspace">', "<figure>"),
        ('<figure data-url="http://www.youtube.com/watch?v=dQw4w9WgXcQ">', "<figure>"),
        ('<figure data-url="https://evil.example/watch?v=dQw4w9WgXcQ">', "<figure>"),
        ('<figure data-url="javascript:alert(1)">', "<figure>"),
        ('<aside data-article="x">', "<aside>"),
        # Nothing else gets in: no style, class, handlers, other data attributes, frames.
        ('<figure style="x" class="y" onclick="z" data-x="1">', "<figure>"),
        ('<table data-caption="T" onmouseover="x" border="1">', '<table data-caption="T">'),
        (
            '<table><tbody><tr><td colspan="2; x" rowspan="3">x</td></tr></tbody></table>',
            '<table><tbody><tr><td rowspan="3">x</td>',
        ),
        (
            '<aside data-block="callout"><iframe src="https://x"></iframe></aside>',
            '<aside data-block="callout"></aside>',
        ),
        ('<p data-block="callout">x</p>', "<p>x</p>"),
    ],
)
def test_sanitiser_keeps_only_valid_block_markup(dirty, clean):
    assert sanitise(dirty).startswith(clean)


def test_text_values_are_escaped_never_markup():
    body = sanitise(
        '<figure data-block="embed" data-provider="youtube" '
        f'data-url="{YOUTUBE}" data-title="&quot;&gt;&lt;script&gt;x"></figure>'
    )
    assert "<script" not in body
    (embed,) = blocks.read(body)
    assert embed.title == '"><script>x'


@pytest.mark.parametrize(
    "body, message",
    [
        ('<figure data-block="image"></figure>', "no library image"),
        ('<figure data-block="gallery"><p>x</p></figure>', "not a library image"),
        ('<figure data-block="gallery"></figure>', "no pictures"),
        ('<figure data-block="embed" data-provider="vimeo"></figure>', "no address"),
        (
            f'<figure data-block="embed" data-provider="vimeo" data-url="{YOUTUBE}"></figure>',
            "not one we can show",
        ),
        ('<aside data-block="pullquote"><cite>x</cite></aside>', "no words"),
        ('<aside data-block="callout"><figure data-block="image"></figure></aside>', "another"),
        ('<aside data-block="related"></aside>', "which story"),
        ('<aside data-block="nonsense"></aside>', "unknown block"),
        ("<aside>loose words</aside>", "unknown kind"),
        ("<figure></figure>", "empty figure"),
        ("<table><tbody></tbody></table>", "no cells"),
    ],
)
def test_malformed_blocks_are_problems_never_errors(body, message):
    (block,) = blocks.read(body)
    assert isinstance(block, blocks.Problem)
    assert message in block.message
    assert blocks.problems(body) == [block.message]


@pytest.mark.parametrize(
    "url, provider, player",
    [
        (YOUTUBE, "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie"),
        ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871"),
        ("https://x.com/nasa/status/1234567890", "x", "https://platform.twitter.com/embed/"),
        ("https://twitter.com/nasa/status/1234567890", "x", "https://platform.twitter.com/"),
        ("https://t.me/meridian_news/1234", "telegram", "https://t.me/meridian_news/1234?embed=1"),
        ("https://www.instagram.com/p/Cabc123xyz/", "instagram", "https://www.instagram.com/p/"),
        ("https://www.facebook.com/meridian/posts/123", "facebook", "https://www.facebook.com/"),
        ("https://soundcloud.com/artist/track", "soundcloud", "https://w.soundcloud.com/"),
        ("https://www.flickr.com/photos/someone/123456", "flickr", None),
    ],
)
def test_providers_recognise_their_addresses(url, provider, player):
    found = blocks.provider_for(url)
    assert found is not None and found.name == provider
    if player is None:
        assert found.player_url(url) is None
    else:
        assert found.player_url(url).startswith(player)


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://example.org/video",
    ],
)
def test_addresses_that_are_not_a_providers_are_refused(url):
    assert blocks.provider_for(url) is None


def test_reading_time_and_search_text_count_captions_and_tables_not_embeds():
    body = sanitise(
        "<p>Opening words.</p>"
        '<figure data-block="image" data-image="1"><figcaption>Caption words</figcaption></figure>'
        '<table data-caption="Table caption"><tbody><tr><td>Cell words</td></tr></tbody></table>'
        f'<figure data-block="embed" data-provider="youtube" data-url="{YOUTUBE}" '
        'data-title="Embed title"><figcaption>Embed caption</figcaption></figure>'
        '<aside data-block="pullquote"><p>Quoted</p><cite>Speaker</cite></aside>'
    )
    text = html_to_text(body)
    assert text == "Opening words. Caption words Table caption Cell words Quoted Speaker"
    assert "Embed" not in text
    long_embeds = body + "".join(
        f'<figure data-block="embed" data-provider="youtube" data-url="{YOUTUBE}">'
        f"<figcaption>{'word ' * 300}</figcaption></figure>"
        for _ in range(3)
    )
    assert reading_minutes(html_to_text(long_embeds)) == 1


def test_the_settings_let_readers_frame_every_embed_player(settings):
    assert checks.embed_players_may_be_framed() == []
    assert set(blocks.PLAYER_ORIGINS) <= set(settings.SECURE_CSP["frame-src"])


def test_a_player_the_policy_does_not_allow_fails_the_system_check(settings):
    # A provider added to articles.blocks without its player in the policy: readers who
    # click it would get a frame the browser refuses, so `manage.py check` says so.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "frame-src": ["https://player.vimeo.com"]}
    (error,) = checks.embed_players_may_be_framed()
    assert error.id == "articles.E001"
    assert "https://www.youtube-nocookie.com" in error.msg
    assert "https://player.vimeo.com" not in error.msg
