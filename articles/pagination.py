"""Keyset pagination for "Show more": a cursor on (published_at, id), newest first.

The cursor is the last item shown, written as `<microseconds since epoch>.<id>`. Filtering
"older than the cursor" costs the same on page 1 and page 5,000, and stories published between
clicks neither repeat nor push items out of the next page.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext

PAGE_SIZE = 20
_CURSOR = re.compile(r"^(\d{1,17})\.(\d{1,19})$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_MICROSECONDS = int((datetime(9999, 12, 31, tzinfo=UTC) - _EPOCH).total_seconds() * 10**6)


class InvalidCursor(ValueError):
    """A `?before=` that no page of ours links to. The message is for readers: the 400 page
    shows it, followed by a link back to the first page."""

    def __init__(self, message: str | None = None):
        super().__init__(message or gettext("This page of stories doesn't exist."))


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    id: int

    def __str__(self) -> str:
        delta = self.published_at - _EPOCH
        micros = (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds
        return f"{micros}.{self.id}"

    @classmethod
    def parse(cls, raw: str) -> "Cursor":
        match = _CURSOR.match(raw or "")
        if not match:
            raise InvalidCursor()
        micros, pk = int(match[1]), int(match[2])
        if micros > _MAX_MICROSECONDS or pk > 2**63 - 1:
            raise InvalidCursor()
        return cls(_EPOCH + timedelta(microseconds=micros), pk)

    @classmethod
    def after(cls, item) -> "Cursor":
        """The cursor of a story or a live post (a model instance or a read model's item)."""
        return cls(item.published_at, item.id)

    def older_q(self) -> Q:
        # The leading `published_at <= cursor` gives the index scan its starting point; the OR
        # alone would make the database scan from the newest story down to the cursor.
        return Q(published_at__lte=self.published_at) & (
            Q(published_at__lt=self.published_at) | Q(id__lt=self.id)
        )

    def newer_q(self) -> Q:
        # The mirror of older_q, with the same leading bound for the index scan.
        return Q(published_at__gte=self.published_at) & (
            Q(published_at__gt=self.published_at) | Q(id__gt=self.id)
        )


@dataclass
class Page:
    items: list
    next_cursor: Cursor | None
    is_first: bool


def keyset_page(listing: Callable, cursor: Cursor | None, size: int = PAGE_SIZE) -> Page:
    """One page of stories and the cursor after it.

    `listing(before)` returns the stories older than a cursor (all of them for None), ordered
    by ("-published_at", "-id"); e.g. `Article.objects.for_listing`.
    """
    return page_of(list(listing(cursor)[: size + 1]), cursor, size)


def page_of(items: list, cursor: Cursor | None, size: int = PAGE_SIZE) -> Page:
    """The page from up to `size + 1` stories already fetched after `cursor`, newest first
    (one more than the page shows tells whether there is a next page)."""
    has_more = len(items) > size
    items = items[:size]
    next_cursor = Cursor.after(items[-1]) if has_more else None
    return Page(items=items, next_cursor=next_cursor, is_first=cursor is None)
