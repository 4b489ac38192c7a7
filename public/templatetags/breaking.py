from django import template

from public.banner import current_banner

register = template.Library()


@register.inclusion_tag("includes/breaking_banner.html")
def breaking_banner():
    """The live breaking-news banner, if any (cached; no query on most pages)."""
    return {"banner": current_banner()}
