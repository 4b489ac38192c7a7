"""What the newsroom's content says when it changes, for whoever keeps copies of it.

`save()` signals cover single rows; these cover the workflow's moves, which readers notice as a
story appearing, changing or going away (including changes that touch only related rows, such
as bylines, tags and corrections). The public site listens to purge its cached pages; the
content apps know nothing about caches.

A story's `save()` also tells the listeners of its pre_save and post_save what the row held
before (`row_save`), so one that compares before and after need not ask the database again
for a row the workflow has just locked and read.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal

# Sent after the transaction that made the change commits, with `article` and `action`
# (the WorkflowEvent's action name).
story_published = Signal()
story_updated = Signal()
story_withdrawn = Signal()


@dataclass
class RowSave:
    """One call of Article.save(), from its pre_save to its post_save.

    `before` is the row as it was: handed over by a saver that holds it already (the workflow,
    its locked row), else None until a pre_save listener that needs it reads it. It lives as
    long as the call, in the thread making it: a save that fails leaves nothing behind, and
    two threads never see each other's.
    """

    row: Any
    before: Any = None


_saving: ContextVar[RowSave | None] = ContextVar("story_row_save", default=None)


@contextmanager
def saving(row, before=None) -> Iterator[RowSave]:
    """Article.save() runs the save inside this."""
    call = RowSave(row, before)
    token = _saving.set(call)
    try:
        yield call
    finally:
        _saving.reset(token)


def row_save(instance) -> RowSave | None:
    """The save of `instance` in progress in this thread (None outside Article.save())."""
    call = _saving.get()
    return call if call is not None and call.row is instance else None
