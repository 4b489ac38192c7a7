"""The Share button: `{% load share %}{% share_button path title %}`.

Plain share addresses that work without JavaScript and send nothing to anyone until the reader
picks one; static/js/share.js adds the phone's share sheet and "Copy link"."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext

from public.seo import absolute_url

register = template.Library()


@dataclass(frozen=True)
class ShareLink:
    label: str
    href: str
    new_tab: bool = True


def share_links(url: str, title: str) -> list[ShareLink]:
    """Where a story can be shared, each with the story's address (and title where it fits)."""

    def query(**params) -> str:
        return urlencode(params, quote_via=quote)

    return [
        ShareLink("X", f"https://x.com/intent/post?{query(text=title, url=url)}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?{query(u=url)}"),
        ShareLink("Telegram", f"https://t.me/share/url?{query(url=url, text=title)}"),
        ShareLink("WhatsApp", f"https://wa.me/?{query(text=f'{title} {url}')}"),
        ShareLink(gettext("Email"), f"mailto:?{query(subject=title, body=url)}", new_tab=False),
    ]


@register.inclusion_tag("components/share.html")
def share_button(path, title, *, fragment="", label=""):
    """Share `path` (#`fragment`) on SITE_URL; `label` tells screen readers what is shared
    when a page has several buttons ("this post")."""
    url = absolute_url(str(path)) + (f"#{fragment}" if fragment else "")
    return {"url": url, "title": title, "label": label, "links": share_links(url, title)}
