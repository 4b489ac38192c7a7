"""Ghost's rendered HTML, cards and all, turned into a story body in our block format.

Ghost renders its editor's cards as `kg-*-card` markup (ghost/formats.py produces the same
markup from lexical and mobiledoc). Each card maps onto one of our body blocks
(articles/blocks.py, "Stored format"): image and gallery cards become library pictures (the
importer finds or creates each Image and passes its id back), embeds become embed blocks when
the address is one of our providers' (else a link), callouts and toggles become callout boxes,
bookmarks a linked title and description, code keeps its language, header and button cards
become a heading and links, HTML cards pass through (the body is sanitised when it is saved).
`<!--members-only-->` (Ghost's paywall) splits the body: `Body.public` is what anyone could read.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import lxml.html
from django.utils.html import escape
from lxml import etree

from articles.blocks import provider_for

MEMBERS_ONLY = "<!--members-only-->"
_PAYWALL = re.compile(r"<!--\s*members-only\s*-->")
_CARD_COMMENT = re.compile(r"<!--kg-card-(?:begin|end):[^>]*-->")

# (image address, alt text, caption) -> a library image's id, or None when it is unusable.
ImageLookup = Callable[[str, str, str], int | None]


@dataclass
class Body:
    html: str
    public: str | None  # the part before the paywall marker; None when there is no marker
    notes: list[str] = field(default_factory=list)


def convert(html: str, *, image_for: ImageLookup) -> Body:
    """Our body for Ghost's `html`, with what could not be kept listed in `notes`."""
    notes: list[str] = []
    html = _CARD_COMMENT.sub("", html or "")
    parts = _PAYWALL.split(html, maxsplit=1)
    converted = [_convert_part(part, image_for, notes) for part in parts]
    public = converted[0] if len(converted) > 1 else None
    return Body("".join(converted), public, notes)


def _convert_part(html: str, image_for: ImageLookup, notes: list[str]) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    out = []
    for node in list(root):
        out.append(_block(node, image_for, notes))
    text = (root.text or "").strip()
    prefix = f"<p>{escape(text)}</p>" if text else ""
    return prefix + "".join(out)


def _classes(node) -> set[str]:
    return set((node.get("class") or "").split())


def _block(node, image_for: ImageLookup, notes: list[str]) -> str:
    if not isinstance(node.tag, str):  # comments and processing instructions
        return _tail(node)
    classes = _classes(node)
    if "kg-image-card" in classes or (node.tag == "img"):
        return _image_block(node, image_for, notes) + _tail(node)
    if "kg-gallery-card" in classes:
        return _gallery_block(node, image_for, notes) + _tail(node)
    if "kg-embed-card" in classes or "kg-video-card" in classes:
        return _embed_block(node, notes) + _tail(node)
    if "kg-bookmark-card" in classes:
        return _bookmark(node) + _tail(node)
    if "kg-callout-card" in classes:
        text = node.find_class("kg-callout-text")
        emoji = node.find_class("kg-callout-emoji")
        inner = _inner(text[0]) if text else escape(node.text_content())
        lead = f"{escape(emoji[0].text_content().strip())} " if emoji else ""
        return f'<aside data-block="callout"><p>{lead}{inner}</p></aside>' + _tail(node)
    if "kg-toggle-card" in classes:
        heading = node.find_class("kg-toggle-heading-text") or node.find_class("kg-toggle-heading")
        content = node.find_class("kg-toggle-content")
        title = escape(heading[0].text_content().strip()) if heading else ""
        body = _inner(content[0]) if content else ""
        if body and not body.lstrip().startswith("<"):
            body = f"<p>{body}</p>"
        return f'<aside data-block="callout"><h3>{title}</h3>{body}</aside>' + _tail(node)
    if "kg-header-card" in classes:
        parts = []
        for cls, tag in (("kg-header-card-header", "h2"), ("kg-header-card-subheader", "p")):
            found = node.find_class(cls)
            if found and found[0].text_content().strip():
                parts.append(f"<{tag}>{_inner(found[0])}</{tag}>")
        for link in node.find_class("kg-header-card-button"):
            parts.append(_link_paragraph(link.get("href"), link.text_content()))
        return "".join(parts) + _tail(node)
    if "kg-button-card" in classes:
        links = node.findall(".//a")
        return "".join(_link_paragraph(a.get("href"), a.text_content()) for a in links) + _tail(
            node
        )
    if node.tag == "pre":
        code = node.find("code")
        language = ""
        if code is not None:
            found = [c for c in _classes(code) if c.startswith("language-")]
            language = found[0].removeprefix("language-") if found else ""
        text = escape((code if code is not None else node).text_content())
        lang = (
            f' data-language="{escape(language)}"'
            if re.fullmatch(r"[\w+#.-]{1,30}", language)
            else ""
        )
        return f"<pre{lang}><code>{text}</code></pre>" + _tail(node)
    if "kg-card" in classes and not {"kg-markdown-card", "kg-html-card"} & classes:
        kind = next((c for c in classes if c.startswith("kg-") and c.endswith("-card")), "kg-card")
        notes.append(f"a {kind.removeprefix('kg-').removesuffix('-card')} card was left out")
        return _tail(node)
    if "kg-markdown-card" in classes or node.tag == "div" and not classes:
        return _inner(node) + _tail(node)
    # Ordinary HTML (paragraphs, headings, lists, quotes…) and HTML cards' content: the body
    # is sanitised on save, so only what a story body may hold survives.
    lifted = []
    for img in node.findall(".//img"):
        # A picture inside a paragraph (old Ghost bodies): lifted out as a block of its own.
        lifted.append(_image_block(img, image_for, notes))
        img.drop_tree()
    return _outer(node) + "".join(lifted)


