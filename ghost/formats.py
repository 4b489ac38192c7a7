"""Ghost's two stored editor formats turned into the HTML Ghost itself would render.

A post's `html` column is Ghost's rendering of its editor document; some exports leave it
empty (posts never opened in a newer Ghost, or exports made with `html` stripped). The document
is then `lexical` (Ghost 5 and 6, the Koenig editor on Lexical) or `mobiledoc` (Ghost 1 to 4).
Both are converted to the same HTML Ghost renders, cards included (`kg-*-card` markup, the
`<!--members-only-->` marker for the paywall), so one path (ghost/cards.py) handles every
export whichever format it came in.

Lexical (https://lexical.dev, Ghost's nodes in `@tryghost/kg-default-nodes`): a tree under
`root.children`; element nodes (`paragraph`, `heading` with `tag`, `quote`, `list` with
`listType` bullet/number and `listitem` children, `link` with `url`) hold `text` nodes whose
`format` is a bit mask (1 bold, 2 italic, 4 strikethrough, 8 underline, 16 code, 32 subscript,
64 superscript) and `linebreak` nodes; Ghost's cards are leaf nodes with their fields inline
(`image` src/alt/caption/cardWidth, `gallery` images, `embed` url/html/embedType, `bookmark`
url/metadata, `callout` calloutText/calloutEmoji, `toggle` heading/content, `codeblock`
code/language, `html` html, `markdown` markdown, `horizontalrule`, `header`, `button`,
`paywall`, `aside`, `video`, `audio`, `file`, `product`, `signup`, `email`…).

Mobiledoc 0.3 (https://github.com/bustle/mobiledoc-kit/blob/master/MOBILEDOC.md): `markups`
([tag, [attr, value, …]]), `atoms`, `cards` ([name, payload]) and `sections`: [1, tag, markers]
a markup section, [2, src] an image, [3, tag, items] a list whose items are marker lists,
[10, card index] a card. A marker is [0 text | 1 atom, opened markup indexes, number closed,
value]. Ghost's cards have the same names and payload fields as in Lexical (`image`,
`gallery`, `embed`, `bookmark`, `callout`, `toggle`, `code`, `html`, `markdown`, `hr`,
`header`, `button`, `paywall`).

Card types with nothing a reader of a news site needs (signup forms, email-only content,
products, audio/video/file uploads held on the old server) are left out and counted in
`Conversion.skipped`, which the import's report lists.
"""

import json
from dataclasses import dataclass, field
from html import escape

