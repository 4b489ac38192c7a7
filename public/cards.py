"""Story cards rendered once per version of what they show, and kept in the cache.

A listing shows twenty cards and a card (picture, kicker, excerpt, time) is most of a page's
cost. When a page is purged because one story changed, the other nineteen cards are
the same: `prepare_cards` fetches them all in one cache call and renders only the ones missing.

A card's key is a digest of everything it shows: the story's last save (and its title and
publication time), its section's name and address, its lead image's last save, whether
coverage is live, and the local date (a card says "14:05" today and "Jan 5" tomorrow). So a
changed card is a new key, never a stale entry to purge, and entries simply expire. The image's
renditions are not in the key: every change that removes some (a new file, a new focal point)
saves the image, and a card rendered while one of its renditions could not be made is not
kept. So a page whose cards are all known loads no renditions at all.
"""

import hashlib
from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.richtext import cut_at_word
from media.renditions import has_whole_picture, prefetch_renditions
from media.specs import LEAD
from media.templatetags.pictures import escape_html, picture

from .cacheguard import safe_cache
from .formats import excerpt_list, feed_time, iso_datetime
from .memory import WorkerMemory

CARD_VERSION = 2  # bump when the card's HTML changes, so no old card is served
CARD_SECONDS = 24 * 60 * 60


def card_key(article: Article, *, hide_section: bool = False) -> str:
    # The zone too: a card's time is local ("14:05").
    parts = [CARD_VERSION, hide_section, timezone.get_current_timezone_name()]
    parts += [timezone.localdate(), article.pk, article.modified_at]
    # Also what a queryset update() could change without moving modified_at.
    parts += [article.published_at, article.title, article.is_live]
    section = article.section
    if section is not None and not hide_section:
        parts += [section.pk, section.slug, section.name]
    image = article.lead_image
    if image is not None:
        parts += [image.pk, image.updated_at]
    return "card:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


CARD_SIZES = "(min-width: 900px) 280px, (min-width: 560px) 45vw, calc(100vw - 32px)"
EXCERPT_LENGTH = 180


def render_card(article: Article, *, hide_section: bool = False, highlighted=False) -> SafeString:
    """A story card; text only when the story has no picture.

    Built here rather than in a template: a listing shows twenty and a template's includes
    and lookups cost twice what the HTML does. Plain strings with the standard library's
    escape (Django's escaping without its lazy-string checks) for the same reason. Search
    results (`highlighted`) carry `search_title` and `snippet`, escaped HTML with <mark>
    around the matched words.
    """
    url = escape(article.get_absolute_url())
    image = article.lead_image
    media = ""
    if image is not None:
        media = (
            f'<a class="card-media" href="{url}" tabindex="-1" aria-hidden="true">'
            f"{picture(image, LEAD, sizes=CARD_SIZES)}</a>"
        )
    section = None if hide_section else article.section
    kicker = ""
    if article.is_live or section is not None:
        badge = '<span class="live-badge">Live</span>' if article.is_live else ""
        link = ""
        if section is not None:
            link = f'<a href="{escape(section.get_absolute_url())}">{escape(section.name)}</a>'
        kicker = f'<p class="kicker">{badge}{link}</p>'
    title = article.title
    if highlighted:
        title = getattr(article, "search_title", None) or title
    if highlighted and getattr(article, "snippet", None):
        excerpt = f'<p class="excerpt snippet">{escape_html(article.snippet)}</p>'
    else:
        excerpt = excerpt_html(article.excerpt, EXCERPT_LENGTH)
    published_at = article.published_at
    return mark_safe(
        f'<article class="card{"" if image is not None else " card-text"}">{media}'
        f'<div class="card-body">{kicker}'
        f'<h3 class="card-title"><a href="{url}">{escape_html(title)}</a></h3>{excerpt}'
        f'<p class="card-meta"><time datetime="{escape(iso_datetime(published_at))}">'
        f"{escape(feed_time(published_at))}</time>"
        f'<span aria-hidden="true"> · </span><span>{article.reading_time} min read</span></p>'
        "</div></article>"
    )


