"""The editorial state machine: who may move a story where, and what every move records.

draft → in_review → (scheduled | published) → unpublished, and back to draft when an editor
requests changes. The admin's buttons and actions, the desk tools and `publish_scheduled` all
call these functions, so permissions, the publish checklist, WorkflowEvents, revisions and
cache invalidation (Article.save purges public pages) live in one place.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.text import slugify

from . import richtext
from .models import Article, ArticleAuthor, ArticleRevision, Correction, WorkflowEvent

Status = Article.Status
EDITORS = "Editors"
WRITERS = "Writers"
PUBLISH_PERMISSION = "articles.publish_article"


class WorkflowError(Exception):
    """A move the workflow refuses; the message is written for the editor who tried it."""


class IllegalTransition(WorkflowError):
    pass


class NotAllowed(WorkflowError, PermissionDenied):
    pass


class ChecklistFailed(WorkflowError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("This story cannot be published yet. Missing: " + "; ".join(missing) + ".")


class EditConflict(WorkflowError):
    def __init__(self, article: Article):
        self.changed_by = _display_name(article.modified_by) if article.modified_by else "Someone"
        self.changed_at = timezone.localtime(article.modified_at)
        super().__init__(
            f"{self.changed_by} saved this story at "
            f"{date_format(self.changed_at, 'H:i \\o\\n j M Y')} after you opened it. "
            "Nothing was overwritten and your text is still below: copy what you need, "
            "reload the story and apply your changes to the latest version."
        )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    editors_only: bool = True
    checklist: bool = False
    needs_comment: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", "Submit for review", frozenset({Status.DRAFT}), Status.IN_REVIEW, False
        ),
        Transition(
            "request_changes",
            "Request changes",
            frozenset({Status.IN_REVIEW}),
            Status.DRAFT,
            needs_comment=True,
        ),
        Transition(
            "publish",
            "Publish now",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}),
            Status.PUBLISHED,
            checklist=True,
        ),
        Transition(
            "schedule",
            "Schedule",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED}),
            Status.SCHEDULED,
            checklist=True,
        ),
        Transition(
            "cancel_schedule", "Cancel schedule", frozenset({Status.SCHEDULED}), Status.IN_REVIEW
        ),
        Transition("unpublish", "Unpublish", frozenset({Status.PUBLISHED}), Status.UNPUBLISHED),
        Transition(
            "republish",
            "Republish",
            frozenset({Status.UNPUBLISHED}),
            Status.PUBLISHED,
            checklist=True,
        ),
    ]
}


# Roles ---------------------------------------------------------------------------------------


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def is_editor(user) -> bool:
    """Editors (and superusers) review, publish, schedule and edit every story."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def owns(user, article: Article) -> bool:
    """A writer's own story: one they created or carry a byline on."""
    if not (user and user.is_authenticated) or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_edit(user, article: Article) -> bool:
    """Editors edit anything; writers only their own drafts."""
    if not (user and user.is_active and user.is_authenticated):
        return False
    if is_editor(user):
        return True
    if article.pk is None:
        return user.has_perm("articles.add_article")
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and owns(user, article)
    )


def allowed_transitions(article: Article, user) -> list[Transition]:
    """The moves this user may make on this story now (the buttons the desk shows)."""
    if article.pk is None:
        return []
    return [t for t in TRANSITIONS.values() if _refusal(article, user, t) is None]


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
    if not t.editors_only and not can_edit(user, article):
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
        if not image.alt_text.strip():
            missing.append("alt text on the lead image")
        if not image.credit.strip():
            missing.append("a credit on the lead image")
    return missing


# Transitions ---------------------------------------------------------------------------------


def _lock(article: Article) -> Article:
    # Lock only the story's row; the lead image is joined (outer) for the checklist.
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("lead_image")
        .get(pk=article.pk)
    )


def _record(article, action, from_status, by, comment="") -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        article=article,
        action=action,
        from_status=from_status,
        to_status=article.status,
        actor=by,
        comment=comment,
    )


def _write(article: Article, current: Article, by, changes: dict) -> None:
    """Apply changes to the locked row and mirror them on the caller's instance."""
    changes = {**changes, "version": current.version + 1, "modified_by": by}
    for field, value in changes.items():
        setattr(current, field, value)
        setattr(article, field, value)
    current.save(update_fields=[*changes, "modified_at"])
    article.modified_at = current.modified_at


