"""What a feed reader and a browser make of our output, for tests that look for markup we did
not write: a feed's fields after one decoding, and the elements HTML text opens."""

from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree

ATOM = "{http://www.w3.org/2005/Atom}"
ENTRY = f"{ATOM}entry"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
# Elements readers render as HTML in RSS (by convention; the format does not say).
RSS_HTML = {"title", "description", CONTENT_ENCODED}


@dataclass(frozen=True)
class Field:
    element: str  # the tag, with its namespace
    html: bool  # rendered as HTML by readers, rather than shown as text
    text: str  # after one decoding: the XML parser's text


def feed_fields(xml: bytes) -> list[Field]:
    """Every text and attribute of the feed, as a reader reads it (the XML must parse)."""
    root = lxml.etree.fromstring(xml)
    atom = root.tag == f"{ATOM}feed"
    fields = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        html = element.get("type") in ("html", "xhtml") if atom else element.tag in RSS_HTML
        if element.text and element.text.strip():
            fields.append(Field(element.tag, html, element.text))
        for name, value in element.attrib.items():
            if name != "type":
                fields.append(Field(f"{element.tag}@{name}", False, value))
    return fields


def item_field(xml: bytes, rss: str, atom: str) -> list[str]:
    """The decoded text of one field of each item (`rss` in RSS, `atom` in Atom)."""
    root = lxml.etree.fromstring(xml)
    if root.tag == f"{ATOM}feed":
        return [
            e.text or "" for e in root.iter(f"{ATOM}{atom}") if e.getparent().tag.endswith("entry")
        ]
    return [e.text or "" for e in root.iter(rss) if e.getparent().tag == "item"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))


def html_tags(html: str) -> list[tuple[str, tuple]]:
    """The elements (tag, attributes) that HTML text opens."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags
