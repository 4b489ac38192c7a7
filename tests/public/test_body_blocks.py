"""Story blocks as readers get them on the article page."""

import re
from html import unescape

import pytest
from django.core.cache import cache

from media.models import Image
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def page(client, article) -> str:
    cache.clear()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def body_of(html: str) -> str:
    return html.split('<div class="story-body">', 1)[1].split("</article>", 1)[0]


def test_inline_image_is_a_responsive_picture_with_caption_and_credit(client):
    image = ImageFactory(caption="Library caption", credit="Anna Fedorova/Meridian")
    story = ArticleFactory(
        published=True,
        body=f'<p>Text.</p><figure data-block="image" data-image="{image.pk}" data-width="wide">'
        "<figcaption>Firefighters at dawn</figcaption></figure>",
    )
    body = body_of(page(client, story))
    figure = re.search(r'<figure class="block-image block-wide">.*?</figure>', body, re.S)[0]
    assert '<source type="image/avif"' in figure and '<source type="image/webp"' in figure
    assert re.search(r'<img src="[^"]+\.jpg" alt="[^"]+" width="\d+" height="\d+"', figure)
    assert 'loading="lazy"' in figure
    assert "Firefighters at dawn" in figure and "(Anna Fedorova/Meridian)" in figure
    assert "Library caption" not in figure


def test_gallery_lists_each_photo_with_caption_and_credit(client):
    images = [ImageFactory(credit=f"Photographer {n}") for n in range(3)]
    items = "".join(
        f'<figure data-image="{image.pk}"><figcaption>Photo {n}</figcaption></figure>'
        for n, image in enumerate(images)
    )
    story = ArticleFactory(published=True, body=f'<figure data-block="gallery">{items}</figure>')
    body = body_of(page(client, story))
    assert body.count('class="gallery-slide"') == 3
    for n in range(3):
        assert f"Photo {n}" in body and f"(Photographer {n})" in body
    assert 'class="gallery-track" tabindex="0"' in body  # scrolls with the keyboard
    assert "data-gallery-prev" in body and "data-gallery-next" in body


def test_embed_is_a_facade_with_our_thumbnail_and_a_plain_link(client):
    thumbnail = ImageFactory(title="YouTube thumbnail")
    story = ArticleFactory(
        published=True,
        body=f'<figure data-block="embed" data-provider="youtube" data-url="{YOUTUBE}" '
        f'data-title="Briefing" data-author="Ministry" data-thumbnail="{thumbnail.pk}"></figure>',
    )
    body = body_of(page(client, story))
    assert f'<a class="embed-open" href="{YOUTUBE.replace("&", "&amp;")}"' in body
    player = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert f'data-embed-player="{player}"' in body
    assert "Briefing" in body and "Ministry" in body
    # Nothing is loaded from the provider: no frame, no script, no picture from their servers.
    assert "<iframe" not in body and "<script" not in body
    hosts = set(re.findall(r'(?:src|srcset)="https?://([^/"]+)', body))
    assert hosts <= {"testserver"}, hosts
    assert "/media/" in body  # the thumbnail is our copy


def test_table_pull_quote_callout_and_divider(client):
    story = ArticleFactory(
        published=True,
        body='<table data-caption="Turnout by region"><tbody><tr><th>Region</th><th>Turnout</th>'
        "</tr><tr><td><p>Kyiv</p></td><td>61%</td></tr></tbody></table>"
        '<aside data-block="pullquote"><p>We will rebuild.</p><cite>The mayor</cite></aside>'
        '<aside data-block="callout"><p>Key developments</p><ul><li>Grid repaired</li></ul>'
        "</aside><hr>",
    )
    body = body_of(page(client, story))
    assert "<caption>Turnout by region</caption>" in body
    assert '<thead><tr><th scope="col">Region</th><th scope="col">Turnout</th></tr></thead>' in body
    assert "<td>Kyiv</td><td>61%</td>" in body
    assert "<blockquote><p>We will rebuild.</p></blockquote>" in body
    assert "<figcaption>The mayor</figcaption>" in body
    assert '<aside class="block-callout"><p>Key developments</p><ul><li>Grid repaired</li>' in body
    assert "<hr>" in body


