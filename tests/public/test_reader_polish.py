"""Cards and chrome as readers see them: text-only cards, roundup lists, the headline font."""

import re
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings

from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db
STATIC = Path(settings.BASE_DIR) / "static"


def cards(client, url="/sections/world/"):
    tree = lxml.html.fromstring(client.get(url).content)
    return {card.xpath("string(.//h3)").strip(): card for card in tree.xpath("//article")}


def test_a_story_without_a_picture_is_a_text_card_with_no_empty_box(client):
    section = {"section__slug": "world", "section__name": "World"}
    ArticleFactory(published=True, title="With picture", lead_image=ImageFactory(), **section)
    ArticleFactory(published=True, title="Words only", **section)
    found = cards(client)
    assert found["With picture"].xpath(".//picture")
    assert "card-text" in found["Words only"].get("class")
    assert not found["Words only"].xpath(
        ".//*[contains(@class, 'card-media') or contains(@class, 'placeholder')]"
    )


def test_a_roundup_card_lists_its_bullets(client):
    ArticleFactory(
        published=True,
        title="Meridian latest",
        dek="",
        body="<p>Key developments on Jan. 5:</p><ul><li>Raid in the north</li>"
        "<li>Arsenals struck</li><li>Missiles over Kharkiv</li><li>Fourth item</li></ul>",
        section__slug="world",
        section__name="World",
    )
    card = cards(client)["Meridian latest"]
    assert card.xpath("string(.//div[@class='excerpt excerpt-bullets']/p)") == (
        "Key developments on Jan. 5:"
    )
    assert card.xpath(".//div[@class='excerpt excerpt-bullets']/ul/li/text()") == [
        "Raid in the north",
        "Arsenals struck",
        "Missiles over Kharkiv",
    ]
    assert " * " not in card.text_content()


def test_the_headline_serif_is_self_hosted_swapped_and_preloaded(client):
    css = (STATIC / "css" / "site.css").read_text()
    face = re.search(r'@font-face \{[^}]*"Source Serif 4"[^}]*\}', css).group(0)
    assert "font-display: swap" in face
    font = re.search(r'url\("\.\./fonts/([^"]+)"\)', face).group(1)
    assert (STATIC / "fonts" / font).stat().st_size < 40_000
    assert "size-adjust" in css and "ascent-override" in css
    home = client.get("/").content.decode()
    assert f'rel="preload" href="/static/fonts/{font}" as="font"' in home


def test_the_phone_header_offers_search_behind_an_icon(client):
    tree = lxml.html.fromstring(client.get("/").content)
    icon = tree.xpath('//header//a[@class="search-icon"]')[0]
    assert icon.get("href") == "/search/" and icon.get("aria-label") == "Search"