# Lexical text format bits, outermost first.
_FORMATS = ((16, "code"), (1, "strong"), (2, "em"), (4, "s"), (8, "u"), (32, "sub"), (64, "sup"))
_MOBILEDOC_MARKUPS = {"a", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code"}
_WIDTHS = {"wide": " kg-width-wide", "full": " kg-width-full"}
MAX_NODES = 100_000


class FormatError(ValueError):
    """A lexical or mobiledoc document that cannot be read; the message says why."""


@dataclass
class Conversion:
    html: str
    skipped: list[str] = field(default_factory=list)


def _attr(value) -> str:
    return escape(str(value or ""), quote=True)


def _load(document: str, what: str) -> dict:
    try:
        data = json.loads(document)
    except (ValueError, RecursionError) as error:
        raise FormatError(f"{what} is not valid JSON ({error.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise FormatError(f"{what} must be a JSON object")
    return data


# Cards, shared by both formats ---------------------------------------------------------------


def card_html(name: str, payload: dict, skipped: list[str]) -> str:
    """Ghost's rendering of one card (the subset of its markup our import reads)."""
    p = payload if isinstance(payload, dict) else {}
    match name:
        case "image":
            width = _WIDTHS.get(str(p.get("cardWidth") or ""), "")
            caption = (
                f"<figcaption>{p.get('caption') or ''}</figcaption>" if p.get("caption") else ""
            )
            return (
                f'<figure class="kg-card kg-image-card{width}"><img src="{_attr(p.get("src"))}" '
                f'class="kg-image" alt="{_attr(p.get("alt"))}">{caption}</figure>'
            )
        case "gallery":
            images = "".join(
                f'<div class="kg-gallery-image"><img src="{_attr(i.get("src"))}" '
                f'alt="{_attr(i.get("alt"))}" title="{_attr(i.get("caption"))}"></div>'
                for i in p.get("images") or []
                if isinstance(i, dict)
            )
            caption = f"<figcaption>{p.get('caption')}</figcaption>" if p.get("caption") else ""
            return (
                '<figure class="kg-card kg-gallery-card kg-width-wide"><div class="kg-gallery-'
                f'container"><div class="kg-gallery-row">{images}</div></div>{caption}</figure>'
            )
        case "embed":
            caption = f"<figcaption>{p.get('caption')}</figcaption>" if p.get("caption") else ""
            return (
                f'<figure class="kg-card kg-embed-card" data-url="{_attr(p.get("url"))}">'
                f"{p.get('html') or ''}{caption}</figure>"
            )
        case "bookmark":
            meta = p.get("metadata") if isinstance(p.get("metadata"), dict) else {}
            return (
                f'<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" '
                f'href="{_attr(p.get("url"))}"><div class="kg-bookmark-content"><div '
                f'class="kg-bookmark-title">{escape(str(meta.get("title") or p.get("url") or ""))}'
                f'</div><div class="kg-bookmark-description">'
                f"{escape(str(meta.get('description') or ''))}</div></div></a></figure>"
            )
        case "callout":
            return (
                '<div class="kg-card kg-callout-card"><div class="kg-callout-emoji">'
                f'{escape(str(p.get("calloutEmoji") or ""))}</div><div class="kg-callout-text">'
                f"{p.get('calloutText') or ''}</div></div>"
            )
        case "toggle":
            return (
                '<div class="kg-card kg-toggle-card"><div class="kg-toggle-heading"><h4 class="'
                f'kg-toggle-heading-text">{p.get("heading") or ""}</h4></div><div class="'
                f'kg-toggle-content">{p.get("content") or ""}</div></div>'
            )
        case "code" | "codeblock":
            language = str(p.get("language") or "")
            lang = f' class="language-{_attr(language)}"' if language else ""
            return f"<pre><code{lang}>{escape(str(p.get('code') or ''))}</code></pre>"
        case "html":
            return f"<!--kg-card-begin: html-->{p.get('html') or ''}<!--kg-card-end: html-->"
        case "markdown":
            return f'<div class="kg-card kg-markdown-card">{_markdown(p.get("markdown"))}</div>'
        case "hr" | "horizontalrule":
            return "<hr>"
        case "header":
            heading = p.get("header") or p.get("heading") or ""
            sub = p.get("subheader") or p.get("subheading") or ""
            button = ""
            if p.get("buttonEnabled") and p.get("buttonUrl"):
                button = (
                    f'<a href="{_attr(p.get("buttonUrl"))}" class="kg-header-card-button">'
                    f"{escape(str(p.get('buttonText') or p.get('buttonUrl')))}</a>"
                )
            return (
                f'<div class="kg-card kg-header-card"><h2 class="kg-header-card-header">'
                f'{heading}</h2><h3 class="kg-header-card-subheader">{sub}</h3>{button}</div>'
            )
        case "button":
            return (
                f'<div class="kg-card kg-button-card"><a href="{_attr(p.get("buttonUrl"))}" '
                f'class="kg-btn">{escape(str(p.get("buttonText") or p.get("buttonUrl") or ""))}'
                "</a></div>"
            )
        case "paywall":
            return "<!--members-only-->"
    skipped.append(f"{name} card")
    return ""


def _markdown(text) -> str:
    """Ghost's old markdown card: paragraphs and line breaks (no markdown engine is shipped;
    emphasis and links stay as typed, escaped)."""
    paragraphs = [part.strip() for part in str(text or "").split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)


# Lexical --------------------------------------------------------------------------------------

_LEXICAL_BLOCKS = {"paragraph": "p", "quote": "blockquote", "aside": "blockquote"}
_LEXICAL_CARDS = {"codeblock": "code", "horizontalrule": "hr"}


def lexical_to_html(document: str) -> Conversion:
    data = _load(document, "lexical")
    root = data.get("root")
    if not isinstance(root, dict):
        raise FormatError("lexical has no root node")
    skipped: list[str] = []
    budget = [MAX_NODES]
    html = "".join(_lexical_node(node, skipped, budget) for node in _children(root))
    return Conversion(html, skipped)


def _children(node: dict) -> list:
    children = node.get("children")
    return (
        [child for child in children if isinstance(child, dict)]
        if isinstance(children, list)
        else []
    )


def _lexical_node(node: dict, skipped: list[str], budget: list[int]) -> str:
    budget[0] -= 1
    if budget[0] < 0:
        raise FormatError(f"lexical has more than {MAX_NODES} nodes")
    kind = str(node.get("type") or "")
    inner = lambda: "".join(_lexical_node(c, skipped, budget) for c in _children(node))  # noqa: E731
    if kind in ("text", "extended-text"):
        text = escape(str(node.get("text") or ""))
        fmt = node.get("format") if isinstance(node.get("format"), int) else 0
        for bit, tag in reversed(_FORMATS):
            if fmt & bit:
                text = f"<{tag}>{text}</{tag}>"
        return text
    if kind == "linebreak":
        return "<br>"
    if kind in ("link", "autolink", "at-link"):
        return f'<a href="{_attr(node.get("url"))}">{inner()}</a>'
    if kind in _LEXICAL_BLOCKS or kind in ("extended-quote",):
        tag = _LEXICAL_BLOCKS.get(kind, "blockquote")
        return f"<{tag}>{inner()}</{tag}>"
    if kind in ("heading", "extended-heading"):
        tag = str(node.get("tag") or "h2")
        tag = tag if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} else "h2"
        return f"<{tag}>{inner()}</{tag}>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{inner()}</{tag}>"
    if kind == "listitem":
        return f"<li>{inner()}</li>"
    return card_html(_LEXICAL_CARDS.get(kind, kind), node, skipped)


# Mobiledoc ------------------------------------------------------------------------------------


def mobiledoc_to_html(document: str) -> Conversion:
    data = _load(document, "mobiledoc")
    markups = data.get("markups") or []
    cards = data.get("cards") or []
    atoms = data.get("atoms") or []
    sections = data.get("sections") or []
    if not all(isinstance(x, list) for x in (markups, cards, atoms, sections)):
        raise FormatError("mobiledoc's markups, atoms, cards and sections must be lists")
    if len(sections) > MAX_NODES:
        raise FormatError(f"mobiledoc has more than {MAX_NODES} sections")
    skipped: list[str] = []
    parts = []
    for section in sections:
        if not isinstance(section, list) or not section:
            raise FormatError("mobiledoc has a section that is not a list")
        kind = section[0]
        if kind == 1 and len(section) >= 3:
            tag = str(section[1]).lower()
            tag = (
                tag
                if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "aside"}
                else "p"
            )
            tag = "blockquote" if tag == "aside" else tag
            parts.append(f"<{tag}>{_markers(section[2], markups, atoms)}</{tag}>")
        elif kind == 2 and len(section) >= 2:
            parts.append(card_html("image", {"src": section[1]}, skipped))
        elif kind == 3 and len(section) >= 3:
            tag = "ol" if str(section[1]).lower() == "ol" else "ul"
            items = "".join(
                f"<li>{_markers(item, markups, atoms)}</li>" for item in section[2] or []
            )
            parts.append(f"<{tag}>{items}</{tag}>")
        elif kind == 10 and len(section) >= 2:
            index = section[1]
            if not isinstance(index, int) or not 0 <= index < len(cards):
                raise FormatError(f"mobiledoc refers to card {index!r}, which it does not have")
            card = cards[index]
            if not isinstance(card, list) or len(card) < 2 or not isinstance(card[0], str):
                raise FormatError("mobiledoc has a card that is not [name, payload]")
            parts.append(card_html(card[0], card[1], skipped))
        else:
            raise FormatError(f"mobiledoc has a section of unknown type {kind!r}")
    return Conversion("".join(parts), skipped)


