"""One way out for text per place it is written: feeds, JSON-LD and page heads.

What a field needs depends on where it lands, not on what it holds:
- A feed element the format defines as plain text (an Atom <title>, an author's name, a
  category, Media RSS's description and credit) gets `feed_text`: one line, nothing XML
  refuses; the XML writer escapes it once and readers show it as text.
- A feed element readers render as HTML (RSS <title> and <description> by convention, Atom
  type="html") gets `feed_html` for text, which escapes it as HTML first (so the XML carries
  `&amp;lt;script…` and a reader shows "<script…" as words), or `feed_markup` for HTML our
  sanitiser produced (the story's body, a live post).
- JSON-LD inside <script type="application/ld+json"> gets `json_ld`.
- <title>, <meta content> and other head attributes get `meta_text`.
"""

import json
from html import escape

from django.utils.safestring import SafeString, mark_safe

from articles.plaintext import one_line, xml_chars


def feed_text(value) -> str:
    """A plain-text feed element's content (the XML writer escapes it)."""
    return one_line(value or "")


def feed_html(value) -> str:
    """Text for a feed element that readers render as HTML: escaped as HTML, so it shows as
    the words it is, never as markup."""
    return escape(feed_text(value), quote=False)


def feed_markup(html) -> str:
    """Sanitised HTML (a story's body, a live post) for a feed element of type HTML."""
    return xml_chars(html or "")


# JSON inside <script> must not close the element, open a comment or end a JavaScript line:
# the characters that could are written as \u escapes, which JSON reads back as themselves.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld(data: dict) -> str:
    """Data as JSON to put inside a <script type="application/ld+json"> element."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return payload.translate(_SCRIPT_ESCAPES)


def meta_text(value) -> SafeString:
    """Text for <title> or a head tag's attribute: one line, escaped as HTML (quotes too)."""
    return mark_safe(escape(one_line(value or "")))  # noqa: S308 - escaped here
