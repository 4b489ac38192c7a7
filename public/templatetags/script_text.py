"""`{% script_text %}`: the words static/js writes on readers' pages, in the reader's language.

The scripts carry their English. A page in another language also carries the translations of
those words, as a JSON block that static/js/script-text.js reads (pages in English, whose
words the scripts already have, carry nothing). A plural message comes as its distinct forms
and, for each count below COUNTS, the form it takes: the scripts need no plural rule of their
own, and their counts never pass a page of stories (thirty).
"""

import json
from functools import cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, override

register = template.Library()

COUNTS = 100
# What json_script escapes, so nothing in the data can end its <script> element.
HTML_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _words(count: int) -> tuple[str, ...]:
    """Every word the scripts write, in the active language; the plural ones for `count`."""
    return (
        gettext("Copied"),  # share.js
        gettext("Copy this link: "),
        gettext("Link to copy"),
        gettext("Embedded content"),  # story-blocks.js
        gettext("Updated:"),  # live-feed.js, as the News Feed's heading says it
        ngettext("%(count)s new story", "%(count)s new stories", count),  # live-feed.js
        ngettext("%(count)s new post", "%(count)s new posts", count),  # live-posts.js
        ngettext("%(count)s more loaded.", "%(count)s more loaded.", count),  # show-more.js
    )


@cache
def catalogue(language: str) -> dict:
    """The scripts' words in `language` by their English (the singular, for a plural
    message); empty when every one reads as in English."""
    with override(None):
        english = _words(1)
        as_written = _counted()
    with override(language):
        counted = _counted()
    if counted == as_written:
        return {}
    found = {}
    for key, forms in zip(english, counted, strict=True):
        distinct = list(dict.fromkeys(forms))
        if len(distinct) == 1:
            found[key] = distinct[0]
        else:
            by_count = "".join(str(distinct.index(form)) for form in forms)
            found[key] = {"forms": distinct, "by_count": by_count}
    return found


def _counted() -> list[tuple[str, ...]]:
    """Each word's forms for the counts 0 to COUNTS - 1, in the active language."""
    return list(zip(*(_words(count) for count in range(COUNTS)), strict=True))


@register.simple_tag
def script_text() -> str:
    """The catalogue and its reader for this page's language, or nothing in English."""
    words = catalogue(get_language())
    if not words:
        return ""
    # As json_script writes it, but the letters as they are (Cyrillic is half the bytes).
    data = json.dumps(words, ensure_ascii=False).translate(HTML_SAFE)
    return format_html(
        '<script id="script-text" type="application/json">{}</script>'
        '<script src="{}" defer></script>',
        mark_safe(data),  # escaped for a <script> element just above
        static("js/script-text.js"),
    )
