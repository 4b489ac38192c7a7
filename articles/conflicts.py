"""Two versions of a story side by side: the text someone has not saved yet and the story as
someone else saved it meanwhile, field by field and the body block by block, so both can be kept.

The desk shows a Comparison when the story's version moves past the one a form was opened on
(the form hears it within seconds, and a refused save lands here too). "Yours" is the person's
working copy, "theirs" the story now. Where the revision both started from is known, each
difference says who changed it and the choice starts on the changed side, so edits to different
paragraphs are kept from both without a click; where both changed the same blocks, both are kept
until the person picks one. `merge` makes the chosen text the person's working copy again, on
the story's current version: the form opens with it and saving it is a normal update.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass, field, replace

from media.models import Image
from media.previews import preview_img

from . import blocks, desk_time, htmltree, richtext, workflow
from .models import Article, ArticleRevision, WorkingCopy

# The words a comparison covers: what a working copy keeps of a story (working_copies.RESTORED).
FIELDS = (
    ("title", "Headline"),
    ("dek", "Standfirst"),
    ("body", "Body"),
    ("lead_image_caption", "Lead image caption"),
    ("lead_image_alt", "Lead image alt text"),
)
MINE, THEIRS, BOTH = "mine", "theirs", "both"


@dataclass(frozen=True)
class Words:
    """A run of text, `changed` where it differs from the other version."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class Block:
    """One top-level block of a body: stored HTML, and how the desk shows it."""

    html: str
    kind: str
    words: tuple[Words, ...]
    thumbnails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Difference:
    """One place where the versions differ: a field, or a run of body blocks.

    `key` names its choice in the form; `changed_by` is "mine", "theirs", "both" or "" (the
    starting revision is unknown); `default` the choice the form starts on.
    """

    key: str
    mine: tuple[Block, ...]
    theirs: tuple[Block, ...]
    changed_by: str
    default: str
    can_keep_both: bool


@dataclass(frozen=True)
class Same:
    """A run of body blocks both versions share, shown collapsed."""

    blocks: tuple[Block, ...]


@dataclass
class FieldComparison:
    name: str
    label: str
    parts: list[Difference | Same] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not any(isinstance(part, Difference) for part in self.parts)

    @property
    def differences(self) -> int:
        return sum(isinstance(part, Difference) for part in self.parts)


@dataclass
class Comparison:
    article: Article
    copy: WorkingCopy
    fields: list[FieldComparison]
    theirs_by: str  # who saved the story last (saved_by)
    theirs_at: str
    mine_at: str

    @property
    def differences(self) -> int:
        return sum(f.differences for f in self.fields)

    @property
    def theirs_version(self) -> int:
        return self.article.version

    @property
    def mine_token(self) -> str:
        """Names the text compared: a merge of a copy whose words changed since is refused
        (its words, not its time: the form autosaving the same text again changes nothing)."""
        words = json.dumps([self.copy.data, self.copy.base_version], sort_keys=True)
        return hashlib.sha256(words.encode()).hexdigest()[:32]


def compare(copy: WorkingCopy, article: Article, *, user) -> Comparison:
    """The person's working copy (`copy`) beside the story as saved now."""
    mine = {name: copy.data.get(name, getattr(article, name)) for name, _ in FIELDS}
    theirs = {name: getattr(article, name) for name, _ in FIELDS}
    base = _base(article, copy.base_version)
    fields = []
    for name, label in FIELDS:
        if name == "body":
            parts = _body_parts(mine[name], theirs[name], base and base.get(name, ""))
            parts = _with_thumbnails(parts)
        else:
            parts = _field_parts(name, mine[name], theirs[name], base and base.get(name, ""))
        fields.append(FieldComparison(name, label, parts))
    return Comparison(
        article=article,
        copy=copy,
        fields=fields,
        theirs_by=saved_by(article, user),
        theirs_at=desk_time.short(article.modified_at),
        mine_at=desk_time.short(copy.updated_at),
    )


def saved_by(article: Article, user) -> str:
    """Who saved the story last, as the desk names them to `user` ("you" if it was them)."""
    by = article.modified_by
    if by is None:
        return "someone"
    return "you" if by.pk == user.pk else workflow.display_name(by)


