"""Cards and chrome as readers see them: text-only cards, roundup lists, the headline font."""

import re
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings

from articles.models import Article
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


ROUNDUP_ITEMS = [
    "Foreign minister meets counterpart from Canada to discuss reconstruction fund",
    "Grid operator schedules rolling outages in Odesivka as repairs continue",
    "Canada announces new aid package worth $7 million for the winter",
    "Air defence downs 18 drones over Lisove Oblast overnight, regional governor says",
]


def roundup(**kwargs):
    items = "".join(f"<li>{item}</li>" for item in ROUNDUP_ITEMS)
    return ArticleFactory(
        published=True,
        is_roundup=True,
        dek="",
        body=f"<p>Key developments on Dec. 7:</p><ul>{items}</ul><p>The day in detail.</p>",
        section__slug="world",
        section__name="World",
        **kwargs,
    )


def bullets(card) -> list[str]:
    return card.xpath(".//div[@class='excerpt excerpt-bullets']/ul/li/text()")


def test_a_roundup_card_shows_whole_bullets_and_not_its_headline_again(client):
    title = f"Meridian latest: {ROUNDUP_ITEMS[0]}"
    roundup(title=title)
    shown = bullets(cards(client)[title])
    # Whole items, in order, the first left out (it is the headline): never one cut short.
    assert shown and set(shown) <= set(ROUNDUP_ITEMS[1:])
    assert shown == [item for item in ROUNDUP_ITEMS[1:] if item in shown]
    assert ROUNDUP_ITEMS[1] in shown and "…" not in "".join(shown)
    # Nor cut by the style sheet: a bullet wraps rather than ending in an ellipsis.
    css = (STATIC / "css" / "site.css").read_text()
    bullet_rules = re.findall(r"[^}]*excerpt-bullets li[^{]*\{[^}]*\}", css)
    assert bullet_rules and not any("nowrap" in rule or "ellipsis" in rule for rule in bullet_rules)


def test_a_roundup_excerpt_cut_before_shows_its_whole_bullets_only(client):
    story = roundup(title="Meridian latest")
    # An excerpt stored before excerpts kept whole bullets: its last one cut mid-word.
    Article.objects.filter(pk=story.pk).update(
        excerpt="Key developments on Dec. 7: * Grid operator schedules rolling outages"
        " * Canada announces new aid p…"
    )
    assert bullets(cards(client)["Meridian latest"]) == ["Grid operator schedules rolling outages"]


def test_the_desks_roundup_card_lists_its_stories_rather_than_its_standfirst():
    story = Article(
        title="Key developments on Nov. 28",
        dek="Grid restored; Budget passed.",
        body="<ul><li>Grid restored</li><li>Budget passed</li></ul>",
        is_roundup=True,
    )
    story.refresh_derived_fields()
    assert story.excerpt == "* Grid restored * Budget passed"
    story.is_roundup = False
    story.refresh_derived_fields()
    assert story.excerpt == "Grid restored; Budget passed."


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
