from django import template
from django.template.loader import render_to_string

from public.prefixes import language_of
from public.reading import banner

register = template.Library()


@register.simple_tag(takes_context=True)
def breaking_banner(context):
    """The live breaking-news banner, if any (kept; no query on most pages). Most pages have
    none, and then no template is rendered at all."""
    live = banner(language=language_of(context.get("request")))
    if live is None:
        return ""
    return render_to_string("includes/breaking_banner.html", {"banner": live})
