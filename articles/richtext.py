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
# How a list item reads in plain text: "Key developments: * first * second" (roundup excerpts).
BULLET = " * "


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
            self.parts.append(BULLET)
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


class _OpeningList(_TextExtractor):
    """The text of a body up to the end of its first list (the words after it are left out:
    html_to_text runs a list's last item into the next paragraph)."""

    def __init__(self):
        super().__init__()
        self.lists = 0  # depth inside lists
        self.done = False

    def handle_starttag(self, tag, attrs):
        if not self.done:
            self.lists += tag in ("ul", "ol")
            super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if not self.done:
            super().handle_endtag(tag)
            if tag in ("ul", "ol") and self.lists:
                self.lists -= 1
                self.done = not self.lists

    def handle_data(self, data):
        if not self.done:
            super().handle_data(data)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def says_again(headline: str, text: str) -> bool:
    """Whether a line of an excerpt only repeats the headline above it (a roundup titled
    "Meridian latest: <its first item>", or its intro "Key developments on Jan. 5:")."""
    words = _words(text)
    return bool(words) and f" {words} " in f" {_words(headline)} "


def list_excerpt(html: str, limit: int, *, headline: str = "") -> str | None:
    """The excerpt of a body that opens with a list (a roundup): the words before the list,
    then the list's whole items that fit in `limit`, " * " before each, as html_to_text writes
    them; an item is never cut, and one that only repeats the headline is left out. None when
    the list does not start within `limit` or no item fits."""
    parser = _OpeningList()
    parser.feed(html or "")
    parser.close()
    text = " ".join("".join(parser.parts).split())
    if not parser.done or BULLET not in f" {text}":
        return None
    intro, *items = (part.strip() for part in f" {text}".split(BULLET))
    if says_again(headline, intro):
        intro = ""
    kept: list[str] = []
    for item in items:
        if not item or says_again(headline, item):
            continue
        if len(_bulleted(intro, [*kept, item])) > limit:
            break
        kept.append(item)
    return _bulleted(intro, kept) if kept else None


def _bulleted(intro: str, items: list[str]) -> str:
    return f"{intro}{BULLET}{BULLET.join(items)}".strip()


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
