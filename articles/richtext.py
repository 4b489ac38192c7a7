"""Rich text for story bodies: one sanitiser, and the plain text derived from it."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from . import blocks

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a",
    "ul", "ol", "li", "blockquote", "figure", "figcaption", "hr", "code", "pre", "cite",
    *blocks.BLOCK_TAGS,
}  # fmt: skip
# Body blocks (articles.blocks) add their data attributes, each value checked there.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "blockquote": {"cite"},
    "ol": {"start"},
    # A code sample's language (from Ghost's code cards), for readers and highlighters.
    "pre": {"data-language"},
    **blocks.BLOCK_ATTRIBUTES,
}
# Links (`href`, checked by nh3): the web, mail, and addresses on this site.
URL_SCHEMES = {"http", "https", "mailto"}
# A quote's source (`cite`), which nh3 does not treat as a URL: absolute web addresses only.
CITE_SCHEMES = {"http", "https"}

_LANGUAGE = re.compile(r"[\w+#.-]{1,30}")

WORDS_PER_MINUTE = 230


def sanitise(html: str) -> str:
    """Keep the tags an editor can make; drop scripts, styles, handlers and foreign schemes."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Drop a `cite` that is not an http(s) address with a host (nh3 passes values decoded),
    and a block attribute whose value is not one articles.blocks accepts."""
    if tag in blocks.BLOCK_ATTRIBUTES and attribute in blocks.BLOCK_ATTRIBUTES[tag]:
        return value if blocks.valid_attribute(tag, attribute, value) else None
    if attribute == "data-language":
        return value if _LANGUAGE.fullmatch(value) else None
    if attribute == "cite":
        try:
            # urlsplit drops the tabs and newlines a browser would ignore ("java\tscript:").
            parts = urlsplit(value.strip())
        except ValueError:  # e.g. an unclosed IPv6 bracket
            return None
        if parts.scheme.lower() not in CITE_SCHEMES or not parts.netloc:
            return None
    return value


class _TextExtractor(HTMLParser):
    """The words readers read: captions and table text count, embeds (someone else's) do not."""

    BLOCKS = {
        "p", "h2", "h3", "h4", "blockquote", "figure", "figcaption", "pre", "ul", "ol",
        "aside", "table", "tr", "th", "td", "cite",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside an embed's figure

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipping:
            self.skipping += tag == "figure"
            return
        if tag == "figure" and attributes.get("data-block") == "embed":
            self.skipping = 1
            return
        if tag == "table" and attributes.get("data-caption"):
            self.parts.append(f" {attributes['data-caption']} ")
        if tag == "li":
            # Roundup excerpts read "Key developments: * first * second", as on the cards.
            self.parts.append(" * ")
        elif tag in self.BLOCKS or tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= tag == "figure"
            return
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return " ".join("".join(parser.parts).split())


def reading_minutes(text: str) -> int:
    """Whole minutes at an adult's reading pace, never less than one."""
    words = len(text.split())
    return max(1, -(-words // WORDS_PER_MINUTE))


def cut_at_word(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, ending at a whole word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—*") + "…"
