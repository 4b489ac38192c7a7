"""Body blocks: what a story body holds beyond text, how it is stored, and how it is read back.

A body is stored as sanitised HTML (articles.richtext.sanitise, on every save). Text blocks are
plain HTML: paragraphs, headings h2-h4, lists, quotes (`blockquote`), links, `hr` (a divider).
The other blocks are top-level elements marked with `data-block`. They carry ids, choices and
plain text only; the server renders them for readers (pictures, credits, cards, players), so
nothing a browser sent is ever shown as markup.

Stored format, version 1 (keep it stable: the desk's editor, the Ghost importer and old
revisions all write it):

    <figure data-block="image" data-image="ID" data-width="column|wide|full">
      <figcaption>Caption</figcaption>                   optional; else the library's caption
    </figure>

    <figure data-block="gallery">                       two or more pictures, in order
      <figure data-image="ID"><figcaption>Caption</figcaption></figure>
      …
    </figure>

    <figure data-block="embed" data-provider="PROVIDER" data-url="https://…"
            data-title="Title" data-author="Author" data-thumbnail="ID">
      <figcaption>Caption</figcaption>                   optional
    </figure>
        PROVIDER is a key of PROVIDERS below and the URL must be one of that provider's
        addresses (EmbedProvider.match). Title, author and thumbnail (a library image, our
        copy of the provider's picture) are the desk's snapshot from oEmbed; any may be missing.

    <table data-caption="Caption"><tbody>
      <tr><th>Header</th>…</tr>                          a first row of `th` is the header row
      <tr><td>Cell</td>…</tr>                            cells hold text and inline marks
    </tbody></table>

    <aside data-block="pullquote"><p>Quoted words</p><cite>Who said them</cite></aside>

    <aside data-block="callout">…paragraphs, h2-h4, lists…</aside>   e.g. "Key developments"

    <aside data-block="related" data-article="ID"></aside>          another of our stories

IDs are decimal integers, `data-width` one of WIDTHS, URLs https. Anything else (an unknown
`data-block`, a missing id, a provider that does not match its URL, a block nested where it
does not belong) is a Problem: readers get nothing for it and the desk is told what it was.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from . import htmltree
from .htmltree import Element

WIDTHS = ("column", "wide", "full")
BLOCK_TYPES = {
    "figure": ("image", "gallery", "embed"),
    "aside": ("pullquote", "callout", "related"),
}
# What may sit inside a callout: text blocks only, never another block.
CALLOUT_CHILDREN = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote"}
MAX_ID = 2**31 - 1
_ID = re.compile(r"^[1-9][0-9]{0,9}$")


# Embeds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbedProvider:
    """A site whose posts or videos a story may embed.

    `patterns` match the path of a post's address on one of `hosts`; the first group is the
    item's id, which is all the player address needs. `oembed` is the provider's oEmbed
    endpoint (https, fixed: the only address the desk ever asks), `thumbnail_hosts` where its
    thumbnails may be fetched from, `player` the iframe address readers get after a click
    (None: the button opens the original instead).
    """

    name: str
    hosts: tuple[str, ...]
    patterns: tuple[str, ...]
    player: str | None
    oembed: str = ""
    thumbnail_hosts: tuple[str, ...] = ()

    def match(self, url: str) -> str | None:
        """The item id in `url` if it is one of this provider's https addresses, else None."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme != "https" or (parts.hostname or "") not in self.hosts:
            return None
        if parts.username or parts.password or parts.port not in (None, 443):
            return None
        target = parts.path
        if self.name == "youtube" and parts.path == "/watch":
            target = "/watch/" + parse_qs(parts.query).get("v", [""])[0]
        for pattern in self.patterns:
            found = re.fullmatch(pattern, target)
            if found:
                return found.group(1)
        return None

    def player_url(self, url: str) -> str | None:
        item = self.match(url)
        if item is None or self.player is None:
            return None
        return self.player.format(id=item, url=quote(url.strip(), safe=""))


def _hosts(*names: str) -> tuple[str, ...]:
    return tuple(host for name in names for host in (name, f"www.{name}"))


