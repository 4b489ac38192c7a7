"""A story's card, drawn in one place: one function per variant.

- `grid_card`: the card of listings and the front page's top stories (a search result's card
  shows the matched words marked); folded, it is a compact row on a phone and a card wider;
- `lead_story`: the front page's lead;
- `list_row`: a compact row, a headline beside a small thumbnail with its kicker and time;
- `related_card`: the card of another story inside a story's body;
- `feed_line`: a News Feed line (a time and a headline).

Built here rather than in templates: a listing shows twenty cards, and a template's includes
and lookups cost twice what the HTML does. Plain strings with the standard library's escape
(Django's escaping without its lazy-string checks) for the same reason.

Cards are kept by a key (public.reading.shown) derived from what the card shows and from
RENDERER, a digest of this module's source, of the modules it draws with and of the
translations of its words: changing how a card is drawn makes every key new, with no version
to bump by hand.
"""

import hashlib
import sys
from html import escape
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from articles import richtext
from articles.richtext import cut_at_word
from media import pictures
from media.pictures import draw, escape_html
from media.specs import LEAD

from .. import formats
from ..formats import excerpt_list, feed_time, iso_datetime
from . import data
from .data import Card, FeedLine


def _digest(*files: Path) -> str:
    found = hashlib.blake2b(digest_size=8)
    for path in files:
        found.update(path.read_bytes())
    return found.hexdigest()


def _sources(*modules) -> list[Path]:
    return [Path(module.__file__) for module in modules]