@transaction.atomic
def _move(article: Article, name: str, by, *, comment: str = "", **changes) -> Article:
    t = TRANSITIONS[name]
    current = _lock(article)
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
    _write(article, current, by, {"status": t.target, **changes})
    _record(current, name, from_status, by, comment.strip())
    return article


def submit(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "submit", by, comment=comment)


def request_changes(article: Article, *, by, comment: str) -> Article:
    return _move(article, "request_changes", by, comment=comment)


def publish(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "publish", by, comment=comment, published_at=timezone.now())


def schedule(article: Article, *, by, at: datetime, comment: str = "") -> Article:
    if at is None or at <= timezone.now():
        raise WorkflowError("Choose a publication time in the future to schedule a story.")
    when = date_format(timezone.localtime(at), "j M Y, H:i")
    comment = f"For {when}. {comment}".strip()
    return _move(article, "schedule", by, comment=comment, published_at=at)


def cancel_schedule(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "cancel_schedule", by, comment=comment, published_at=None)


def unpublish(article: Article, *, by, reason: str = "", notice: str = "") -> Article:
    """Take a story down; if readers could see it, a reason is required (kept for the desk)."""
    if article.is_published and not reason.strip():
        raise WorkflowError("Unpublish: give the reason for taking down a story readers have seen.")
    return _move(
        article,
        "unpublish",
        by,
        comment=reason,
        takedown_reason=reason.strip(),
        takedown_notice=notice.strip(),
    )


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


TRANSITION_FUNCTIONS = {
    "submit": submit,
    "request_changes": request_changes,
    "publish": publish,
    "schedule": schedule,
    "cancel_schedule": cancel_schedule,
    "unpublish": unpublish,
    "republish": republish,
}


@transaction.atomic
def mark_significant_update(article: Article, *, by, comment: str = "") -> Article:
    """Move the story's "Updated: …" time to now; readers see it on the story and in feeds."""
    if not is_editor(by):
        raise NotAllowed("Only editors can mark a significant update.")
    current = _lock(article)
    if current.status != Status.PUBLISHED:
        raise IllegalTransition("Only a published story can have a significant update.")
    _write(article, current, by, {"significant_update_at": timezone.now()})
    _record(current, "significant_update", current.status, by, comment.strip())
    return article


@transaction.atomic
def add_correction(article: Article, *, by, text: str) -> Correction:
    """Append a correction; it is listed under the story with its time."""
    if not is_editor(by):
        raise NotAllowed("Only editors can add corrections.")
    if not text.strip():
        raise WorkflowError("Write the correction readers will see.")
    current = _lock(article)
    if current.status != Status.PUBLISHED:
        raise IllegalTransition("Corrections are for published stories.")
    correction = Correction.objects.create(article=current, text=text.strip(), created_by=by)
    _write(article, current, by, {})
    _record(current, "correction", current.status, by, text.strip())
    return correction


# Scheduled publication -----------------------------------------------------------------------


def due_for_publication(now: datetime | None = None):
    """Scheduled stories whose time has come, oldest first."""
    return Article.objects.filter(
        status=Status.SCHEDULED, published_at__lte=now or timezone.now()
    ).order_by("published_at", "id")


