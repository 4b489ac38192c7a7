from django import template

from public.banner import current_banner
from public.pagecache import shows

register = template.Library()


@register.inclusion_tag("includes/breaking_banner.html")
def breaking_banner():
    """The live breaking-news banner, if any (cached; no query on most pages)."""
    shows("banner")
    return {"banner": current_banner()}
