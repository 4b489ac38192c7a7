"""Share tags and schema.org JSON-LD for page heads: `{% load seo %}`."""

from django import template
from django.utils.safestring import mark_safe

from public import escaping, seo

register = template.Library()


def json_ld(data: dict) -> str:
    return mark_safe(  # escaped for <script> by escaping.json_ld
        f'<script type="application/ld+json">{escaping.json_ld(data)}</script>'
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


@register.simple_tag
def social_meta(*, title, description, url, image=None, type="website", site_name=""):
    """Open Graph and Twitter card tags: `url` is the page's path, `image` a library Image
    (the site's logo when there is none).

    Built here rather than in an included template, which cost more than the page's other
    head tags together."""
    e = escaping.meta_text
    lines = [
        f'<meta property="og:site_name" content="{e(site_name)}">',
        f'<meta property="og:type" content="{e(type or "website")}">',
        f'<meta property="og:title" content="{e(title)}">',
        f'<meta property="og:description" content="{e(description)}">',
        f'<meta property="og:url" content="{e(seo.absolute_url(str(url)))}">',
    ]
    picture = seo.share_image(image)
    if picture is not None:
        lines += [
            f'<meta property="og:image" content="{e(picture.url)}">',
            f'<meta property="og:image:type" content="{e(picture.mime_type)}">',
            f'<meta property="og:image:width" content="{picture.width}">',
            f'<meta property="og:image:height" content="{picture.height}">',
            f'<meta property="og:image:alt" content="{e(picture.alt)}">',
            '<meta name="twitter:card" content="summary_large_image">',
            f'<meta name="twitter:image" content="{e(picture.url)}">',
            f'<meta name="twitter:image:alt" content="{e(picture.alt)}">',
        ]
    else:
        # No picture of its own: the newsroom's logo, so a shared link still shows one.
        logo = seo.logo_url()
        lines += [
            f'<meta property="og:image" content="{e(logo)}">',
            f'<meta property="og:image:alt" content="{e(site_name)}">',
            '<meta name="twitter:card" content="summary">',
            f'<meta name="twitter:image" content="{e(logo)}">',
        ]
    lines += [
        f'<meta name="twitter:title" content="{e(title)}">',
        f'<meta name="twitter:description" content="{e(description)}">',
    ]
    return mark_safe("\n    ".join(lines))  # each value escaped above


@register.filter
def feed_text(value):
    """Plain text for an XML element written by a template (the news sitemap's titles): one
    line, nothing XML refuses; the template's autoescaping escapes it."""
    return escaping.feed_text(value)


@register.filter
def meta_text(value):
    """Text for <title> and head tags: one line, escaped (public.escaping)."""
    return escaping.meta_text(value)


@register.filter
def absolute(path_or_url):
    """An absolute URL on SITE_URL, for canonical links and share tags."""
    return seo.absolute_url(str(path_or_url))


@register.filter
def share_image(image):
    return seo.share_image(image)
