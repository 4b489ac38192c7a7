"""Comments for the desk on a story: notes between writers and editors, never public.

Threads are one level deep, as in review tools: a reply to a reply joins its thread.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .blocks import is_id
from .models import Article, DeskComment

MAX_LENGTH = 5_000


@dataclass
class Thread:
    comment: DeskComment
    replies: list[DeskComment] = field(default_factory=list)


def add_comment(article: Article, *, by, text: str, parent_id=None) -> DeskComment:
    """Add a comment (or a reply); ValidationError says what was wrong with it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("Write a comment first.")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"Keep comments under {MAX_LENGTH} characters.")
    if "\x00" in text:  # PostgreSQL stores no NUL character in text
        raise ValidationError("The comment holds a character that cannot be stored: retype it.")
    parent = None
    if parent_id not in (None, ""):
        parent = DeskComment.objects.filter(article=article, pk=_int(parent_id)).first()
        if parent is None:
            raise ValidationError("The comment you replied to is gone.")
        parent = parent.parent or parent
    return DeskComment.objects.create(article=article, author=by, parent=parent, text=text)


def threads(article: Article) -> list[Thread]:
    """The story's comments as threads, oldest first, in one query."""
    comments = DeskComment.objects.filter(article=article).select_related("author")
    roots: dict[int, Thread] = {}
    replies = []
    for comment in comments:
        if comment.parent_id is None:
            roots[comment.pk] = Thread(comment)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in roots:
            roots[reply.parent_id].replies.append(reply)
    return list(roots.values())


def _int(value) -> int | None:
    # Keys typed as ASCII digits only: "²" is a digit to str.isdigit() but no number to int().
    return int(value) if is_id(str(value)) else None
