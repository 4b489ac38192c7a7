"""`{% load newsroom %}`: the News Feed rail, its lines and the times templates write."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from public import reading
from public.formats import feed_time, iso_datetime
from public.pagecache import render_rail
from public.reading.cards import feed_line
from public.reading.listings import NEWS_FEED_LENGTH

register = template.Library()
# The times the templates write, as the card renderer writes them.
register.filter("feed_time", feed_time)
register.filter("iso_datetime", iso_datetime)


def news_feed_html(limit=NEWS_FEED_LENGTH, skip=(), updated_at=None) -> str:
    """The "News Feed (Updated: …)" rail: latest stories with their times, one query.

    `skip`: stories the page already shows above the fold (the home page's lead and top
    stories), so the rail never repeats them; `updated_at` is then the newest story's time,
    which may be one of those.
    """
    page = reading.news_feed(limit, skip)
    newest_here = max((line.published_at for line in page.items), default=None)
    updated_at = max(filter(None, [updated_at, newest_here]), default=None)
    context = {
        "items_html": mark_safe("".join(feed_line(line) for line in page.items)),
        "updated_at": updated_at,
        "next_cursor": page.next_cursor,
    }
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


register.simple_tag(feed_line, name="feed_item")
