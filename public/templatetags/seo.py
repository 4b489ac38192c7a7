"""Share tags and schema.org JSON-LD for page heads: `{% load seo %}`."""

import json

from django import template
from django.utils.safestring import mark_safe

from public import seo

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # escaped for <script> above
        f'<script type="application/ld+json">{payload.translate(_SCRIPT_ESCAPES)}</script>'
    )


@register.simple_tag
def news_article_json_ld(article, body=None):
    return json_ld(seo.news_article(article, body.pictures() if body else ()))


@register.simple_tag
def breadcrumbs_json_ld(article):
    return json_ld(seo.breadcrumbs(article))


@register.simple_tag
def author_json_ld(author):
    return json_ld(seo.author_profile(author))


@register.simple_tag
def live_blog_json_ld(article, posts):
    return json_ld(seo.live_blog(article, list(posts)))


@register.filter
def absolute(path_or_url):
    """An absolute URL on SITE_URL, for canonical links and share tags."""
    return seo.absolute_url(str(path_or_url))


@register.filter
def share_image(image):
    return seo.share_image(image)
