"""Story cards rendered once per version of what they show, and kept in the cache.

A listing shows twenty cards and a card's template (picture, kicker, excerpt, time) is most of
a page's cost. When a page is purged because one story changed, the other nineteen cards are
the same: `prepare_cards` fetches them all in one cache call and renders only the ones missing.

A card's key is a digest of everything it shows: the story's last save, its section's name
and address, its lead image's last save and renditions, whether coverage is live, and the
local date (a card says "14:05" today and "Jan 5" tomorrow). So a changed card is a new key,
never a stale entry to purge, and entries simply expire.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

from .cacheguard import safe_cache

CARD_TEMPLATE = "components/article_card.html"
CARD_SECONDS = 24 * 60 * 60


def card_key(article: Article, *, hide_section: bool = False) -> str:
    parts = [CARD_TEMPLATE, hide_section, timezone.localdate(), article.pk, article.modified_at]
    parts.append(article.is_live)
    section = article.section
    if section is not None and not hide_section:
        parts += [section.pk, section.slug, section.name]
    image = article.lead_image
    if image is not None:
        parts += [image.pk, image.updated_at, _rendition_ids(image)]
    return "card:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _rendition_ids(image) -> list[int] | None:
    """The renditions loaded with the image (a card made since new ones were, is new too)."""
    loaded = getattr(image, "_prefetched_objects_cache", {}).get("renditions")
    return None if loaded is None else sorted(rendition.pk for rendition in loaded)


def render_card(article: Article, *, hide_section: bool = False) -> SafeString:
    context = {"article": article, "hide_section": hide_section}
    return mark_safe(render_to_string(CARD_TEMPLATE, context))  # noqa: S308 - our template


def prepare_cards(stories, *, hide_section: bool = False) -> None:
    """Give each story its card's HTML (`story.card_html`) from the cache, rendering and
    storing the missing ones: one cache call to read, one to write."""
    stories = list(stories)
    if not stories:
        return
    keys = {story.pk: card_key(story, hide_section=hide_section) for story in stories}
    found = safe_cache.get_many(list(keys.values()))
    missing = {}
    for story in stories:
        key = keys[story.pk]
        html = found.get(key)
        if html is None:
            html = missing[key] = render_card(story, hide_section=hide_section)
        story.card_html = (mark_safe(html), hide_section)
    if missing:
        safe_cache.set_many(missing, CARD_SECONDS)


def card_html(article: Article, *, hide_section: bool = False) -> SafeString:
    """The story's prepared card, or one rendered now (a view that did not prepare it)."""
    prepared = article.__dict__.get("card_html")
    if prepared is not None and prepared[1] == hide_section:
        return prepared[0]
    return render_card(article, hide_section=hide_section)
