"""`{% load newsroom %}`: the News Feed rail, its lines, the times templates write and the
addresses of readers' pages in the page's language."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from authors.addresses import in_language
from public import reading
from public.formats import clock_time, date_time, feed_time, iso_datetime
from public.pagecache import render_rail
from public.prefixes import language_of
from public.reading.cards import feed_line
from public.reading.listings import NEWS_FEED_LENGTH

register = template.Library()
# The times the templates write, as the card renderer writes them.
register.filter("feed_time", feed_time)
register.filter("iso_datetime", iso_datetime)
register.filter("clock_time", clock_time)
register.filter("date_time", date_time)


def news_feed_html(limit=NEWS_FEED_LENGTH, *, language: str = "") -> str:
    """The "News Feed (Updated: …)" rail: the wire, every story in `language` newest first with
    its time, under the time of its newest line. One query."""
    page = reading.news_feed(limit, language=language)
    updated_at = max((line.published_at for line in page.items), default=None)
    context = {
        "items_html": mark_safe("".join(feed_line(line) for line in page.items)),
        "updated_at": updated_at,
        "next_cursor": page.next_cursor,
    }
    return render_to_string("components/news_feed.html", context)


@register.simple_tag(takes_context=True)
def news_feed(context, limit=NEWS_FEED_LENGTH):
    """The rail in the page's language, kept apart in the page cache so a publication only
    splices in a new one. The same on every page, the home page included: the wire repeats
    what a page shows beside it, by design."""
    language = language_of(context.get("request"))
    if limit != NEWS_FEED_LENGTH:
        return news_feed_html(limit, language=language)
    return render_rail(lambda: news_feed_html(language=language), language)


register.simple_tag(feed_line, name="feed_item")


@register.simple_tag(takes_context=True)
def language_url(context, name, *args):
    """`{% url %}` for a reader's page in the page's language: `{% language_url
    'public:search' %}` is /search/ on an English page, /uk/search/ on a Ukrainian one."""
    return in_language(reverse(name, args=args), language_of(context.get("request")))
