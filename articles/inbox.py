"""The desk's first page: what needs this user now, as lists of stories.

A writer sees their stories sent back with changes requested (with the editor's comment),
their drafts, what is scheduled and what went out. An editor sees the review queue oldest
first with how long each story has waited, the schedule with any story the scheduler could
not publish, and the stories others edited in the last hour. Both are told when stories wait
for a scheduler that has stopped.
"""

from datetime import timedelta

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from operations import heartbeats

from .models import Article, WorkflowEvent

Status = Article.Status
LENGTH = 10
RECENT_DAYS = 7
EDITED_WITHIN = timedelta(hours=1)


def _stories():
    return Article.objects.select_related("section", "modified_by").only(
        "title",
        "status",
        "published_at",
        "modified_at",
        "schedule_problem",
        "section__name",
        "modified_by__username",
        "modified_by__first_name",
        "modified_by__last_name",
    )


def _own(user):
    return _stories().filter(pk__in=Article.objects.owned_by(user).values("pk"))


def _with_last_move(stories):
    """Annotate each story with the id of its last real move (a change of state)."""
    moves = WorkflowEvent.objects.filter(article=OuterRef("pk")).exclude(to_status=F("from_status"))
    return stories.annotate(
        last_move_id=Subquery(moves.order_by("-created_at", "-id").values("pk")[:1])
    )


def for_writer(user) -> dict:
    drafts = list(
        _with_last_move(_own(user).filter(status=Status.DRAFT)).order_by("-modified_at")[:50]
    )
    events = WorkflowEvent.objects.select_related("actor").in_bulk(
        [d.last_move_id for d in drafts if d.last_move_id]
    )
    returned, plain = [], []
    for draft in drafts:
        event = events.get(draft.last_move_id)
        if event is not None and event.action == "request_changes":
            draft.request = event
            returned.append(draft)
        else:
            plain.append(draft)
    return {
        "changes_requested": returned[:LENGTH],
        "drafts": plain[:LENGTH],
        "scheduled": _own(user).filter(status=Status.SCHEDULED).order_by("published_at")[:LENGTH],
        "recent": _recent(_own(user)),
    }


def for_editor(user) -> dict:
    now = timezone.now()
    submitted = Max("events__created_at", filter=Q(events__action="submit"))
    return {
        "in_review": _stories()
        .filter(status=Status.IN_REVIEW)
        .annotate(submitted_at=submitted)
        .order_by(F("submitted_at").asc(nulls_first=True), "modified_at")[:LENGTH],
        "scheduled": _stories()
        .filter(status=Status.SCHEDULED)
        .order_by(F("schedule_problem").desc(), "published_at")[:LENGTH],
        "edited_by_others": _stories()
        .filter(modified_at__gte=now - EDITED_WITHIN, modified_by__isnull=False)
        .exclude(modified_by=user)
        .order_by("-modified_at")[:LENGTH],
        "drafts": _own(user).filter(status=Status.DRAFT).order_by("-modified_at")[:LENGTH],
        "recent": _recent(_stories()),
    }


def _recent(stories):
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return stories.published().filter(published_at__gte=since).order_by("-published_at")[:LENGTH]


def stalled_scheduler() -> heartbeats.Pulse | None:
    """The scheduler's last sign of life, when stories wait for it and it has stopped beating."""
    if not Article.objects.filter(status=Status.SCHEDULED).exists():
        return None
    pulse = heartbeats.pulses((heartbeats.SCHEDULER,))[heartbeats.SCHEDULER]
    return None if pulse.alive() else pulse