def _catalogues() -> list[Path]:
    """The compiled translations of the cards' words ("min read"), in every language."""
    return sorted(
        path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/*/django.mo")
    )


# This module and those it draws with: the addresses, the picture, the times, the excerpts,
# and the words in other languages.
RENDERER = _digest(
    *_sources(sys.modules[__name__], data, pictures, formats, richtext), *_catalogues()
)

CARD_SIZES = "(min-width: 900px) 280px, (min-width: 560px) 45vw, calc(100vw - 32px)"
LEAD_SIZES = "(min-width: 900px) 490px, (min-width: 700px) 60vw, calc(100vw - 32px)"
ROW_SIZES = "96px"
# A folded card: a card in the grid, a row with a small thumbnail on a phone (site.css).
FOLD_SIZES = "(min-width: 900px) 280px, (min-width: 560px) 45vw, 112px"
EXCERPT_LENGTH = 180


def grid_card(card: Card, *, hide_section: bool = False, fold: bool = False) -> SafeString:
    """A story card; text only when the story has no picture. A search result's card shows
    its marked headline and snippet. `fold`: on a phone a compact row (the headline beside a
    small thumbnail, no excerpt), so a screen shows five stories rather than two."""
    url = escape(card.url)
    media = ""
    if card.picture is not None:
        sizes = FOLD_SIZES if fold else CARD_SIZES
        media = (
            f'<a class="card-media" href="{url}" tabindex="-1" aria-hidden="true">'
            f"{draw(card.picture, LEAD, sizes=sizes)}</a>"
        )
    title = card.marked_title or card.title
    if card.snippet:
        excerpt = f'<p class="excerpt snippet">{escape_html(card.snippet)}</p>'
    else:
        excerpt = excerpt_html(card.excerpt, EXCERPT_LENGTH, headline=card.title)
    classes = ("" if card.picture is not None else " card-text") + (" card-fold" if fold else "")
    return mark_safe(
        f'<article class="card{classes}">{media}'
        f'<div class="card-body">{_kicker(card, hide_section=hide_section)}'
        f'<h3 class="card-title"><a href="{url}">{escape_html(title)}</a></h3>{excerpt}'
        f"{_meta(card)}</div></article>"
    )


def lead_story(card: Card) -> SafeString:
    """The front page's lead: its picture fetched first, the whole excerpt."""
    url = escape(card.url)
    media = ""
    if card.picture is not None:
        picture = draw(card.picture, LEAD, sizes=LEAD_SIZES, lead=True)
        media = (
            f'\n    <a class="lead-media" href="{url}" tabindex="-1" aria-hidden="true">'
            f"{picture}</a>\n  "
        )
    kicker = _kicker(card, badge=_live_badge() + "\n")
    return mark_safe(
        f'<article class="lead-story{"" if card.picture is not None else " lead-text"}">\n'
        f'  {media}\n  <div class="lead-body">\n    {kicker}\n'
        f'    <h2 class="lead-title"><a href="{url}">{escape(card.title)}</a></h2>\n'
        f"    {_lead_excerpt(card.excerpt, card.title)}\n"
        f"    {_meta(card)}\n\n  </div>\n</article>\n"
    )


def list_row(card: Card, *, hide_section: bool = False) -> SafeString:
    """A compact row: the headline beside a small thumbnail, with its kicker and time."""
    url = escape(card.url)
    media = ""
    if card.picture is not None:
        media = (
            f'<a class="list-row-media" href="{url}" tabindex="-1" aria-hidden="true">'
            f"{draw(card.picture, LEAD, sizes=ROW_SIZES, alt='')}</a>"
        )
    return mark_safe(
        f'<article class="list-row">{media}<div class="list-row-body">'
        f"{_kicker(card, hide_section=hide_section)}"
        f'<h3 class="list-row-title"><a href="{url}">{escape(card.title)}</a></h3>'
        f'<p class="card-meta">{_time(card.published_at)}</p></div></article>'
    )


# The variants `cardstore.drawn_cards` draws and keeps, by name.
VARIANTS = {
    "grid": grid_card,
    "fold": lambda card, *, hide_section=False: grid_card(
        card, hide_section=hide_section, fold=True
    ),
    "row": list_row,
}


def related_card(card: Card) -> SafeString:
    """Another story's card inside a story's body ("Read also")."""
    picture = ""
    if card.picture is not None:
        picture = draw(card.picture, LEAD, sizes="160px", alt="", css_class="related-image")
    section = f" · {escape(card.section.name)}" if card.section is not None else ""
    label, kicker = escape(gettext("Related story")), escape(gettext("Read also"))
    return mark_safe(
        f'\n<aside class="block-related" aria-label="{label}">\n'
        f'  <a href="{escape(card.url)}">\n    {picture}\n    <span class="related-text">\n'
        f'      <span class="kicker">{kicker}{section}</span>\n'
        f'      <span class="related-title">{escape(card.title)}</span>\n'
        "    </span>\n  </a>\n</aside>\n"
    )


def feed_line(line: FeedLine | Card) -> SafeString:
    """A News Feed line: time and headline (the rail on every page, and the News Feed page)."""
    return mark_safe(
        f'<li>{_time(line.published_at)} <a href="{escape(line.url)}">{escape(line.title)}</a></li>'
    )


def excerpt_html(text: str, limit: int, *, headline: str = "") -> str:
    """A card's excerpt cut at a word; a roundup's " * " bullets become a real list of the
    whole ones that fit in `limit`, without the one its headline already says."""
    bullets = excerpt_list(text, headline=headline, length=limit)
    if bullets is None:
        return f'<p class="excerpt">{escape(cut_at_word(text or "", limit))}</p>'
    intro = f"<p>{escape(bullets['intro'])}</p>" if bullets["intro"] else ""
    items = "".join(f"<li>{escape(item)}</li>" for item in bullets["items"])
    return f'<div class="excerpt excerpt-bullets">{intro}<ul>{items}</ul></div>'


def _lead_excerpt(text: str, headline: str) -> str:
    # The lead shows its whole excerpt (a roundup's bullets as a list).
    bullets = excerpt_list(text, headline=headline)
    if bullets is None:
        return f'\n  \n    <p class="excerpt lead-excerpt">{escape(text or "")}</p>\n  \n\n'
    intro = f"<p>{escape(bullets['intro'])}</p>" if bullets["intro"] else ""
    items = "".join(f"<li>{escape(item)}</li>" for item in bullets["items"])
    return (
        f'\n  \n    <div class="excerpt excerpt-bullets">\n      {intro}\n'
        f"      <ul>{items}</ul>\n    </div>\n  \n\n"
    )


def _live_badge() -> str:
    """The badge of a live story (templates/components/live_badge.html)."""
    return f'<span class="live-badge">{escape(pgettext("a live story", "Live"))}</span>'


def _kicker(card: Card, *, hide_section: bool = False, badge: str | None = None) -> str:
    section = None if hide_section else card.section
    if not card.is_live and section is None:
        return ""
    link = ""
    if section is not None:
        # Not a tab stop of its own on every card: the headline is the card's one stop, and
        # the section's page is one link away in the navigation.
        link = f'<a href="{escape(section.url)}" tabindex="-1">{escape(section.name)}</a>'
    if card.is_live:
        link = (_live_badge() if badge is None else badge) + link
    return f'<p class="kicker">{link}</p>'


def _time(published_at) -> str:
    return (
        f'<time datetime="{escape(iso_datetime(published_at))}">'
        f"{escape(feed_time(published_at))}</time>"
    )


def _meta(card: Card) -> str:
    return (
        f'<p class="card-meta">{_time(card.published_at)}'
        f'<span aria-hidden="true"> · </span><span>{_reading_time(card.reading_time)}</span></p>'
    )


def _reading_time(minutes: int) -> str:
    """ "4 min read" (templates/public/article_detail.html says it the same way)."""
    return escape(ngettext("%(minutes)s min read", "%(minutes)s min read", minutes)) % {
        "minutes": minutes
    }