PROVIDERS = {
    provider.name: provider
    for provider in (
        EmbedProvider(
            "youtube",
            (*_hosts("youtube.com"), "m.youtube.com", "youtu.be"),
            (r"/watch/([\w-]{11})", r"/(?:shorts|embed|live)/([\w-]{11})/?", r"/([\w-]{11})"),
            "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
            "https://www.youtube.com/oembed",
            ("i.ytimg.com", "img.youtube.com"),
        ),
        EmbedProvider(
            "vimeo",
            (*_hosts("vimeo.com"), "player.vimeo.com"),
            (r"/(?:video/)?([0-9]{1,12})/?",),
            "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1",
            "https://vimeo.com/api/oembed.json",
            ("i.vimeocdn.com",),
        ),
        EmbedProvider(
            "x",
            (*_hosts("x.com"), *_hosts("twitter.com"), "mobile.twitter.com"),
            (r"/\w{1,15}/status/([0-9]{1,20})/?",),
            "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
            "https://publish.twitter.com/oembed",
        ),
        EmbedProvider(
            "telegram",
            ("t.me",),
            (r"/(\w{4,32}/[0-9]{1,10})/?",),
            "https://t.me/{id}?embed=1",
        ),
        EmbedProvider(
            "instagram",
            _hosts("instagram.com"),
            (r"/(?:p|reel|tv)/([\w-]{5,40})/?",),
            "https://www.instagram.com/p/{id}/embed/",
        ),
        EmbedProvider(
            "facebook",
            (*_hosts("facebook.com"), "m.facebook.com", "fb.watch"),
            (r"/([\w.-]+/(?:posts|videos)/[\w.-]+)/?", r"/(watch)/?", r"/([\w-]{5,20})/?"),
            "https://www.facebook.com/plugins/post.php?href={url}",
        ),
        # Further oEmbed providers: their endpoint gives a title, author and thumbnail.
        EmbedProvider(
            "soundcloud",
            _hosts("soundcloud.com"),
            (r"/([\w-]+/[\w-]+)/?",),
            "https://w.soundcloud.com/player/?url={url}&auto_play=true",
            "https://soundcloud.com/oembed",
            ("i1.sndcdn.com",),
        ),
        EmbedProvider(
            "spotify",
            ("open.spotify.com",),
            (r"/((?:track|album|episode|show|playlist)/\w{22})/?",),
            "https://open.spotify.com/embed/{id}",
            "https://open.spotify.com/oembed",
            ("i.scdn.co", "image-cdn-ak.spotifycdn.com"),
        ),
        EmbedProvider(
            "flickr",
            (*_hosts("flickr.com"), "flic.kr"),
            (r"/photos/([\w@-]+/[0-9]{1,20})/?", r"/p/(\w+)"),
            None,
            "https://www.flickr.com/services/oembed/",
            ("live.staticflickr.com",),
        ),
    )
}
# What readers' browsers may frame after a click: settings.SECURE_CSP's frame-src must list
# these (articles.checks).
PLAYER_ORIGINS = sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(provider.player))
        for provider in PROVIDERS.values()
        if provider.player
    }
)
PROVIDER_LABELS = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "x": "X",
    "telegram": "Telegram",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "soundcloud": "SoundCloud",
    "spotify": "Spotify",
    "flickr": "Flickr",
}


def provider_for(url: str) -> EmbedProvider | None:
    """The provider whose address `url` is, if any."""
    return next((p for p in PROVIDERS.values() if p.match(url) is not None), None)


# Attribute values the sanitiser keeps ----------------------------------------------------------