def merge(comparison: Comparison, choices) -> dict:
    """The words chosen, as working-copy data: `choices` maps each difference's key to
    "mine", "theirs" or "both" (the body only); anything else takes the default."""
    data = dict(comparison.copy.data)
    for field_comparison in comparison.fields:
        chosen: list[str] = []
        for part in field_comparison.parts:
            if isinstance(part, Same):
                chosen += [block.html for block in part.blocks]
                continue
            choice = choices.get(part.key)
            if choice not in (MINE, THEIRS, BOTH) or (choice == BOTH and not part.can_keep_both):
                choice = part.default
            if choice in (THEIRS, BOTH):
                chosen += [block.html for block in part.theirs]
            if choice in (MINE, BOTH):
                chosen += [block.html for block in part.mine]
        value = "".join(chosen)
        if field_comparison.name == "body":
            value = richtext.sanitise(value)
        data[field_comparison.name] = value
    return data


# Fields of one line or a few: one choice each.


def _field_parts(name: str, mine: str, theirs: str, base: str | None) -> list:
    if mine == theirs:
        return [Same((_text_block(mine),))] if mine else []
    changed_by = _changed_by(mine != base, theirs != base, base)
    mine_words, theirs_words = _marked(mine, theirs)
    return [
        Difference(
            key=name,
            mine=(Block(mine, "", mine_words),),
            theirs=(Block(theirs, "", theirs_words),),
            changed_by=changed_by,
            default=THEIRS if changed_by == THEIRS else MINE,
            can_keep_both=False,
        )
    ]


def _text_block(text: str) -> Block:
    return Block(text, "", (Words(text),))


def _changed_by(mine_changed: bool, theirs_changed: bool, base) -> str:
    if base is None:
        return ""
    if mine_changed and theirs_changed:
        return BOTH
    return THEIRS if theirs_changed else MINE


def _marked(mine: str, theirs: str) -> tuple[tuple[Words, ...], tuple[Words, ...]]:
    """Each side's words, the ones the other side lacks marked (workflow.word_diff)."""
    mine_words, theirs_words = [], []
    for op, text in workflow.word_diff(theirs, mine):
        if op in ("=", "+"):
            mine_words.append(Words(text, op == "+"))
        if op in ("=", "-"):
            theirs_words.append(Words(text, op == "-"))
    return _joined(mine_words), _joined(theirs_words)


def _joined(words: list[Words]) -> tuple[Words, ...]:
    """Changed words one mark, not one per word: a space between two changes joins them."""
    out: list[Words] = []
    for n, run in enumerate(words):
        between = 0 < n < len(words) - 1 and words[n - 1].changed and words[n + 1].changed
        if between and not run.text.strip():
            run = Words(run.text, True)
        if out and out[-1].changed == run.changed:
            out[-1] = Words(out[-1].text + run.text, run.changed)
        else:
            out.append(run)
    return tuple(out)


# The body: top-level blocks, paired up as difflib pairs lines.


def split(body: str) -> list[str]:
    """A body's top-level blocks, each as stored HTML."""
    return [
        htmltree.to_html(node)
        for node in htmltree.parse(body or "")
        if not (isinstance(node, str) and not node.strip())
    ]


def _body_parts(mine: str, theirs: str, base: str | None) -> list:
    mine_blocks, theirs_blocks = split(mine), split(theirs)
    base_blocks = set(split(base)) if base is not None else None
    parts: list = []
    matcher = difflib.SequenceMatcher(None, theirs_blocks, mine_blocks, autojunk=False)
    for tag, t1, t2, m1, m2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(Same(tuple(_block(html) for html in theirs_blocks[t1:t2])))
            continue
        ours, others = mine_blocks[m1:m2], theirs_blocks[t1:t2]
        # Blocks changed in place are paired one to one (each its own choice, its words
        # marked); what is left over on the longer side is a choice of its own.
        paired = min(len(ours), len(others))
        runs = [([o], [t]) for o, t in zip(ours[:paired], others[:paired], strict=True)]
        if ours[paired:] or others[paired:]:
            runs.append((ours[paired:], others[paired:]))
        for run_mine, run_theirs in runs:
            parts.append(_difference(f"body-{len(parts)}", run_mine, run_theirs, base_blocks))
    return parts


