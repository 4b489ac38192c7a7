"""Comparing two versions of a story as an editor reads them.

Names, not ids: the section's name, the authors' names with their byline roles, the tags, the
lead picture as its thumbnail. The body is compared block by block as the desk's editor shows
it (articles.blocks): a paragraph, a picture with its caption and credit, a gallery, an embed
with its address and title, a pull quote with its speaker, a table row by row, a callout; a
changed block is compared line by line (a caption apart from the text), a changed line word
by word, and runs of unchanged blocks are collapsed.

`story_diff(old_data, new_data)` compares two snapshots (`workflow.snapshot`, an
ArticleRevision's data); `body_diff(old_html, new_html)` two bodies; `revision_diff` is the
older, flatter form of `story_diff` for two revisions.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from authors.models import Author
from media.chooser import describe
from media.models import Image, Rendition
from media.specs import ADMIN_THUMB

from .. import blocks, htmltree, richtext
from ..models import Article, ArticleAuthor, ArticleRevision, Section

FIELD_LABELS = {
    "title": "Headline",
    "slug": "Address",
    "dek": "Standfirst",
    "body": "Body",
    "section": "Section",
    "lead_image": "Lead image",
    "lead_image_caption": "Lead image caption",
    "lead_image_alt": "Lead image alt text",
    "tags": "Tags",
    "bylines": "Bylines",
}

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

# One run of text in a diff: "=" unchanged, "-" removed, "+" added.
Segment = tuple[str, str]


# In a revision, a sentence rewritten around a word or two it kept reads better as the old
# words, then the new, than as words crossed out and added in turn: a run this short between
# two changes is folded into them (`phrases`). The conflict view marks single words.
SHORT_RUN = 2


def word_diff(before: str, after: str, *, phrases: bool = False) -> list[Segment]:
    """Word by word: a one-word change marks only that word; with `phrases`, a rewritten
    phrase is shown as the old phrase and the new one."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    segments: list[Segment] = []

    def add(op, tokens):
        if tokens:
            text = "".join(tokens)
            if segments and segments[-1][0] == op:
                segments[-1] = (op, segments[-1][1] + text)
            else:
                segments.append((op, text))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    # (same?, old tokens, new tokens) per run, with short common runs between changes folded.
    runs = [(t == "equal", old[i1:i2], new[j1:j2]) for t, i1, i2, j1, j2 in matcher.get_opcodes()]
    for n in range(1, len(runs) - 1):
        same, was, now = runs[n]
        between_changes = not runs[n - 1][0] and not runs[n + 1][0]
        short = sum(t[0].isalnum() for t in was) <= SHORT_RUN
        if phrases and same and between_changes and short:
            runs[n] = (False, was, now)
    removed: list[str] = []
    added: list[str] = []
    for same, was, now in [*runs, (True, [], [])]:
        if same:
            add("-", removed)
            add("+", added)
            removed, added = [], []
            add("=", was)
        else:
            removed += was
            added += now
    return segments


# What the editor reads -----------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """A library picture as the diff shows it: its thumbnail, title and credit."""

    id: int
    title: str
    credit: str
    caption: str
    thumbnail_url: str


@dataclass(frozen=True)
class BlockView:
    """One body block as the editor reads it: a label ("Paragraph", "Picture", "Embed
    (YouTube)"), its lines of words, each with what it is ("" for the text itself, "Caption",
    "Credit", "Address", "Row 2"…), and the pictures it shows."""

    kind: str
    label: str
    lines: tuple[tuple[str, str], ...]
    pictures: tuple[Picture, ...] = ()

    @property
    def names_its_pictures(self) -> bool:
        """Whether its lines say its picture's title and credit (its thumbnail need not)."""
        return self.kind == "image"


@dataclass(frozen=True)
class Line:
    label: str  # "" for the text itself
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(op != "=" for op, _ in self.segments)


@dataclass(frozen=True)
class BlockChange:
    """A block that was changed ("changed"), removed or added, with its lines marked."""

    change: str
    block: BlockView  # as it is now (as it was, when removed)
    lines: tuple[Line, ...]
    old_pictures: tuple[Picture, ...] = ()  # a changed block's pictures before


