"""The editorial state machine: the transition table, who may take each move, the publish
checklist, and the moves themselves.

draft → in_review → (scheduled | published) → unpublished, and back to draft when an editor
requests changes or the writer withdraws it. The rules are data (TRANSITIONS); one `_move()`
checks them, writes the row, records the WorkflowEvent and tells the public site.
"""

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateformat import format as date_format

from .. import richtext
from ..models import Article, Correction, WorkflowEvent, new_preview_key
from .errors import ChecklistFailed, IllegalTransition, NotAllowed, WorkflowError
from .front_page import withdraw_from_front_page
from .records import announce, lock, record, write
from .roles import can_edit, can_revoke_preview_links, is_editor, owns
from .slugs import follows_headline, headline_slug

Status = Article.Status


@dataclass(frozen=True)
class Transition:
    """A desk action: a move to `target`, or with `target=None` a change in place."""

    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    editors_only: bool = True
    checklist: bool = False
    needs_comment: bool = False
    # Only the story's own writer (whoever created it or carries its byline) takes it.
    owner_only: bool = False
    # What the story was, said after it ("Saved and submitted for review.", "Not published: …").
    done: str = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "Submit for review",
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            False,
            done="submitted for review",
        ),
        Transition(
            "withdraw",
            "Withdraw from review",
            frozenset({Status.IN_REVIEW}),
            Status.DRAFT,
            False,
            owner_only=True,
            done="withdrawn from review",
        ),
        Transition(
            "request_changes",
            "Request changes",
            frozenset({Status.IN_REVIEW}),
            Status.DRAFT,
            needs_comment=True,
            done="sent back with changes requested",
        ),
        Transition(
            "publish",
            "Publish now",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}),
            Status.PUBLISHED,
            checklist=True,
            done="published",
        ),
        Transition(
            "schedule",
            "Schedule",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}),
            Status.SCHEDULED,
            checklist=True,
            done="scheduled",
        ),
        Transition(
            "cancel_schedule",
            "Cancel schedule",
            frozenset({Status.SCHEDULED}),
            Status.IN_REVIEW,
            done="taken off the schedule",
        ),
        Transition(
            "unpublish",
            "Unpublish",
            frozenset({Status.PUBLISHED}),
            Status.UNPUBLISHED,
            done="unpublished",
        ),
        Transition(
            "republish",
            "Republish",
            frozenset({Status.UNPUBLISHED}),
            Status.PUBLISHED,
            checklist=True,
            done="republished",
        ),
        Transition(
            "significant_update",
            "Mark a significant update",
            frozenset({Status.PUBLISHED}),
            None,
            done="marked as a significant update",
        ),
        Transition(
            "correction",
            "Add a correction",
            frozenset({Status.PUBLISHED}),
            None,
            done="corrected",
        ),
    ]
}

# The function behind each desk action, registered where it is defined (see `_performs`).
_ACTIONS: dict[str, Callable[..., object]] = {}


def _performs(name: str):
    def register(function):
        assert name in TRANSITIONS, name
        _ACTIONS[name] = function
        return function

    return register


def perform(name: str, article: Article, *, by, **options):
    """Run the desk action `name` (a key of TRANSITIONS) with its form's cleaned options."""
    if name not in _ACTIONS:
        raise WorkflowError("Unknown desk action.")
    return _ACTIONS[name](article, by=by, **options)


def allowed_transitions(article: Article, user) -> list[Transition]:
    """The actions this user may take on this story now (the buttons the desk shows)."""
    if article.pk is None:
        return []
    return [t for t in TRANSITIONS.values() if _refusal(article, user, t) is None]


def may(user, article: Article, name: str) -> bool:
    """Whether `user` may take the desk action `name` on this story now."""
    return article.pk is not None and _refusal(article, user, TRANSITIONS[name]) is None


def _refusal(article: Article, user, t: Transition) -> WorkflowError | None:
    if not (user and user.is_authenticated and user.is_active):
        return NotAllowed("Log in to change stories.")
    if t.editors_only and not is_editor(user):
        return NotAllowed(f"Only editors can {t.label.lower()}.")
    if article.status not in t.sources:
        allowed = ", ".join(sorted(Status(s).label.lower() for s in t.sources))
        return IllegalTransition(
            f"Cannot {t.label.lower()}: the story is {article.get_status_display().lower()}, "
            f"and this is only possible from {allowed}."
        )
    if t.owner_only:
        if not (user.has_perm("articles.change_article") and owns(user, article)):
            return NotAllowed(f"Only the story's writer can {t.label.lower()}.")
    elif not t.editors_only and not can_edit(user, article):
        return NotAllowed(f"You can only {t.label.lower()} your own drafts.")
    return None


# The publish checklist -----------------------------------------------------------------------


def publish_checklist(article: Article) -> list[str]:
    """What the story still needs before readers may see it (empty when it is ready)."""
    missing = []
    if not article.title.strip():
        missing.append("a title")
    if not article.dek.strip():
        missing.append("a standfirst (dek)")
    if not richtext.html_to_text(article.body):
        missing.append("a body")
    if article.pk is None or not article.bylines.exists():
        missing.append("at least one author")
    if article.section_id is None:
        missing.append("a section")
    image = article.lead_image
    if image is None:
        missing.append("a lead image")
    else:
        if not article.lead_alt.strip():
            missing.append("alt text on the lead image")
        if not image.credit.strip():
            missing.append("a credit on the lead image")
    return missing


