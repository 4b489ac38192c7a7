"""Story cards drawn once per version of what they show, and kept: by each worker and in the
shared cache.

A listing shows twenty cards and a card (picture, kicker, excerpt, time) is most of a page's
cost. When a page is purged because one story changed, the other nineteen cards are the
same: `drawn_cards` finds them all in one cache call and draws only the ones missing.

A card's key is a digest of everything it shows (`Card.shown()`: the story's address, headline,
excerpt, time, reading time, live state, section, and its picture's last save), of how it is
drawn (`cards.RENDERER`, a digest of the renderer's source and translations), of the local
date and the time zone (a card says "14:05" today and "Jan 5" tomorrow) and of the language
("4 min read", "4 хв читання"). So a changed card is a new key, never a stale entry to purge,
and entries simply expire. The picture's renditions are not in the
key: every change that removes some (a new file, a new focal point) saves the image, and a
card drawn while one of its renditions could not be made is not kept. So a page whose cards
are all known loads no renditions at all.
"""

import hashlib
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from media.pictures import Picture, has_whole_picture
from media.specs import LEAD

from ..cacheguard import safe_cache
from ..memory import WorkerMemory
from . import sql
from .cards import RENDERER, VARIANTS
from .data import Card

CARD_SECONDS = 24 * 60 * 60
# Cards this worker drew or read, by key, the newest of them (a few MB). A key names
# everything its card shows, so an entry is never stale, only no longer asked for: a page reads
# from the shared cache only the cards this worker lacks, and a site run without a cache
# (CACHE_URL=dummy://) does not draw the same twenty cards for every page.
CARDS = WorkerMemory("cards", max_items=4000)


def card_key(card: Card, *, hide_section: bool = False, variant: str = "grid") -> str:
    # The zone too: a card's time is local ("14:05"); and the language it is written in.
    zone, today = timezone.get_current_timezone_name(), timezone.localdate()
    parts = (RENDERER, variant, hide_section, zone, today, get_language())
    shown = repr((*parts, card.shown(hide_section=hide_section)))
    return "card:" + hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()


def drawn_cards(
    cards: Sequence[Card],
    *,
    hide_section: bool = False,
    also: Iterable[Picture | None] = (),
    wanted: Iterable[int] = (),
    variant: str = "grid",
    ways: Sequence[tuple[str, bool]] | None = None,
) -> tuple[tuple[SafeString, ...], dict[int, Picture]]:
    """Each card's HTML, in order: from this worker's memory, then the shared cache, drawing
    and keeping the missing ones. The renditions of the cards to draw, of `also` (other
    pictures the page shows) and the pictures of `wanted` ids load in one query, none when
    every card is known and there is nothing else to load; `also` and `wanted` come back
    loaded, by id. Each card is drawn as `variant` (cards.VARIANTS), or with `ways` as its own
    (variant, hide_section): a page of several kinds of card still loads its renditions once."""
    ways = list(ways) if ways is not None else [(variant, hide_section)] * len(cards)
    keys = [
        card_key(card, variant=way, hide_section=hide)
        for card, (way, hide) in zip(cards, ways, strict=True)
    ]
    found = CARDS.get_many(keys)
    lacking = [key for key in keys if key not in found]
    if lacking:
        shared = safe_cache.get_many(lacking)
        found.update(shared)
        CARDS.set_many(shared)
    unknown = [
        (card, key, way)
        for card, key, way in zip(cards, keys, ways, strict=True)
        if key not in found
    ]
    pictures = [p for p in also if p is not None and p.renditions is None]
    pictures += [card.picture for card, _, _ in unknown if card.picture is not None]
    wanted = set(wanted)
    loaded = sql.pictures(wanted, known=pictures) if pictures or wanted else {}
    made = {}
    for card, key, (way, hide) in unknown:
        if card.picture is not None:
            card = card.with_picture(loaded[card.picture.id])
        html = found[key] = VARIANTS[way](card, hide_section=hide)
        if card.picture is None or has_whole_picture(card.picture, LEAD):
            made[key] = html
    if made:
        safe_cache.set_many(made, CARD_SECONDS)
        CARDS.set_many(made)
    return tuple(mark_safe(found[key]) for key in keys), loaded


def with_loaded(picture: Picture | None, loaded: dict[int, Picture]) -> Picture | None:
    """The picture with its renditions, if they were loaded."""
    return loaded.get(picture.id, picture) if picture is not None else None