@dataclass(frozen=True)
class Unchanged:
    """A run of blocks the two versions share: shown collapsed."""

    blocks: tuple[BlockView, ...]

    @property
    def summary(self) -> str:
        count = len(self.blocks)
        return f"{count} unchanged block{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its lines marked (a one-line field, tags, bylines), its blocks
    (the body), or its pictures before and after (the lead image)."""

    name: str
    label: str
    lines: tuple[Line, ...] = ()
    blocks: tuple[BlockChange | Unchanged, ...] = ()
    before: Picture | None = None
    after: Picture | None = None


# Names behind the ids ------------------------------------------------------------------------


@dataclass
class _Names:
    """Sections, authors, pictures and stories named in the versions compared, one query per
    kind."""

    sections: dict[int, str] = field(default_factory=dict)
    authors: dict[int, str] = field(default_factory=dict)
    pictures: dict[int, Picture] = field(default_factory=dict)
    stories: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls, datas: Iterable[dict], bodies: Iterable[list]) -> "_Names":
        datas, bodies = list(datas), list(bodies)
        sections = {d["section"] for d in datas if isinstance(d.get("section"), int)}
        authors = {b[0] for d in datas for b in d.get("bylines") or () if _is_row(b)}
        images = {d["lead_image"] for d in datas if isinstance(d.get("lead_image"), int)}
        stories: set[int] = set()
        for body in bodies:
            images |= blocks.image_ids(body)
            stories |= blocks.article_ids(body)
        names = cls()
        if sections:
            names.sections = dict(Section.objects.filter(pk__in=sections).values_list("pk", "name"))
        if authors:
            names.authors = dict(Author.objects.filter(pk__in=authors).values_list("pk", "name"))
        if images:
            thumbnails = Rendition.objects.filter(spec=ADMIN_THUMB)
            found = Image.objects.filter(pk__in=images).prefetch_related(
                Prefetch("renditions", queryset=thumbnails)
            )
            for image in found:
                about = describe(image)
                names.pictures[image.pk] = Picture(
                    image.pk,
                    about["title"],
                    about["credit"],
                    about["caption"],
                    about["thumbnail_url"] or "",
                )
        if stories:
            names.stories = dict(Article.objects.filter(pk__in=stories).values_list("pk", "title"))
        return names

    def picture(self, image_id: int | None) -> Picture | None:
        if image_id is None:
            return None
        return self.pictures.get(image_id) or Picture(image_id, "A deleted picture", "", "", "")


def _is_row(byline) -> bool:
    return isinstance(byline, (list, tuple)) and len(byline) >= 2 and isinstance(byline[0], int)


# Body blocks as views ------------------------------------------------------------------------

# What a text block is, by its tag, in the editor's words (the revision diff and the conflict
# view name blocks alike).
TEXT_LABELS = {
    "p": "Paragraph",
    "h2": "Heading",
    "h3": "Heading",
    "h4": "Heading",
    "ul": "List",
    "ol": "List",
    "blockquote": "Quote",
    "hr": "Divider",
    "pre": "Preformatted text",
    "figure": "Figure",
}


def _text_view(html: str) -> BlockView:
    nodes = [n for n in htmltree.parse(html) if not isinstance(n, str)]
    tag = nodes[0].tag if nodes else "p"
    label = TEXT_LABELS.get(tag, "Text")
    if tag in ("ul", "ol") and nodes:
        items = [" ".join(li.text().split()) for li in nodes[0].elements("li")]
        return BlockView("list", label, tuple(("", item) for item in items if item))
    if tag == "hr":
        return BlockView("divider", label, (("", "———"),))
    return BlockView(tag, label, (("", richtext.html_to_text(html)),))


def _cells(row) -> str:
    return " | ".join(richtext.html_to_text(cell.html) for cell in row)


def view(block, names: _Names) -> BlockView:
    """One block of articles.blocks.read() as the editor reads it."""
    if isinstance(block, blocks.Html):
        return _text_view(block.html)
    if isinstance(block, blocks.ImageBlock):
        picture = names.picture(block.image_id)
        lines = [("Picture", picture.title)]
        lines.append(("Caption", block.caption or picture.caption))
        lines.append(("Credit", picture.credit))
        if block.width != "column":
            lines.append(("Width", block.width))
        return BlockView("image", "Picture", _kept(lines), (picture,))
    if isinstance(block, blocks.GalleryBlock):
        pictures = tuple(names.picture(item.image_id) for item in block.items)
        lines = [
            (f"Picture {n}", f"{p.title}: {item.caption or p.caption}".rstrip(": "))
            for n, (p, item) in enumerate(zip(pictures, block.items, strict=True), 1)
        ]
        return BlockView("gallery", f"Gallery of {len(pictures)}", _kept(lines), pictures)
    if isinstance(block, blocks.EmbedBlock):
        thumbnail = names.picture(block.thumbnail_id) if block.thumbnail_id else None
        lines = [
            ("Address", block.url),
            ("Title", block.title),
            ("By", block.author),
            ("Caption", block.caption),
        ]
        return BlockView(
            "embed",
            f"Embed ({block.label})",
            _kept(lines),
            (thumbnail,) if thumbnail else (),
        )
    if isinstance(block, blocks.TableBlock):
        lines = [("Caption", block.caption)]
        if block.header:
            lines.append(("Header", _cells(block.header)))
        lines += [(f"Row {n}", _cells(row)) for n, row in enumerate(block.rows, 1)]
        return BlockView("table", "Table", _kept(lines))
    if isinstance(block, blocks.PullQuoteBlock):
        return BlockView(
            "pullquote", "Pull quote", _kept([("", block.text), ("Said by", block.attribution)])
        )
    if isinstance(block, blocks.CalloutBlock):
        parts = [_text_view(htmltree.to_html(n)) for n in htmltree.parse(block.html)]
        lines = [line for part in parts for line in part.lines if line[1]]
        return BlockView("callout", "Callout", tuple(lines))
    if isinstance(block, blocks.RelatedBlock):
        title = names.stories.get(block.article_id, "A story that was deleted")
        return BlockView("related", "Related story", (("", title),))
    return BlockView("problem", "Left out", (("", block.message),))


def _kept(lines) -> tuple[tuple[str, str], ...]:
    return tuple((label, text) for label, text in lines if text)


# Comparing -----------------------------------------------------------------------------------


def _lines(before: BlockView | None, after: BlockView | None) -> tuple[Line, ...]:
    """A block's lines, marked: matched by what they are ("Caption" with "Caption"), then
    compared word by word."""
    old = dict(before.lines) if before else {}
    new = dict(after.lines) if after else {}
    if (before and len(old) != len(before.lines)) or (after and len(new) != len(after.lines)):
        # Lines of the same name (a list's items): compared in order as a sequence.
        return _sequence_lines(before, after)
    order = [label for label, _ in (after.lines if after else ())]
    order += [label for label, _ in (before.lines if before else ()) if label not in new]
    result = []
    for label in order:
        was, now = old.get(label), new.get(label)
        if was is None:
            result.append(Line(label, (("+", now),)))
        elif now is None:
            result.append(Line(label, (("-", was),)))
        else:
            result.append(Line(label, tuple(word_diff(was, now, phrases=True))))
    return tuple(result)


def _sequence_lines(before: BlockView | None, after: BlockView | None) -> tuple[Line, ...]:
    old = [text for _, text in before.lines] if before else []
    new = [text for _, text in after.lines] if after else []
    result = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [Line("", (("=", text),)) for text in old[i1:i2]]
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for was, now in zip(old[i1 : i1 + paired], new[j1 : j1 + paired], strict=True):
            result.append(Line("", tuple(word_diff(was, now, phrases=True))))
        result += [Line("", (("-", text),)) for text in old[i1 + paired : i2]]
        result += [Line("", (("+", text),)) for text in new[j1 + paired : j2]]
    return tuple(result)


def compare_blocks(before: list[BlockView], after: list[BlockView]) -> list:
    """The body's blocks, each the same (in collapsed runs), changed, removed or added."""
    result: list = []
    same: list[BlockView] = []

    def flush():
        if same:
            result.append(Unchanged(tuple(same)))
            same.clear()

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            same.extend(after[j1:j2])
            continue
        flush()
        old, new = before[i1:i2], after[j1:j2]
        # Within a changed stretch, blocks of the same kind in the same order are the same
        # block edited; the others were removed or added.
        kinds = difflib.SequenceMatcher(
            None, [b.kind for b in old], [b.kind for b in new], autojunk=False
        )
        for op, a1, a2, b1, b2 in kinds.get_opcodes():
            if op == "equal":
                for was, now in zip(old[a1:a2], new[b1:b2], strict=True):
                    result.append(BlockChange("changed", now, _lines(was, now), was.pictures))
                continue
            result += [BlockChange("removed", b, _lines(b, None)) for b in old[a1:a2]]
            result += [BlockChange("added", b, _lines(None, b)) for b in new[b1:b2]]
    flush()
    return result