def test_related_card_only_for_a_published_story(client):
    other = ArticleFactory(published=True, title="Grid operator warns of cuts")
    draft = ArticleFactory(title="Secret draft headline")
    story = ArticleFactory(
        published=True,
        body=f'<aside data-block="related" data-article="{other.pk}"></aside>'
        f'<aside data-block="related" data-article="{draft.pk}"></aside>'
        '<aside data-block="related" data-article="999999"></aside>',
    )
    body = body_of(page(client, story))
    assert body.count('class="block-related"') == 1
    assert other.get_absolute_url() in body and "Grid operator warns of cuts" in body
    assert "Secret draft" not in body and draft.get_absolute_url() not in body


def test_malformed_and_unknown_blocks_render_nothing(client):
    story = ArticleFactory(published=True, body="<p>Before.</p><p>After.</p>")
    # Stored as an old version or a bulk update might have left it, past the sanitiser.
    type(story).objects.filter(pk=story.pk).update(
        body='<p>Before.</p><figure data-block="image" data-image="abc"></figure>'
        '<aside data-block="poll">Vote now</aside>'
        '<figure data-block="image" data-image="424242"></figure>'
        '<figure data-block="gallery"><p>nope</p></figure><p>After.</p>'
    )
    html = page(client, story)
    body = body_of(html)
    assert "Before." in body and "After." in body
    assert "Vote now" not in body and "<figure" not in body


def test_a_picture_kept_as_a_link_still_shows(client):
    linked = Image.objects.create(
        title="Imported", source_url="https://old.example.org/content/images/a.jpg", credit="AP"
    )
    story = ArticleFactory(
        published=True, body=f'<figure data-block="image" data-image="{linked.pk}"></figure>'
    )
    body = body_of(page(client, story))
    assert 'src="https://old.example.org/content/images/a.jpg"' in body and "(AP)" in body


def test_feeds_carry_body_pictures_as_absolute_urls_and_embeds_as_links(client, settings):
    settings.SITE_URL = "https://news.example.org"
    pictures = [ImageFactory(credit="Anna Fedorova/Meridian") for _ in range(2)]
    ArticleFactory(
        published=True,
        body=f'<p>Text.</p><figure data-block="image" data-image="{pictures[0].pk}">'
        "<figcaption>First</figcaption></figure>"
        f'<figure data-block="gallery"><figure data-image="{pictures[1].pk}"></figure></figure>'
        f'<figure data-block="embed" data-provider="youtube" data-url="{YOUTUBE}" '
        'data-title="Briefing"></figure>',
    )
    for url, element in (("/feed/", "content:encoded"), ("/feed/atom/", "content")):
        cache.clear()
        xml = client.get(url).content.decode()
        content = unescape(re.search(rf"<{element}[^>]*>(.*?)</{element}>", xml, re.S)[1])
        assert content.count('<img src="https://news.example.org/media/') == 2
        assert "(Anna Fedorova/Meridian)" in content
        assert f'<a href="{YOUTUBE}">Briefing (YouTube)</a>' in content
        assert "iframe" not in content and "nocookie" not in content


def test_json_ld_lists_the_lead_image_and_the_body_pictures(client, settings):
    import json

    settings.SITE_URL = "https://news.example.org"
    lead, inline, slide = ImageFactory(), ImageFactory(credit="AP"), ImageFactory()
    story = ArticleFactory(
        published=True,
        lead_image=lead,
        body=f'<figure data-block="image" data-image="{inline.pk}"><figcaption>Inline</figcaption>'
        f'</figure><figure data-block="gallery"><figure data-image="{slide.pk}"></figure>'
        f'<figure data-image="{inline.pk}"></figure></figure>',
    )
    html = page(client, story)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    urls = [image["url"] for image in data["image"]]
    assert len(urls) == 3 and all(u.startswith("https://news.example.org/media/") for u in urls)
    assert data["image"][1]["creditText"] == "AP"


def test_a_worker_parses_each_body_text_once(client, monkeypatch):
    from articles import blocks

    parsed = []
    read = blocks.read
    monkeypatch.setattr(blocks, "read", lambda html: parsed.append(html) or read(html))
    story = ArticleFactory(published=True, body="<p>First version.</p>")
    client.get(story.get_absolute_url())
    client.get("/feed/")
    assert parsed == ["<p>First version.</p>"]
    story.body = "<p>Second version.</p>"
    story.save()
    cache.clear()  # the feed's page: this test is about its rebuild
    assert "Second version." in client.get("/feed/").content.decode()
    assert parsed[1:] == ["<p>Second version.</p>"]