def _image_block(node, image_for: ImageLookup, notes: list[str]) -> str:
    img = node if node.tag == "img" else node.find(".//img")
    if img is None:
        return ""
    caption = node.find(".//figcaption") if node.tag != "img" else None
    caption_html = _inner(caption) if caption is not None else ""
    image_id = image_for(img.get("src") or "", img.get("alt") or "", _text(caption_html))
    if image_id is None:
        notes.append(f"the picture {img.get('src') or '(no address)'} could not be kept")
        return ""
    classes = _classes(node)
    width = (
        "full" if "kg-width-full" in classes else "wide" if "kg-width-wide" in classes else "column"
    )
    figcaption = f"<figcaption>{caption_html}</figcaption>" if caption_html.strip() else ""
    return _image_figure(image_id, width, figcaption)


def _image_figure(image_id: int, width: str, figcaption: str) -> str:
    return (
        f'<figure data-block="image" data-image="{image_id}" data-width="{width}">'
        f"{figcaption}</figure>"
    )


def _gallery_block(node, image_for: ImageLookup, notes: list[str]) -> str:
    caption = node.find("figcaption")
    caption_text = _text(_inner(caption)) if caption is not None else ""
    pictures = []  # (library id, its own caption)
    for img in node.findall(".//img"):
        own = img.get("title") or ""
        image_id = image_for(img.get("src") or "", img.get("alt") or "", own or caption_text)
        if image_id is None:
            notes.append(f"the picture {img.get('src') or '(no address)'} could not be kept")
            continue
        pictures.append((image_id, own))
    if not pictures:
        return ""
    if len(pictures) == 1:
        figcaption = f"<figcaption>{escape(caption_text)}</figcaption>" if caption_text else ""
        return _image_figure(pictures[0][0], "wide", figcaption)
    items = "".join(
        f'<figure data-image="{image_id}">'
        + (f"<figcaption>{escape(own)}</figcaption>" if own else "")
        + "</figure>"
        for image_id, own in pictures
    )
    return f'<figure data-block="gallery">{items}</figure>'


def _embed_block(node, notes: list[str]) -> str:
    candidates = [node.get("data-url") or ""]
    candidates += [frame.get("src") or "" for frame in node.findall(".//iframe")]
    candidates += [a.get("href") or "" for a in reversed(node.findall(".//a"))]
    candidates = [url.strip() for url in candidates if url and url.strip()]
    if not candidates:
        notes.append("an embed without an address was left out")
        return ""
    for url in candidates:
        if url.startswith("//"):
            url = "https:" + url
        provider = provider_for(url)
        if provider is not None:
            frame = node.find(".//iframe")
            title = (frame.get("title") if frame is not None else "") or ""
            title_attr = f' data-title="{escape(title)}"' if title else ""
            return (
                f'<figure data-block="embed" data-provider="{provider.name}" '
                f'data-url="{escape(url)}"{title_attr}></figure>'
            )
    # Not one of our providers: readers keep a link to it.
    url = candidates[0]
    if url.startswith("//"):
        url = "https:" + url
    return _link_paragraph(url, url)


def _bookmark(node) -> str:
    link = node.find(".//a")
    href = link.get("href") if link is not None else ""
    title = node.find_class("kg-bookmark-title")
    description = node.find_class("kg-bookmark-description")
    text = title[0].text_content().strip() if title else href
    line = _link_paragraph(href, text)
    if description and description[0].text_content().strip():
        line = line[: -len("</p>")] + f" — {escape(description[0].text_content().strip())}</p>"
    return line


def _link_paragraph(href, text) -> str:
    if not href:
        return f"<p>{escape(text or '')}</p>" if text else ""
    return f'<p><a href="{escape(href)}">{escape((text or href).strip())}</a></p>'


def _inner(node) -> str:
    if node is None:
        return ""
    text = escape(node.text or "")
    return text + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in node
    )


def _outer(node) -> str:
    return etree.tostring(node, encoding="unicode", method="html")


def _tail(node) -> str:
    tail = (node.tail or "").strip()
    return f"<p>{escape(tail)}</p>" if tail else ""


def _text(html: str) -> str:
    if not html.strip():
        return ""
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content().strip()