def _markers(markers, markups: list, atoms: list) -> str:
    if not isinstance(markers, list):
        raise FormatError("mobiledoc has markers that are not a list")
    out, open_tags = [], []
    for marker in markers:
        if not isinstance(marker, list) or len(marker) < 4:
            raise FormatError("mobiledoc has a marker that is not [type, open, closed, value]")
        kind, opened, closed, value = marker[:4]
        for index in opened or []:
            if not isinstance(index, int) or not 0 <= index < len(markups):
                raise FormatError(f"mobiledoc refers to markup {index!r}, which it does not have")
            markup = markups[index]
            tag = str(markup[0]).lower() if isinstance(markup, list) and markup else "span"
            tag = tag if tag in _MOBILEDOC_MARKUPS else "span"
            attrs = markup[1] if isinstance(markup, list) and len(markup) > 1 else []
            attributes = "".join(
                f' {escape(str(attrs[i]))}="{_attr(attrs[i + 1])}"'
                for i in range(0, len(attrs) - 1, 2)
                if str(attrs[i]) in {"href", "rel"}
            )
            out.append(f"<{tag}{attributes}>")
            open_tags.append(tag)
        if kind == 1:
            atom = atoms[value] if isinstance(value, int) and 0 <= value < len(atoms) else None
            if isinstance(atom, list) and atom and atom[0] == "soft-return":
                out.append("<br>")
            else:
                text = atom[1] if isinstance(atom, list) and len(atom) > 1 else ""
                out.append(escape(str(text)))
        else:
            out.append(escape(str(value)))
        for _ in range(closed if isinstance(closed, int) else 0):
            if open_tags:
                out.append(f"</{open_tags.pop()}>")
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)