def publish_due(*, now: datetime | None = None) -> list[Article]:
    """Publish every scheduled story that is due, each exactly once.

    One short transaction per story, claimed with SELECT … FOR UPDATE SKIP LOCKED: two copies
    running at once on PostgreSQL each take different rows, and a row another copy has just
    published no longer matches the filter. SQLite serialises writers by itself.
    """
    now = now or timezone.now()
    published = []
    while True:
        with transaction.atomic():
            article = (
                due_for_publication(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("section")
                .first()
            )
            if article is None:
                return published
            _write(article, article, None, {"status": Status.PUBLISHED})
            _record(article, "publish_scheduled", Status.SCHEDULED, None)
        published.append(article)


# Saving, revisions, conflicts ----------------------------------------------------------------

REVISION_FIELDS = ("title", "slug", "dek", "body", "section", "lead_image", "lead_image_caption")
FIELD_LABELS = {
    "title": "Title",
    "slug": "Slug",
    "dek": "Standfirst",
    "body": "Body",
    "section": "Section",
    "lead_image": "Lead image",
    "lead_image_caption": "Caption",
    "tags": "Tags",
    "bylines": "Bylines",
}


@transaction.atomic
def save_article(article: Article, *, by, expected_version: int | None = None) -> Article:
    """Save an edit, refusing it if someone else saved since `expected_version` was read."""
    if article.pk is None:
        if not can_edit(by, article):
            raise NotAllowed("You cannot create stories.")
        article.created_by = by
        article.modified_by = by
        article.version = 1
        article.save()
        return article
    current = _lock(article)
    if not can_edit(by, current):
        raise NotAllowed("You cannot edit this story.")
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    # Status moves only through transitions, never through a form.
    article.status = current.status
    article.published_at = current.published_at
    article.version = current.version + 1
    article.modified_by = by
    article.save()
    return article


def check_version(article: Article, expected_version: int) -> None:
    """Lock the row and refuse a form built from an older version (used by the admin form)."""
    current = _lock(article)
    if current.version != expected_version:
        raise EditConflict(current)


def snapshot(article: Article) -> dict:
    bylines = article.bylines.order_by("position", "id").values_list(
        "author_id", "role", "position"
    )
    data = {
        field: getattr(article, Article._meta.get_field(field).attname) for field in REVISION_FIELDS
    }
    data["tags"] = sorted(article.tags.names(), key=str.lower)
    data["bylines"] = [list(b) for b in bylines]
    return data


def record_revision(article: Article, *, by, note: str = "") -> ArticleRevision:
    return ArticleRevision.objects.create(
        article=article, version=article.version, data=snapshot(article), created_by=by, note=note
    )


@transaction.atomic
def restore_revision(revision: ArticleRevision, *, by) -> ArticleRevision:
    """Bring back an old version as a new revision; the versions in between are kept."""
    article = _lock(revision.article)
    if not can_edit(by, article):
        raise NotAllowed("You cannot edit this story.")
    data = revision.data
    for field in REVISION_FIELDS:
        setattr(article, Article._meta.get_field(field).attname, data.get(field))
    save_article(article, by=by)
    article.tags.set(data.get("tags", []))
    article.bylines.all().delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author_id=a, role=role, position=pos)
        for a, role, pos in data.get("bylines", [])
    )
    return record_revision(article, by=by, note=f"Restored version {revision.version}")


_BLOCK_END = re.compile(r"(</(?:p|h2|h3|h4|li|blockquote|figure|pre|ul|ol)>|<br\s*/?>)")


def _lines(field: str, value) -> list[str]:
    if field == "body":
        return [line for line in _BLOCK_END.sub(r"\1\n", value or "").splitlines() if line.strip()]
    if field in ("tags", "bylines"):
        return [", ".join(map(str, v)) if isinstance(v, list) else str(v) for v in value or []]
    return [] if value in (None, "") else [str(value)]


def revision_diff(old: ArticleRevision, new: ArticleRevision) -> list[tuple[str, list]]:
    """Per changed field, the lines removed ("-") and added ("+") between two revisions."""
    changes = []
    for field, label in FIELD_LABELS.items():
        before, after = _lines(field, old.data.get(field)), _lines(field, new.data.get(field))
        if before == after:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(before, after)
            if line[:1] in ("-", "+", " ")
        ]
        changes.append((label, lines))
    return changes


# Desk tools ----------------------------------------------------------------------------------


def roundup_title(day: date) -> str:
    return f"Key developments on {date_format(day, 'N j')}"


@transaction.atomic
def compose_roundup(*, by, day: date | None = None) -> Article:
    """A draft "Key developments on <date>:" with a bullet per story published that day."""
    if not is_editor(by):
        raise NotAllowed("Only editors can compose the roundup.")
    day = day or timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    stories = (
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=start + timedelta(days=1))
        .order_by("published_at", "id")
        .only("title", "slug")
    )
    items = "".join(
        f'<li><a href="{escape(s.get_absolute_url())}">{escape(s.title)}</a></li>' for s in stories
    )
    title = roundup_title(day)
    base = slugify(f"key-developments-{day.isoformat()}")
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    article = Article(
        title=title,
        slug=slug,
        body=f"<p>{escape(title)}:</p><ul>{items}</ul>",
        status=Status.DRAFT,
    )
    save_article(article, by=by)
    WorkflowEvent.objects.create(
        article=article,
        action="compose_roundup",
        from_status=Status.DRAFT,
        to_status=Status.DRAFT,
        actor=by,
        comment=f"{len(stories)} stories from {date_format(day, 'j M Y')}.",
    )
    record_revision(article, by=by, note="Composed by the desk")
    return article