BLOCK_ATTRIBUTES = {
    "figure": {
        "data-block",
        "data-image",
        "data-width",
        "data-provider",
        "data-url",
        "data-title",
        "data-author",
        "data-thumbnail",
    },
    "aside": {"data-block", "data-article"},
    "table": {"data-caption"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
BLOCK_TAGS = {"aside", "table", "tbody", "thead", "tr", "th", "td"}
# The attributes that name a library image: a block that keeps one shows a picture, and
# `pictures()` counts it (a test holds every such attribute to that).
IMAGE_ATTRIBUTES = {"data-image", "data-thumbnail"}
_ID_ATTRIBUTES = {*IMAGE_ATTRIBUTES, "data-article"}
_SPAN = re.compile(r"^[1-9][0-9]?$")


def is_id(value: str) -> bool:
    return bool(_ID.match(value or "")) and int(value) <= MAX_ID


def valid_attribute(tag: str, name: str, value: str) -> bool:
    """Whether the sanitiser keeps this block attribute (ids, choices and https URLs only)."""
    if name == "data-block":
        return value in BLOCK_TYPES.get(tag, ())
    if name in _ID_ATTRIBUTES:
        return is_id(value)
    if name == "data-width":
        return value in WIDTHS
    if name == "data-provider":
        return value in PROVIDERS
    if name == "data-url":
        return provider_for(value) is not None
    if name in {"colspan", "rowspan"}:
        return bool(_SPAN.match(value))
    return True  # plain text: captions, titles, authors


# Reading a body ----------------------------------------------------------------------------


@dataclass
class Html:
    """Ordinary text content, already sanitised: shown as it is."""

    html: str


@dataclass
class ImageBlock:
    image_id: int
    width: str = "column"
    caption: str = ""


@dataclass
class GalleryItem:
    image_id: int
    caption: str = ""


@dataclass
class GalleryBlock:
    items: list[GalleryItem]


@dataclass
class EmbedBlock:
    provider: str
    url: str
    title: str = ""
    author: str = ""
    thumbnail_id: int | None = None
    caption: str = ""

    @property
    def label(self) -> str:
        return PROVIDER_LABELS[self.provider]

    @property
    def player_url(self) -> str | None:
        return PROVIDERS[self.provider].player_url(self.url)


@dataclass
class TableCell:
    html: str  # sanitised inner HTML
    colspan: str = ""
    rowspan: str = ""


@dataclass
class TableBlock:
    caption: str
    header: list[TableCell]  # empty without a header row
    rows: list[list[TableCell]]


@dataclass
class PullQuoteBlock:
    text: str
    attribution: str = ""


@dataclass
class CalloutBlock:
    html: str


@dataclass
class RelatedBlock:
    article_id: int


@dataclass
class Problem:
    """A block that cannot be shown; readers get nothing, the desk gets `message`."""

    message: str


Block = (
    Html
    | ImageBlock
    | GalleryBlock
    | EmbedBlock
    | TableBlock
    | PullQuoteBlock
    | CalloutBlock
    | RelatedBlock
    | Problem
)


def read(html: str) -> list[Block]:
    """The body as a list of blocks, in order; never raises on bad markup."""
    blocks: list[Block] = []
    for node in htmltree.parse(html):
        if isinstance(node, str):
            if node.strip():
                blocks.append(Html(htmltree.to_html(node)))
            continue
        kind = node.attrs.get("data-block")
        if node.tag == "table":
            blocks.append(_table(node))
        elif kind is None:
            if node.tag in BLOCK_TYPES:
                blocks.append(_legacy(node))
            else:
                blocks.append(Html(htmltree.to_html(node)))
        elif kind not in BLOCK_TYPES.get(node.tag, ()):
            blocks.append(Problem(f"An unknown block ({node.tag} “{kind}”) was left out."))
        else:
            blocks.append(READERS[kind](node))
    return blocks


def problems(html: str) -> list[str]:
    """What the desk should be told about a body: each block readers will not see, and why."""
    return [block.message for block in read(html) if isinstance(block, Problem)]


# Where a body shows a library picture (ArticlePicture.Place has the same values).
INLINE, GALLERY, EMBED = "inline", "gallery", "embed"


def pictures(blocks: list[Block]) -> list[tuple[int, str]]:
    """Every library image the blocks show, with the kind of block that shows it, in reading
    order: (id, INLINE | GALLERY | EMBED).

    The one definition of a body's pictures. The media library counts a picture as a story's
    use through it (ArticlePicture, kept by Article.save() and LivePost.save()) and the page
    cache names each picture a page shows through it (`image_ids`), so a new block that shows
    a picture is added here and nowhere else (tests/articles/test_article_pictures.py fails
    until it is).
    """
    found: list[tuple[int, str]] = []
    for block in blocks:
        if isinstance(block, ImageBlock):
            found.append((block.image_id, INLINE))
        elif isinstance(block, GalleryBlock):
            found.extend((item.image_id, GALLERY) for item in block.items)
        elif isinstance(block, EmbedBlock) and block.thumbnail_id:
            found.append((block.thumbnail_id, EMBED))
    return found


def image_ids(blocks: list[Block]) -> set[int]:
    """Every library image the blocks show (inline pictures, galleries, embed thumbnails)."""
    return {image_id for image_id, _ in pictures(blocks)}


def article_ids(blocks: list[Block]) -> set[int]:
    return {block.article_id for block in blocks if isinstance(block, RelatedBlock)}


def _caption(node: Element) -> str:
    captions = node.elements("figcaption")
    return captions[0].text() if captions else ""


def _id(node: Element, name: str) -> int | None:
    value = node.attrs.get(name, "")
    return int(value) if is_id(value) else None


def _legacy(node: Element) -> Block:
    """A figure or aside with no kind: a figure with words (an old or imported caption) is
    kept as it is; an empty one, or an aside, says nothing readers could use."""
    if node.tag == "figure" and node.text():
        return Html(htmltree.to_html(node))
    if node.tag == "figure":
        return Problem("An empty figure (an image that was not kept) was left out.")
    return Problem("A box of an unknown kind was left out; use a callout or a pull quote.")


def _image(node: Element) -> Block:
    image_id = _id(node, "data-image")
    if image_id is None:
        return Problem("An image block has no library image; choose one again.")
    width = node.attrs.get("data-width", "column")
    return ImageBlock(image_id, width if width in WIDTHS else "column", _caption(node))


def _gallery(node: Element) -> Block:
    items = []
    for child in node.elements():
        image_id = _id(child, "data-image") if child.tag == "figure" else None
        if image_id is None:
            return Problem("A gallery holds something that is not a library image.")
        items.append(GalleryItem(image_id, _caption(child)))
    if not items:
        return Problem("A gallery has no pictures.")
    return GalleryBlock(items)


def _embed(node: Element) -> Block:
    url = node.attrs.get("data-url", "")
    provider = PROVIDERS.get(node.attrs.get("data-provider", ""))
    if not url:
        return Problem("An embed has no address.")
    if provider is None or provider.match(url) is None:
        return Problem(f"An embed's address is not one we can show: {url}")
    return EmbedBlock(
        provider.name,
        url.strip(),
        title=node.attrs.get("data-title", "").strip(),
        author=node.attrs.get("data-author", "").strip(),
        thumbnail_id=_id(node, "data-thumbnail"),
        caption=_caption(node),
    )


def _table(node: Element) -> Block:
    rows = [
        row
        for section in node.elements()
        if section.tag in {"tbody", "thead"}
        for row in section.elements("tr")
    ] + node.elements("tr")
    cells = [row.elements() for row in rows]
    if not any(cells):
        return Problem("A table has no cells.")
    header: list[TableCell] = []
    if cells[0] and all(cell.tag == "th" for cell in cells[0]):
        header = [_cell(cell) for cell in cells.pop(0)]
    body = [[_cell(cell) for cell in row] for row in cells]
    return TableBlock(node.attrs.get("data-caption", "").strip(), header, body)


def _cell(node: Element) -> TableCell:
    # A paragraph per cell is how the editor stores it; readers need just the words.
    inner = node.elements("p")
    html = "<br>".join(p.inner_html() for p in inner) if inner else node.inner_html()
    return TableCell(html, node.attrs.get("colspan", ""), node.attrs.get("rowspan", ""))


def _pullquote(node: Element) -> Block:
    text = " ".join(p.text() for p in node.elements("p")).strip()
    if not text:
        return Problem("A pull quote has no words.")
    cites = node.elements("cite")
    return PullQuoteBlock(text, cites[0].text() if cites else "")


def _callout(node: Element) -> Block:
    if any(child.tag not in CALLOUT_CHILDREN for child in node.elements()):
        return Problem("A callout box holds another block; only text and lists can go in one.")
    if not node.text():
        return Problem("A callout box is empty.")
    return CalloutBlock(node.inner_html())


def _related(node: Element) -> Block:
    article_id = _id(node, "data-article")
    if article_id is None:
        return Problem("A related-story card does not say which story.")
    return RelatedBlock(article_id)


READERS = {
    "image": _image,
    "gallery": _gallery,
    "embed": _embed,
    "pullquote": _pullquote,
    "callout": _callout,
    "related": _related,
}
