"""What every move writes: the story's locked row, its version, the WorkflowEvent, and the
signals that tell the public site what readers will notice (articles.signals)."""

from copy import copy

from django.db import transaction

from .. import notifications, signals
from ..models import Article, WorkflowEvent

Status = Article.Status


def lock(article: Article) -> Article:
    # Lock only the story's row; the lead image is joined (outer) for the checklist.
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("lead_image")
        .get(pk=article.pk)
    )


def record(article, action, from_status, by, comment="") -> WorkflowEvent:
    event = WorkflowEvent.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=article.status,
        actor=by,
        comment=comment,
    )
    # Emails go out after the commit, in the background; they never hold up the move.
    notifications.notify(event)
    return event


def write(article: Article, current: Article, by, changes: dict) -> None:
    """Apply changes to the locked row and mirror them on the caller's instance."""
    changes = {**changes, "version": current.version + 1, "modified_by": by}
    before = copy(current)
    for field, value in changes.items():
        setattr(current, field, value)
        setattr(article, field, value)
    current.save(update_fields=[*changes, "modified_at"], before=before)
    article.modified_at = current.modified_at


def announce(article: Article, action: str, from_status: str) -> None:
    """Tell listeners (the public site's cache) what readers will notice, after the commit."""
    if article.status == Status.PUBLISHED and from_status != Status.PUBLISHED:
        signal = signals.story_published
    elif from_status == Status.PUBLISHED and article.status != Status.PUBLISHED:
        signal = signals.story_withdrawn
    elif article.status == Status.PUBLISHED:
        signal = signals.story_updated
    else:
        return  # Nothing readers can see changed.
    transaction.on_commit(lambda: signal.send(sender=Article, article=article, action=action))
