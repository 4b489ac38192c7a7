"""Scheduled stories that have not gone out, as the desk says it: in the story list, the inbox
and the story form, "Due 18:00, not published: the scheduler is not running".

A story still scheduled a minute after its time (workflow.OVERDUE_AFTER) is overdue. Why is
read from the scheduler's heartbeat (operations.heartbeats): a scheduler that has stopped
beating is not running; one that beats found something missing (`schedule_problem`).
"""

from datetime import datetime

from django.utils import timezone

from operations import heartbeats

from . import desk_time, workflow
from .models import Article


def scheduler() -> heartbeats.Pulse:
    """The scheduler's last beat (one query; ask once per page)."""
    return heartbeats.pulses((heartbeats.SCHEDULER,))[heartbeats.SCHEDULER]


def is_overdue(article: Article, now: datetime | None = None) -> bool:
    return (
        article.status == Article.Status.SCHEDULED
        and article.published_at is not None
        and article.published_at <= workflow.overdue_before(now)
    )


def notice(article: Article, pulse: heartbeats.Pulse, now: datetime | None = None) -> str:
    """Why a scheduled story is not out yet, in one line ("" while nothing is wrong)."""
    now = now or timezone.now()
    if article.status != Article.Status.SCHEDULED or article.published_at is None:
        return ""
    due = f"Due {desk_time.moment(article.published_at, now)}"
    if article.schedule_problem:
        return f"{due}, not published: it still needs {article.schedule_problem}."
    if not is_overdue(article, now):
        return ""
    if not pulse.alive(now):
        return f"{due}, not published: the scheduler is not running."
    last_ran = desk_time.relative(pulse.beat_at, now)
    return f"{due}, not published yet: the scheduler last ran {last_ran}."