def body_diff(before: str, after: str) -> list:
    """Two bodies compared block by block (see `compare_blocks`)."""
    old, new = blocks.read(before or ""), blocks.read(after or "")
    names = _Names.load([], [old, new])
    return compare_blocks([view(b, names) for b in old], [view(b, names) for b in new])


def _byline_names(data: dict, names: _Names) -> list[str]:
    roles = dict(ArticleAuthor.Role.choices)
    result = []
    for row in data.get("bylines") or ():
        if _is_row(row):
            role = roles.get(row[1], "By")
            result.append(f"{role} {names.authors.get(row[0], 'a deleted author')}")
    return result


def _list_line(before: list[str], after: list[str]) -> Line:
    """Tags or bylines: each one kept, removed or added, in the new order."""
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments += [("=", item) for item in before[i1:i2]]
        else:
            segments += [("-", item) for item in before[i1:i2]]
            segments += [("+", item) for item in after[j1:j2]]
    joined: list[Segment] = []
    for n, segment in enumerate(segments):
        if n:
            joined.append(("=", ", "))
        joined.append(segment)
    return Line("", tuple(joined))


def story_diff(old: dict, new: dict) -> list[FieldChange]:
    """Per field that differs between two snapshots of a story, what changed, by name."""
    old_body, new_body = blocks.read(old.get("body") or ""), blocks.read(new.get("body") or "")
    names = _Names.load([old, new], [old_body, new_body])
    changes = []
    for name, label in FIELD_LABELS.items():
        was, now = old.get(name), new.get(name)
        if name == "body":
            views = [view(b, names) for b in old_body], [view(b, names) for b in new_body]
            if views[0] != views[1]:
                changes.append(FieldChange(name, label, blocks=tuple(compare_blocks(*views))))
        elif name == "section":
            if was != now:
                words = [
                    names.sections.get(v, "a deleted section") if v else "" for v in (was, now)
                ]
                changes.append(FieldChange(name, label, (_text_line(*words),)))
        elif name == "lead_image":
            if was != now:
                before, after = names.picture(was), names.picture(now)
                titles = [p.title if p else "" for p in (before, after)]
                changes.append(
                    FieldChange(name, label, (_text_line(*titles),), before=before, after=after)
                )
        elif name == "tags":
            if (was or []) != (now or []):
                changes.append(FieldChange(name, label, (_list_line(was or [], now or []),)))
        elif name == "bylines":
            before, after = _byline_names(old, names), _byline_names(new, names)
            if before != after:
                changes.append(FieldChange(name, label, (_list_line(before, after),)))
        elif (was or "") != (now or ""):
            changes.append(FieldChange(name, label, (_text_line(was or "", now or ""),)))
    return changes


def _text_line(before: str, after: str) -> Line:
    if not before:
        return Line("", (("+", after),))
    if not after:
        return Line("", (("-", before),))
    return Line("", tuple(word_diff(before, after, phrases=True)))


def revision_diff(old: ArticleRevision, new: ArticleRevision) -> list[tuple[str, list]]:
    """Per changed field, its lines with the words removed ("-") and added ("+") marked: the
    flat form of `story_diff` (a body's blocks as lines, unchanged blocks left out)."""
    result = []
    for change in story_diff(old.data, new.data):
        lines = list(change.lines)
        for block in change.blocks:
            if isinstance(block, BlockChange):
                lines += block.lines
        result.append((change.label, [list(line.segments) for line in lines]))
    return result
