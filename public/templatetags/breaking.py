from django import template
from django.template.loader import render_to_string

from public.banner import current_banner
from public.pagecache import shows

register = template.Library()


@register.simple_tag
def breaking_banner():
    """The live breaking-news banner, if any (cached; no query on most pages). Most pages have
    none, and then no template is rendered at all."""
    shows("banner")
    banner = current_banner()
    if banner is None:
        return ""
    return render_to_string("includes/breaking_banner.html", {"banner": banner})