def _difference(key: str, ours: list[str], others: list[str], base: set | None) -> Difference:
    if base is None:
        changed_by = ""
    else:
        # New blocks, or blocks of the starting revision that only the other side still has.
        mine_changed = any(b not in base for b in ours) or any(
            b in base and b not in ours for b in others
        )
        theirs_changed = any(b not in base for b in others) or any(
            b in base and b not in others for b in ours
        )
        changed_by = _changed_by(mine_changed, theirs_changed, base)
    pair = len(ours) == len(others) == 1
    return Difference(
        key=key,
        mine=tuple(_block(b, others[0] if pair else None) for b in ours),
        theirs=tuple(_block(b, ours[0] if pair else None) for b in others),
        changed_by=changed_by,
        # Both changed these blocks (or nobody knows who did): keep both until the person
        # picks one, so nothing is lost by saving without looking.
        default={MINE: MINE, THEIRS: THEIRS}.get(changed_by, BOTH),
        # Keeping both is for blocks both changed: one side's edit beside the block it
        # replaced would only repeat it.
        can_keep_both=changed_by in (BOTH, ""),
    )


def _block(html: str, other: str | None = None) -> Block:
    """A block as the desk shows it: its kind and its words, those not in `other` marked."""
    kind, text = describe(html)
    if other is not None:
        other_kind, other_text = describe(other)
        if other_kind == kind:
            return Block(html, kind, _marked(text, other_text)[0])
    return Block(html, kind, (Words(text),))


def describe(html: str) -> tuple[str, str]:
    """What a block is, and what it says, in words for the editor."""
    read = blocks.read(html)
    if not read:
        return "Paragraph", ""
    block = read[0]
    if isinstance(block, blocks.Html):
        nodes = [n for n in htmltree.parse(html) if isinstance(n, htmltree.Element)]
        kind = workflow.TEXT_LABELS.get(nodes[0].tag, "Text") if nodes else "Text"
        return kind, richtext.html_to_text(html)
    if isinstance(block, blocks.ImageBlock):
        return "Picture", block.caption
    if isinstance(block, blocks.GalleryBlock):
        captions = " · ".join(item.caption for item in block.items if item.caption)
        return f"Gallery of {len(block.items)} pictures", captions
    if isinstance(block, blocks.EmbedBlock):
        return f"Embed ({block.label})", " · ".join(
            part for part in (block.title, block.url, block.caption) if part
        )
    if isinstance(block, blocks.TableBlock):
        # One line a row (the desk shows a block's line breaks), its cells between bars.
        rows = [block.header, *block.rows] if block.header else block.rows
        lines = [" | ".join(richtext.html_to_text(c.html) for c in row) for row in rows]
        return "Table", "\n".join(part for part in (block.caption, *lines) if part)
    if isinstance(block, blocks.PullQuoteBlock):
        said = f"“{block.text}”"
        return "Pull quote", f"{said} — {block.attribution}" if block.attribution else said
    if isinstance(block, blocks.CalloutBlock):
        return "Callout", richtext.html_to_text(block.html)
    if isinstance(block, blocks.RelatedBlock):
        return "Story card", f"story no. {block.article_id}"
    return "Block readers will not see", block.message


def _with_thumbnails(parts: list) -> list:
    """Pictures and galleries that differ shown with their thumbnails (one query for all)."""
    differing = [p for p in parts if isinstance(p, Difference)]
    ids = {i for p in differing for b in (*p.mine, *p.theirs) for i in _picture_ids(b.html)}
    if not ids:
        return parts
    images = Image.objects.in_bulk(ids)

    def shown(block: Block) -> Block:
        thumbs = tuple(str(preview_img(images[i])) for i in _picture_ids(block.html) if i in images)
        return replace(block, thumbnails=thumbs)

    return [
        replace(p, mine=tuple(map(shown, p.mine)), theirs=tuple(map(shown, p.theirs)))
        if isinstance(p, Difference)
        else p
        for p in parts
    ]


def _picture_ids(html: str) -> list[int]:
    return [image_id for image_id, _ in blocks.pictures(blocks.read(html))]


def _base(article: Article, version: int | None) -> dict | None:
    """The words of the revision the copy was started from, if it is kept."""
    if version is None:
        return None
    revision = ArticleRevision.objects.filter(article=article, version=version).first()
    if revision is None:
        return None
    return {name: revision.data.get(name) or "" for name, _ in FIELDS}
