"""Email for the desk: who hears about which workflow move, sent in the background.

The workflow calls `notify(event)` for every move it records; the moves listed in KINDS
send mail. Sending waits for the move's transaction to commit, then goes through Django's
Tasks framework (the database queue and `manage.py db_worker` in production), so a slow or
broken mail server never holds up or undoes a move: a failed send is logged and retried
later, and a failed enqueue is logged and dropped.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.urls import reverse
from django.utils import timezone

from . import plaintext
from .models import NotificationPreference, WorkflowEvent
from .workflow.roles import PUBLISH_PERMISSION

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # retried after 1, 2, 4 and 8 minutes


@dataclass(frozen=True)
class Kind:
    preference: str  # the NotificationPreference field that turns it off
    to: str  # "editors", or "writers": the story's bylined users and its creator
    subject: str


# Keyed by WorkflowEvent.action.
KINDS = {
    "submit": Kind("review_requests", "editors", "Review requested: {title}"),
    "request_changes": Kind("changes_requested", "writers", "Changes requested: {title}"),
    "publish": Kind("published", "writers", "Published: {title}"),
    "publish_scheduled": Kind("published", "writers", "Published: {title}"),
    "schedule_failed": Kind("schedule_failed", "editors", "Could not go out: {title}"),
}


def notify(event: WorkflowEvent) -> None:
    """Queue the email for this move, if it sends one, once the move is committed."""
    if event.action in KINDS:
        transaction.on_commit(lambda: _enqueue(event.pk))


def _enqueue(event_id: int, attempt: int = 1, delay: timedelta | None = None) -> None:
    try:
        job = send_notification
        if delay is not None:
            job = job.using(run_after=timezone.now() + delay)
        job.enqueue(event_id, attempt)
    except Exception:
        logger.exception("Could not queue the desk email for workflow event %s", event_id)


@task()
def send_notification(event_id: int, attempt: int = 1) -> int:
    """Send one workflow event's email to everyone who wants it; returns how many."""
    event = WorkflowEvent.objects.select_related("article", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    message = build_message(event)
    if message is None:
        return 0
    try:
        message.send()
    except Exception:
        retry = attempt < MAX_ATTEMPTS and default_task_backend.supports_defer
        logger.exception(
            "Desk email for workflow event %s (%s) failed, attempt %s of %s%s",
            event_id,
            event.action,
            attempt,
            MAX_ATTEMPTS,
            "; will retry" if retry else "; giving up",
        )
        if retry:
            _enqueue(event_id, attempt + 1, delay=timedelta(minutes=2 ** (attempt - 1)))
        return 0
    return len(message.bcc)


def build_message(event: WorkflowEvent) -> EmailMessage | None:
    kind = KINDS.get(event.action)
    if kind is None:
        return None
    addresses = sorted({u.email for u in recipients(event, kind) if u.email})
    if not addresses:
        return None
    article = event.article
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    lines = [_opening(event), "", f"“{article.title}”", link]
    if event.comment:
        lines += ["", event.comment]
    settings_link = settings.SITE_URL + reverse("desk:notifications")
    lines += ["", f"Choose which emails you get: {settings_link}"]
    # Recipients in Bcc: nobody's address is shown to the others.
    return EmailMessage(
        # Headlines are saved on one line; one stored before that rule must not stop the mail.
        subject=plaintext.header_line(kind.subject.format(title=article.title)),
        body="\n".join(lines),
        bcc=addresses,
    )


def _opening(event: WorkflowEvent) -> str:
    who = event.actor_name
    return {
        "submit": f"{who} submitted a story for review.",
        "request_changes": f"{who} asked for changes to your story:",
        "publish": f"{who} published your story.",
        "publish_scheduled": "Your scheduled story is now published.",
        "schedule_failed": "A scheduled story could not be published when it was due. Missing:",
    }[event.action]


def recipients(event: WorkflowEvent, kind: Kind):
    """Active users with an address who should hear about this event, but not its actor."""
    User = get_user_model()
    if kind.to == "editors":
        app_label, codename = PUBLISH_PERMISSION.split(".")
        publish = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        users = User.objects.filter(Q(groups__permissions=publish) | Q(user_permissions=publish))
    else:
        article = event.article
        users = User.objects.filter(
            Q(pk=article.created_by_id) | Q(author__bylines__article=article)
        )
    users = users.filter(is_active=True).exclude(email="")
    if event.actor_id is not None:
        users = users.exclude(pk=event.actor_id)
    opted_out = NotificationPreference.objects.filter(**{kind.preference: False}).values("user")
    return users.exclude(pk__in=opted_out).distinct()


def preferences_for(user) -> NotificationPreference:
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )
