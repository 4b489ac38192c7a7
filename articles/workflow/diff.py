"""Comparing two revisions of a story: per field, its blocks with the words removed and added.

The body is compared block by block (paragraphs, headings, list items…), and a changed block
word by word, so a one-word edit marks only that word.
"""

import difflib
import re

from .. import richtext
from ..models import ArticleRevision

FIELD_LABELS = {
    "title": "Title",
    "slug": "Slug",
    "dek": "Standfirst",
    "body": "Body",
    "section": "Section",
    "lead_image": "Lead image",
    "lead_image_caption": "Caption",
    "tags": "Tags",
    "bylines": "Bylines",
}


_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote|figcaption|pre)\b[^>]*>(.*?)</\1>", re.S)
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

# One run of text in a diff: "=" unchanged, "-" removed, "+" added.
Segment = tuple[str, str]


def _blocks(field: str, value) -> list[str]:
    """A field as the lines a reader compares: the body's text block by block."""
    if field == "body":
        blocks = [richtext.html_to_text(inner) for _, inner in _BLOCK.findall(value or "")]
        return [b for b in blocks if b] or ([richtext.html_to_text(value)] if value else [])
    if field in ("tags", "bylines"):
        return [", ".join(map(str, v)) if isinstance(v, list) else str(v) for v in value or []]
    return [] if value in (None, "") else [str(value)]


def word_diff(before: str, after: str) -> list[Segment]:
    """Word by word: a one-word change marks only that word."""
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
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("=", old[i1:i2])
        else:
            add("-", old[i1:i2])
            add("+", new[j1:j2])
    return segments


def _block_diff(before: list[str], after: list[str]) -> list[list[Segment]]:
    """Blocks (paragraphs) paired up; changed pairs diffed word by word."""
    result = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [[("=", block)] for block in before[i1:i2]]
            continue
        old, new = before[i1:i2], after[j1:j2]
        paired = min(len(old), len(new)) if tag == "replace" else 0
        result += [word_diff(o, n) for o, n in zip(old[:paired], new[:paired], strict=True)]
        result += [[("-", block)] for block in old[paired:]]
        result += [[("+", block)] for block in new[paired:]]
    return result


def revision_diff(old: ArticleRevision, new: ArticleRevision) -> list[tuple[str, list]]:
    """Per changed field, its blocks with the words removed ("-") and added ("+") marked."""
    changes = []
    for field, label in FIELD_LABELS.items():
        before, after = _blocks(field, old.data.get(field)), _blocks(field, new.data.get(field))
        if before != after:
            changes.append((label, _block_diff(before, after)))
    return changes
