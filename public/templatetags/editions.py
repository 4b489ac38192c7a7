"""The language switcher and the hreflang alternates of a page: `{% load editions %}`.

Both read the page's context as its view left it: the story of an article page (`article`),
a listing's `is_home`, `section`, `tag` or `author` and its `page`, search's `is_search` and
`query`; any other page links every language's home page. A tag page asks which languages
the tag has a page in (one query, made once for the page). Where the newsroom has one
language they write nothing at all, so its pages are what they always were.
"""

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from authors.addresses import slug_url
from public import seo
from public.prefixes import language_of
from public.reading import editions
from public.reading.data import StoryPage

register = template.Library()

LISTINGS = (("section", "public:section"), ("tag", "public:tag"), ("author", "public:author"))


def _listing_path(context) -> str | None:
    """The main-language address of the listing the page is, if it is one."""
    if context.get("is_home"):
        return reverse("public:home")
    for name, url_name in LISTINGS:
        found = context.get(name)
        if found is not None and getattr(found, "slug", None):
            return slug_url(url_name, found.slug)
    return None


def page_languages(context) -> editions.PageLanguages | None:
    """The page's switcher and alternates (None for a one-language newsroom), worked out once
    for the page (its head and its header both ask)."""
    if not editions.is_multilingual():
        return None
    request = context.get("request")
    template, found = getattr(request, "page_languages", (None, None))
    if found is None or template is not context.template:  # not this page's
        found = _page_languages(context, language_of(request))
        if request is not None:
            request.page_languages = (context.template, found)
    return found


def _page_languages(context, language: str) -> editions.PageLanguages:
    article = context.get("article")
    if isinstance(article, StoryPage):
        return editions.story_languages(article, indexable=not context.get("is_preview"))
    path = _listing_path(context)
    if path is not None:
        page, tag = context.get("page"), context.get("tag")
        among = editions.tag_languages(tag.id, language) if tag is not None else None
        indexable = getattr(page, "is_first", True)
        return editions.listing_languages(path, language, indexable=indexable, among=among)
    if context.get("is_search"):
        return editions.search_languages(context.get("query") or "", language)
    return editions.other_languages(language)


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The header's list of languages, each by its own name, the page's own marked."""
    found = page_languages(context)
    if found is None:
        return ""
    html = get_template("includes/language_switcher.html").render({"languages": found})
    return mark_safe(html.rstrip("\n"))  # rendered with autoescaping


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """`<link rel="alternate" hreflang>` for every version of the page, itself and x-default
    included, on SITE_URL (none for a page with no version in another language)."""
    found = page_languages(context)
    if found is None or not found.alternates:
        return ""
    return format_html_join(
        "",
        '\n    <link rel="alternate" hreflang="{}" href="{}">',
        ((code, seo.absolute_url(url)) for code, url in found.alternates),
    )