# Transitions ---------------------------------------------------------------------------------


@transaction.atomic
def _move(article: Article, name: str, by, *, comment: str = "", **changes) -> Article:
    t = TRANSITIONS[name]
    current = lock(article)
    refusal = _refusal(current, by, t)
    if refusal is not None:
        raise refusal
    if t.needs_comment and not comment.strip():
        raise WorkflowError(f"{t.label}: say what needs to change (a comment is required).")
    if t.checklist:
        missing = publish_checklist(current)
        if missing:
            raise ChecklistFailed(missing)
    from_status = current.status
    if t.target is not None:
        # A move settles whatever the scheduler last found wrong with the story.
        changes = {"status": t.target, "schedule_problem": "", **changes}
    if t.target in (Status.PUBLISHED, Status.SCHEDULED) and follows_headline(current):
        # The address is fixed from now on: the headline's own, if it has become free.
        slug = headline_slug(
            current.title, current.slug, article_id=current.pk, language=current.language
        )
        if slug != current.slug:
            changes["slug"] = slug
    write(article, current, by, changes)
    record(current, name, from_status, by, comment.strip())
    announce(current, name, from_status)
    return article


@_performs("submit")
def submit(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "submit", by, comment=comment)


@_performs("withdraw")
def withdraw(article: Article, *, by, comment: str = "") -> Article:
    """The writer takes a submitted story back to work on it (before an editor has acted)."""
    return _move(article, "withdraw", by, comment=comment)


@_performs("request_changes")
def request_changes(article: Article, *, by, comment: str) -> Article:
    return _move(article, "request_changes", by, comment=comment)


@_performs("publish")
def publish(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "publish", by, comment=comment, published_at=timezone.now())


@_performs("schedule")
def schedule(article: Article, *, by, at: datetime, comment: str = "") -> Article:
    if at is None or at <= timezone.now():
        raise WorkflowError("Choose a publication time in the future to schedule a story.")
    when = date_format(timezone.localtime(at), "j M Y, H:i")
    comment = f"For {when}. {comment}".strip()
    return _move(article, "schedule", by, comment=comment, published_at=at)


@_performs("cancel_schedule")
def cancel_schedule(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "cancel_schedule", by, comment=comment, published_at=None)


@_performs("unpublish")
@transaction.atomic
def unpublish(article: Article, *, by, reason: str = "", notice: str = "") -> Article:
    """Take a story down; if readers could see it, a reason is required (kept for the desk).
    It leaves the front page and the breaking banner with it."""
    if article.is_published and not reason.strip():
        raise WorkflowError("Unpublish: give the reason for taking down a story readers have seen.")
    _move(
        article,
        "unpublish",
        by,
        comment=reason,
        takedown_reason=reason.strip(),
        takedown_notice=notice.strip(),
        # Preview links shared before the takedown must not outlive it (even a republish).
        preview_key=new_preview_key(),
    )
    withdraw_from_front_page(article, by=by)
    return article


@_performs("republish")
def republish(article: Article, *, by, comment: str = "") -> Article:
    published_at = article.published_at or timezone.now()
    return _move(
        article,
        "republish",
        by,
        comment=comment,
        published_at=published_at,
        takedown_reason="",
        takedown_notice="",
    )


@_performs("significant_update")
def mark_significant_update(article: Article, *, by, comment: str = "") -> Article:
    """Move the story's "Updated: …" time to now; readers see it on the story and in feeds."""
    return _move(
        article, "significant_update", by, comment=comment, significant_update_at=timezone.now()
    )


@_performs("correction")
@transaction.atomic
def add_correction(article: Article, *, by, text: str) -> Correction:
    """Append a correction; it is listed under the story with its time."""
    if not text.strip():
        raise WorkflowError("Write the correction readers will see.")
    _move(article, "correction", by, comment=text)
    return Correction.objects.create(article_id=article.pk, text=text.strip(), created_by=by)


def changes_requested(article: Article) -> WorkflowEvent | None:
    """The editor's request for changes, while the story is a draft sent back with it."""
    if article.pk is None or article.status != Status.DRAFT:
        return None
    last_move = (
        article.events.exclude(to_status=F("from_status"))
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    return last_move if last_move and last_move.action == "request_changes" else None


@transaction.atomic
def revoke_preview_links(article: Article, *, by) -> Article:
    """End every preview link shared so far: the story gets a new preview key.

    Recorded in the history; the content's version is untouched, so open edit forms still save.
    """
    current = lock(article)
    if not can_revoke_preview_links(by, current):
        raise NotAllowed("Only editors and the story's writer can revoke its preview links.")
    before = copy(current)
    current.preview_key = article.preview_key = new_preview_key()
    current.save(update_fields=["preview_key"], before=before)
    record(current, "revoke_preview", current.status, by, "Preview links revoked.")
    return article
