from django import template
from django.template.loader import render_to_string

from public.reading import banner

register = template.Library()


@register.simple_tag
def breaking_banner():
    """The live breaking-news banner, if any (kept; no query on most pages). Most pages have
    none, and then no template is rendered at all."""
    live = banner()
    if live is None:
        return ""
    return render_to_string("includes/breaking_banner.html", {"banner": live})
