"""Scheduled publication: what is due, what is overdue, and publishing it exactly once."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ..models import Article
from .records import announce, record, write
from .transitions import publish_checklist

Status = Article.Status


def due_for_publication(now: datetime | None = None):
    """Scheduled stories whose time has come, oldest first."""
    return Article.objects.filter(
        status=Status.SCHEDULED, published_at__lte=now or timezone.now()
    ).order_by("published_at", "id")


# A scheduled story still waiting this long after its time means the scheduler is not running
# (or cannot reach the database): the desk and the scheduler's log both say so. The scheduler
# runs every 15 s in `make demo` and every minute from cron, so a minute is enough.
OVERDUE_AFTER = timedelta(minutes=1)


def overdue_before(now: datetime | None = None) -> datetime:
    """Stories scheduled before this time and still waiting are overdue."""
    return (now or timezone.now()) - OVERDUE_AFTER


def blocked_schedules():
    """Scheduled stories the scheduler could not publish: their checklist failed when due."""
    return Article.objects.filter(status=Status.SCHEDULED).exclude(schedule_problem="")


def publish_due(
    *,
    now: datetime | None = None,
    on_blocked: Callable[[Article, list[str]], None] | None = None,
) -> list[Article]:
    """Publish every scheduled story that is due, each exactly once.

    One short transaction per story, claimed with SELECT … FOR UPDATE SKIP LOCKED: two copies
    running at once on PostgreSQL each take different rows, and a row another copy has just
    published no longer matches the filter. SQLite serialises writers by itself.

    The publish checklist runs again: a story edited into an incomplete state since it was
    scheduled stays scheduled, with what it lacks in `schedule_problem` for the desk, and is
    passed to `on_blocked`.
    """
    now = now or timezone.now()
    published, blocked = [], set()
    while True:
        with transaction.atomic():
            article = (
                due_for_publication(now)
                .exclude(pk__in=blocked)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("section", "lead_image")
                .first()
            )
            if article is None:
                return published
            missing = publish_checklist(article)
            if missing:
                blocked.add(article.pk)
                problem = "; ".join(missing)
                if article.schedule_problem != problem:
                    write(article, article, None, {"schedule_problem": problem})
                    record(article, "schedule_failed", Status.SCHEDULED, None, problem)
                if on_blocked is not None:
                    on_blocked(article, missing)
                continue
            write(article, article, None, {"status": Status.PUBLISHED, "schedule_problem": ""})
            record(article, "publish_scheduled", Status.SCHEDULED, None)
            announce(article, "publish_scheduled", Status.SCHEDULED)
        published.append(article)
