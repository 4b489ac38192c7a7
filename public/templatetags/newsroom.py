from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.models import Article
from articles.pagination import Cursor, keyset_page
from articles.richtext import cut_at_word
from public.cards import card_html, render_card
from public.pagecache import render_rail, shows

register = template.Library()

NEWS_FEED_LENGTH = 12


def news_feed_html(limit=NEWS_FEED_LENGTH, skip=(), updated_at=None) -> str:
    """The "News Feed (Updated: …)" rail: latest stories with their times, one query.

    `skip`: stories the page already shows above the fold (the home page's lead and top
    stories), so the rail never repeats them; `updated_at` is then the newest story's time,
    which may be one of those.
    """
    skip = list(skip)
    page = keyset_page(
        lambda before: Article.objects.for_news_feed(before).exclude(pk__in=skip), None, size=limit
    )
    shows("feed", *(f"a:{item.pk}" for item in page.items))
    newest_here = max((item.published_at for item in page.items), default=None)
    updated_at = max(filter(None, [updated_at, newest_here]), default=None)
    context = {"items": page.items, "updated_at": updated_at, "next_cursor": page.next_cursor}
    return render_to_string("components/news_feed.html", context)


@register.simple_tag
def news_feed(limit=NEWS_FEED_LENGTH, skip=(), updated_at=None):
    """The rail, kept apart in the page cache so a publication only splices in a new one.

    The home page's rail leaves out what its main column shows, so it is rendered with the
    page (which is cached under the same "feed" key) rather than shared.
    """
    if limit != NEWS_FEED_LENGTH or skip or updated_at:
        return news_feed_html(limit, skip, updated_at)
    return render_rail(news_feed_html)


@register.simple_tag
def story_card(article, hide_section=False, highlighted=False):
    """A story's card: the one its view prepared from the cache (public.cards), or made now;
    a search result's card, with the matched words marked, is always made now."""
    if highlighted:
        return render_card(article, highlighted=True)
    return card_html(article, hide_section=bool(hide_section))


@register.filter
def feed_time(value):
    """ "14:05" for today in the newsroom's zone, "Jan 5" before, "Jan 5, 2025" in past years."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    if local.date() == today:
        return date_format(local, "H:i")
    if local.year == today.year:
        return date_format(local, "M j")
    return date_format(local, "M j, Y")


@register.filter
def keyset_cursor(article):
    """The page cursor of a story: where "newer than this" and "older than this" start."""
    return str(Cursor.after(article)) if article else ""


@register.filter
def excerpt(text, limit=160):
    return cut_at_word(text or "", int(limit))


@register.filter
def iso_datetime(value):
    """A `<time datetime>` value: local time to the second with its offset (valid HTML)."""
    if value is None:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


# A roundup's excerpt: "Key developments on Jan. 5: * first * second * …" (articles.richtext).
_BULLET = " * "


@register.filter
def excerpt_list(text, limit=3):
    """The bullets of a roundup excerpt as (intro, items), or None for ordinary prose."""
    text = text or ""
    if _BULLET not in text:
        return None
    intro, *items = (part.strip() for part in text.split(_BULLET))
    items = [item for item in items if item.strip("…").strip()]
    if not items:
        return None
    return {"intro": intro, "items": items[: int(limit)]}
