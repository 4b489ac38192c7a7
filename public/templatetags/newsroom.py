from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.models import Article
from articles.pagination import Cursor, keyset_page
from articles.richtext import cut_at_word
from public.pagecache import render_rail, shows

register = template.Library()

NEWS_FEED_LENGTH = 12


def news_feed_html(limit=NEWS_FEED_LENGTH) -> str:
    """The "News Feed (Updated: …)" rail: latest stories with their times, one query."""
    page = keyset_page(Article.objects.for_news_feed, None, size=limit)
    shows("feed", *(f"a:{item.pk}" for item in page.items))
    updated_at = max((item.published_at for item in page.items), default=None)
    context = {"items": page.items, "updated_at": updated_at, "next_cursor": page.next_cursor}
    return render_to_string("components/news_feed.html", context)


@register.simple_tag
def news_feed(limit=NEWS_FEED_LENGTH):
    """The rail, kept apart in the page cache so a publication only splices in a new one."""
    if limit != NEWS_FEED_LENGTH:
        return news_feed_html(limit)
    return render_rail(news_feed_html)


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