def feed_item_html(article: Article) -> SafeString:
    """A News Feed line: time and headline (the rail on every page, and the News Feed page)."""
    published_at = article.published_at
    return mark_safe(
        f'<li><time datetime="{escape(iso_datetime(published_at))}">'
        f"{escape(feed_time(published_at))}</time> "
        f'<a href="{escape(article.get_absolute_url())}">{escape(article.title)}</a></li>'
    )


def excerpt_html(text: str, limit: int) -> str:
    """A card's excerpt cut at a word; a roundup's " * " bullets become a real list."""
    bullets = excerpt_list(text)
    if bullets is None:
        return f'<p class="excerpt">{escape(cut_at_word(text or "", limit))}</p>'
    intro = f"<p>{escape(bullets['intro'])}</p>" if bullets["intro"] else ""
    items = "".join(f"<li>{escape(item)}</li>" for item in bullets["items"])
    return f'<div class="excerpt excerpt-bullets">{intro}<ul>{items}</ul></div>'


# Cards this process rendered or read, by key, the newest of them (a few MB). A key names
# everything its card shows, so an entry is never stale, only no longer asked for: a page reads
# from the shared cache only the cards this worker lacks, and a site run without a cache
# (CACHE_URL=dummy://) does not render the same twenty cards for every page.
LOCAL_CARDS = WorkerMemory("cards of article pages", max_items=4000)


def prepare_cards(stories, *, hide_section: bool = False, pictures=()) -> None:
    """Give each story its card's HTML (`story.card_html`): from this worker's memory, then
    the cache, rendering and storing the missing ones. The renditions of the cards to render
    and of `pictures` (other images the page shows) load in one query, none when every card
    is known and `pictures` are loaded."""
    unknown = find_cards(stories, hide_section=hide_section)
    prefetch_renditions([*pictures, *(story.lead_image for story in unknown)])
    render_cards(unknown, hide_section=hide_section)


def find_cards(stories, *, hide_section: bool = False) -> list[Article]:
    """Give each story whose card this worker or the cache holds its HTML (one cache call, none
    when the worker has them all), and return the others, to pass to `render_cards` once their
    lead images' renditions are loaded. Stories already prepared are left as they are."""
    stories = [story for story in stories if not _is_prepared(story, hide_section)]
    keys = {story.pk: card_key(story, hide_section=hide_section) for story in stories}
    found = LOCAL_CARDS.get_many(keys.values())
    lacking = [key for key in keys.values() if key not in found]
    if lacking:
        shared = safe_cache.get_many(lacking)
        found.update(shared)
        LOCAL_CARDS.set_many(shared)
    unknown = []
    for story in stories:
        html = found.get(keys[story.pk])
        if html is None:
            story.__dict__["card_key"] = keys[story.pk]
            unknown.append(story)
        else:
            story.card_html = (mark_safe(html), hide_section)
    return unknown


def render_cards(stories, *, hide_section: bool = False) -> None:
    """Render the cards `find_cards` lacked and store them (one cache call). A card whose
    picture lacks a rendition that could not be made is not kept: the next page tries again."""
    made = {}
    for story in stories:
        html = render_card(story, hide_section=hide_section)
        story.card_html = (html, hide_section)
        key = story.__dict__.pop("card_key")
        image = story.lead_image
        if image is None or has_whole_picture(image, LEAD):
            made[key] = html
    if made:
        safe_cache.set_many(made, CARD_SECONDS)
        LOCAL_CARDS.set_many(made)


def _is_prepared(story: Article, hide_section: bool) -> bool:
    prepared = story.__dict__.get("card_html")
    return prepared is not None and prepared[1] == hide_section


def card_html(article: Article, *, hide_section: bool = False) -> SafeString:
    """The story's prepared card, or one rendered now (a view that did not prepare it)."""
    if _is_prepared(article, hide_section):
        return article.card_html[0]
    return render_card(article, hide_section=hide_section)
