"""The editorial state machine: who may move a story where, and what every move records.

draft → in_review → (scheduled | published) → unpublished, and back to draft when an editor
requests changes. Every change to a story comes through here: the desk's form and buttons,
the desk tools, restores, the roundup composer, the Ghost import and `publish_scheduled`. So
permissions, the version check, the publish checklist, WorkflowEvents, revisions and the
signals that tell the public site what changed (articles.signals) live in one place.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.text import slugify

from authors.models import Author
from media.models import Image

from . import notifications, plaintext, richtext, signals
from .models import (
    Article,
    ArticleAuthor,
    ArticleRevision,
    Correction,
    LivePost,
    LivePostRevision,
    Section,
    WorkflowEvent,
    new_preview_key,
)

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
    """A desk action: a move to `target`, or with `target=None` a change in place."""

    name: str
    label: str
    sources: frozenset[str]
    target: str | None
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
        Transition(
            "significant_update",
            "Mark a significant update",
            frozenset({Status.PUBLISHED}),
            None,
        ),
        Transition("correction", "Add a correction", frozenset({Status.PUBLISHED}), None),
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


# Roles ---------------------------------------------------------------------------------------


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def is_editor(user) -> bool:
    """Editors (and superusers) review, publish, schedule and edit every story."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def owns(user, article: Article) -> bool:
    """A writer's own story: one they created or carry a byline on (the instance twin of
    ArticleQuerySet.owned_by)."""
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


def _may_open_desk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view(user, article: Article) -> bool:
    """Who may open a story in the desk (its page, history, revisions): editors every story,
    writers their own and those readers can see now; others' drafts stay with their writers."""
    if not _may_open_desk(user) or not user.has_perm("articles.view_article"):
        return False
    return is_editor(user) or article.is_published or owns(user, article)


def viewable(user, queryset=None):
    """The queryset twin of `can_view`, for the desk's lists and choosers."""
    queryset = Article.objects.all() if queryset is None else queryset
    if not _may_open_desk(user) or not user.has_perm("articles.view_article"):
        return queryset.none()
    if is_editor(user):
        return queryset
    own = Article.objects.owned_by(user).values("pk")
    public = Article.objects.published().values("pk")
    return queryset.filter(Q(pk__in=own) | Q(pk__in=public))


def on_viewable(user, queryset):
    """Rows that belong to a story (live posts, corrections) on stories this user may open:
    what a story holds is as private as the story."""
    if is_editor(user):
        return queryset
    return queryset.filter(article__in=viewable(user).values("pk"))


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


def _write(article: Article, current: Article, by, changes: dict) -> None:
    """Apply changes to the locked row and mirror them on the caller's instance."""
    changes = {**changes, "version": current.version + 1, "modified_by": by}
    for field, value in changes.items():
        setattr(current, field, value)
        setattr(article, field, value)
    current.save(update_fields=[*changes, "modified_at"])
    article.modified_at = current.modified_at


def _announce(article: Article, action: str, from_status: str) -> None:
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
    if t.target is not None:
        # A move settles whatever the scheduler last found wrong with the story.
        changes = {"status": t.target, "schedule_problem": "", **changes}
    _write(article, current, by, changes)
    _record(current, name, from_status, by, comment.strip())
    _announce(current, name, from_status)
    return article


@_performs("submit")
def submit(article: Article, *, by, comment: str = "") -> Article:
    return _move(article, "submit", by, comment=comment)


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
        # Preview links shared before the takedown must not outlive it (even a republish).
        preview_key=new_preview_key(),
    )


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


def can_revoke_preview_links(user, article: Article) -> bool:
    """Editors, and the story's owner whatever its state, may end its shared preview links."""
    if not (user and user.is_authenticated and user.is_active) or article.pk is None:
        return False
    return is_editor(user) or owns(user, article)


@transaction.atomic
def revoke_preview_links(article: Article, *, by) -> Article:
    """End every preview link shared so far: the story gets a new preview key.

    Recorded in the history; the content's version is untouched, so open edit forms still save.
    """
    current = _lock(article)
    if not can_revoke_preview_links(by, current):
        raise NotAllowed("Only editors and the story's writer can revoke its preview links.")
    current.preview_key = article.preview_key = new_preview_key()
    current.save(update_fields=["preview_key"])
    _record(current, "revoke_preview", current.status, by, "Preview links revoked.")
    return article


# Scheduled publication -----------------------------------------------------------------------


def due_for_publication(now: datetime | None = None):
    """Scheduled stories whose time has come, oldest first."""
    return Article.objects.filter(
        status=Status.SCHEDULED, published_at__lte=now or timezone.now()
    ).order_by("published_at", "id")


# A scheduled story still waiting this long after its time means the scheduler is not running
# (or cannot reach the database): the desk and the scheduler's log both say so.
OVERDUE_AFTER = timedelta(minutes=5)


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
                    _write(article, article, None, {"schedule_problem": problem})
                    _record(article, "schedule_failed", Status.SCHEDULED, None, problem)
                if on_blocked is not None:
                    on_blocked(article, missing)
                continue
            _write(article, article, None, {"status": Status.PUBLISHED, "schedule_problem": ""})
            _record(article, "publish_scheduled", Status.SCHEDULED, None)
            _announce(article, "publish_scheduled", Status.SCHEDULED)
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
# Event comments for saves that are not plain desk edits (which keep a revision, no event).
SAVE_EVENTS = {
    "create": "Created",
    "import": "Imported from Ghost",
    "compose_roundup": "Composed by the desk",
    "restore": "Restored",
}


@transaction.atomic
def save_article(
    article: Article,
    *,
    by,
    expected_version: int | None,
    save_related: Callable[[], None] | None = None,
    action: str = "edit",
    note: str = "",
) -> Article:
    """Save an edit: the one door for every change to a story's content.

    Refuses it if someone saved since `expected_version` was read (required for a story that
    exists), saves the row, then `save_related()` (tags, bylines), keeps a revision, records
    a WorkflowEvent for anything but a plain edit, and signals what readers will notice.
    """
    _tidy_lines(article)
    if article.pk is None:
        if by is not None and not can_edit(by, article):
            raise NotAllowed("You cannot create stories.")
        if not article.slug:
            # Writers never see the slug: it follows the first headline saved.
            article.slug = unique_slug(article.title)
        article.created_by = by
        article.modified_by = by
        article.version = 1
        article.save()
        from_status = article.status
        action = "create" if action == "edit" else action
    else:
        current = _lock(article)
        if by is not None and not can_edit(by, current):
            raise NotAllowed("You cannot edit this story.")
        _refuse_other_version(current, expected_version)
        # Status moves only through transitions, never through a form.
        from_status = current.status
        article.status = current.status
        article.published_at = current.published_at
        # Live coverage moves on its own door (live posts by other writers meanwhile).
        for field in LIVE_FIELDS:
            setattr(article, field, getattr(current, field))
        article.version = current.version + 1
        article.modified_by = by
        article.save()
    if save_related is not None:
        save_related()
    record_revision(article, by=by, note=note or SAVE_EVENTS.get(action, ""))
    if action != "edit":
        _record(article, action, from_status, by, note)
    _announce(article, action, from_status)
    return article


# Fields shown on one line (a <title>, a feed title, an email subject): a line break or a
# control character typed or pasted into one is kept as a space, on every path that saves.
ONE_LINE_FIELDS = ("title", "seo_title", "share_title")


def _tidy_lines(article: Article) -> None:
    for field in ONE_LINE_FIELDS:
        setattr(article, field, plaintext.one_line(getattr(article, field)))


def unique_slug(title: str) -> str:
    """A free address for a new story: the slugified headline, numbered if it is taken."""
    base = slugify(title)[:240].strip("-") or "story"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def check_version(article: Article, expected_version: int | None) -> None:
    """Lock the row and refuse a form built from an older version (the desk form's check)."""
    _refuse_other_version(_lock(article), expected_version)


def _refuse_other_version(current: Article, expected_version: int | None) -> None:
    if expected_version is None:
        raise WorkflowError(
            "This form does not say which version of the story it edits: reload the story "
            "and make your change again."
        )
    if current.version != expected_version:
        raise EditConflict(current)


@transaction.atomic
def save_imported(
    article: Article,
    *,
    status: str,
    published_at,
    modified_at=None,
    save_related: Callable[[], None] | None = None,
    note: str = "Imported from Ghost",
) -> Article:
    """Save a story brought in from another system, in the state it had there.

    An import is an event like any desk move ("import", from → to) with a revision, so what it
    replaced stays restorable; forms opened before it now conflict instead of overwriting it.
    `modified_at` keeps the source's last edit time for feeds and sitemaps.
    """
    _tidy_lines(article)
    from_status = Status.DRAFT
    if article.pk is not None:
        from_status = _lock(article).status
        article.version += 1
    else:
        article.version = 1
    article.status = status
    article.published_at = published_at
    article.modified_by = None
    article.save()
    if save_related is not None:
        save_related()
    if modified_at is not None:
        # auto_now would overwrite it on save(); the source's time is what readers should see.
        Article.objects.filter(pk=article.pk).update(modified_at=modified_at)
        article.modified_at = modified_at
    record_revision(article, by=None, note=note)
    _record(article, "import", from_status, None, note)
    _announce(article, "import", from_status)
    return article


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


@dataclass
class Restored:
    revision: ArticleRevision
    # What could not be brought back, in words for the editor (a missing image, a taken slug).
    left_out: list[str]


@transaction.atomic
def restore_revision(revision: ArticleRevision, *, by) -> Restored:
    """Bring back an old version as a new revision; the versions in between are kept.

    References that no longer hold are left as they are now and listed in `left_out`: a slug
    another story has taken since, a deleted image, section or author.
    """
    article = _lock(revision.article)
    if not can_edit(by, article):
        raise NotAllowed("You cannot edit this story.")
    data = {field: revision.data.get(field) for field in REVISION_FIELDS}
    left_out = []
    if Article.objects.filter(slug=data["slug"]).exclude(pk=article.pk).exists():
        left_out.append(
            f"the address /news/{data['slug']}/ (another story has it now; "
            f"this one keeps /news/{article.slug}/)"
        )
        data["slug"] = article.slug
    if data["lead_image"] and not Image.objects.filter(pk=data["lead_image"]).exists():
        left_out.append("the lead image (it was deleted from the library)")
        data["lead_image"] = None
    if data["section"] and not Section.objects.filter(pk=data["section"]).exists():
        left_out.append("the section (it was deleted)")
        data["section"] = article.section_id
    bylines = revision.data.get("bylines", [])
    existing = set(
        Author.objects.filter(pk__in=[a for a, _, _ in bylines]).values_list("pk", flat=True)
    )
    if len(existing) < len({a for a, _, _ in bylines}):
        left_out.append("bylines of authors who were deleted")
    for field, value in data.items():
        setattr(article, Article._meta.get_field(field).attname, value)

    def restore_related():
        article.tags.set(revision.data.get("tags", []))
        article.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=a, role=role, position=pos)
            for a, role, pos in bylines
            if a in existing
        )

    save_article(
        article,
        by=by,
        expected_version=article.version,
        save_related=restore_related,
        action="restore",
        note=f"Restored version {revision.version}",
    )
    return Restored(article.revisions.order_by("-created_at", "-id").first(), left_out)


_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote|figcaption|pre)\b[^>]*>(.*?)</\1>", re.S)
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

# One run of text in a diff: "=" unchanged, "-" removed, "+" added.
Segment = tuple[str, str]


def _blocks(field: str, value) -> list[str]:
    """A field as the lines a reader compares: the body's text block by block."""
    if field == "body":
        blocks = [richtext.html_to_text(inner) for _, inner in _BLOCK.findall(value or "")]
        return [b for b in blocks if b] or ([richtext.html_to_text(value)] if value else [])
    if field in ("tags", "bylines"):
        return [", ".join(map(str, v)) if isinstance(v, list) else str(v) for v in value or []]
    return [] if value in (None, "") else [str(value)]


def word_diff(before: str, after: str) -> list[Segment]:
    """Word by word: a one-word change marks only that word."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    segments: list[Segment] = []

    def add(op, tokens):
        if tokens:
            text = "".join(tokens)
            if segments and segments[-1][0] == op:
                segments[-1] = (op, segments[-1][1] + text)
            else:
                segments.append((op, text))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("=", old[i1:i2])
        else:
            add("-", old[i1:i2])
            add("+", new[j1:j2])
    return segments


def _block_diff(before: list[str], after: list[str]) -> list[list[Segment]]:
    """Blocks (paragraphs) paired up; changed pairs diffed word by word."""
    result = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [[("=", block)] for block in before[i1:i2]]
            continue
        old, new = before[i1:i2], after[j1:j2]
        paired = min(len(old), len(new)) if tag == "replace" else 0
        result += [word_diff(o, n) for o, n in zip(old[:paired], new[:paired], strict=True)]
        result += [[("-", block)] for block in old[paired:]]
        result += [[("+", block)] for block in new[paired:]]
    return result


def revision_diff(old: ArticleRevision, new: ArticleRevision) -> list[tuple[str, list]]:
    """Per changed field, its blocks with the words removed ("-") and added ("+") marked."""
    changes = []
    for field, label in FIELD_LABELS.items():
        before, after = _blocks(field, old.data.get(field)), _blocks(field, new.data.get(field))
        if before != after:
            changes.append((label, _block_diff(before, after)))
    return changes


# Desk tools ----------------------------------------------------------------------------------


def roundup_title(day: date) -> str:
    """ROUNDUP_TITLE with the day in AP style ("Key developments on Nov. 28")."""
    return settings.ROUNDUP_TITLE.format(date=date_format(day, "N j"))


def roundup_candidates(day: date | None = None):
    """The day's published stories (newsroom time) a roundup can list, newest first."""
    day = day or timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    return (
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=start + timedelta(days=1))
        .exclude(is_roundup=True)
        .select_related("section", "lead_image")
        .order_by("-published_at", "-id")
    )


@transaction.atomic
def compose_roundup(*, by, stories: list[int] | None = None, day: date | None = None) -> Article:
    """A draft "Key developments on <date>" with a bullet per chosen story, in the given order.

    `stories` are ids among roundup_candidates(day) (others are ignored); None takes them all.
    The draft is made ready for the checklist where the items allow: the first item's section
    and the first lead image among them, the editor's own byline, the headlines as standfirst.
    """
    if not is_editor(by):
        raise NotAllowed("Only editors can compose the roundup.")
    day = day or timezone.localdate()
    candidates = {a.pk: a for a in roundup_candidates(day)}
    chosen = (
        list(candidates.values())
        if stories is None
        else [candidates[pk] for pk in dict.fromkeys(stories) if pk in candidates]
    )
    if not chosen:
        raise WorkflowError("Choose at least one story for the roundup.")
    title = roundup_title(day)
    base = slugify(f"key-developments-{day.isoformat()}")
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    items = "".join(
        f'<li><a href="{escape(s.get_absolute_url())}">{escape(s.title)}</a></li>' for s in chosen
    )
    pictured = next((s for s in chosen if s.lead_image_id), None)
    article = Article(
        title=title,
        slug=slug,
        dek=richtext.cut_at_word("; ".join(s.title for s in chosen) + ".", 300),
        # The headline is the title; the body is the list itself.
        body=f"<ul>{items}</ul>",
        section=chosen[0].section,
        lead_image=pictured.lead_image if pictured else None,
        lead_image_caption=pictured.lead_image_caption if pictured else "",
        is_roundup=True,
        status=Status.DRAFT,
    )
    byline = Author.objects.filter(user=by).first()

    def add_byline():
        if byline is not None:
            ArticleAuthor.objects.create(article=article, author=byline, position=0)

    return save_article(
        article,
        by=by,
        expected_version=None,
        save_related=add_byline,
        action="compose_roundup",
        note=f"{len(chosen)} stories from {date_format(day, 'j M Y')}.",
    )


# Live coverage --------------------------------------------------------------------------------
# Posts are rows of their own: writers post side by side without version conflicts, and a
# story edit never overwrites them (save_article keeps these fields as the database has them).

LIVE_FIELDS = ("coverage_started_at", "coverage_ended_at", "live_text")
BYLINE_REFUSED = "Writers post under their own byline; an editor can credit another author."


def can_post_live(user, article: Article) -> bool:
    """Editors and writers post to a live story whose coverage is on and that they may open
    (a draft live story stays with its writers and the editors)."""
    return bool(
        user
        and user.is_active
        and user.is_authenticated
        and user.has_perm("articles.add_article")
        and article.is_live
        and can_view(user, article)
    )


def can_change_post(user, post: LivePost) -> bool:
    """Editors edit and delete any post; writers their own, on a story they may still open."""
    if not (user and user.is_active and user.is_authenticated):
        return False
    if is_editor(user):
        return True
    return (
        post.created_by_id == user.pk
        and user.has_perm("articles.add_article")
        and can_view(user, post.article)
    )


def may_byline(user, author: Author | None) -> bool:
    """Writers byline posts as themselves (or with no byline); editors as any author."""
    return author is None or is_editor(user) or author.user_id == user.pk


def _set_coverage(article: Article, *, by, action: str, **changes) -> Article:
    current = _lock(article)
    for field, value in changes.items():
        setattr(current, field, value)
        setattr(article, field, value)
    current.save(update_fields=[*changes, "modified_at"])
    _record(current, action, current.status, by)
    _announce(current, action, current.status)
    return article


@transaction.atomic
def start_coverage(article: Article, *, by) -> Article:
    """Make a story live: it takes posts and readers see the live badge."""
    if not is_editor(by):
        raise NotAllowed("Only editors can start live coverage.")
    if article.is_live:
        raise WorkflowError("Live coverage of this story is already on.")
    return _set_coverage(
        article,
        by=by,
        action="start_coverage",
        coverage_started_at=article.coverage_started_at or timezone.now(),
        coverage_ended_at=None,
    )


@transaction.atomic
def end_coverage(article: Article, *, by) -> Article:
    """End live coverage: the badge goes off; the posts stay on the story."""
    if not is_editor(by):
        raise NotAllowed("Only editors can end live coverage.")
    if not article.is_live:
        raise WorkflowError("Live coverage of this story is not on.")
    return _set_coverage(article, by=by, action="end_coverage", coverage_ended_at=timezone.now())


def _post_snapshot(post: LivePost) -> dict:
    return {
        "headline": post.headline,
        "body": post.body,
        "is_pinned": post.is_pinned,
        "is_key_event": post.is_key_event,
        "author": post.author_id,
        "published_at": post.published_at.isoformat(),
    }


def _trace(post: LivePost, action: str, by) -> None:
    LivePostRevision.objects.create(post=post, action=action, data=_post_snapshot(post), actor=by)


def _posts_changed(article_id: int) -> None:
    """Refresh the story's searchable post text and tell the public site (after commit)."""
    article = Article.objects.select_for_update(of=("self",)).get(pk=article_id)
    article.live_text = LivePost.objects.filter(article_id=article_id).live_text()
    article.save(update_fields=["live_text", "modified_at"])
    _announce(article, "live_post", article.status)


def _post_html(text: str) -> str:
    """Posts are typed fast: plain text becomes paragraphs; HTML is kept (and sanitised)."""
    if "<" in text:
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)


def check_post_body(body: str) -> str:
    """A post's body as it is stored (sanitised HTML); WorkflowError when no text is left."""
    html = richtext.sanitise(_post_html(body or ""))
    if not richtext.html_to_text(html):
        raise WorkflowError("Write the post: it has no text.")
    return html


@transaction.atomic
def add_live_post(
    article: Article,
    *,
    by,
    body: str,
    headline: str = "",
    is_pinned: bool = False,
    is_key_event: bool = False,
    author=None,
    published_at: datetime | None = None,
) -> LivePost:
    """Post an update to a live story; the byline is the poster's author profile if any."""
    if not article.is_live_story or (by is not None and not article.is_live):
        raise WorkflowError("Start live coverage of this story before posting.")
    if by is not None and not can_post_live(by, article):
        raise NotAllowed("Only writers and editors can post to live stories.")
    if by is not None and not may_byline(by, author):
        raise NotAllowed(BYLINE_REFUSED)
    if author is None and by is not None:
        author = Author.objects.filter(user=by).first()
    post = LivePost.objects.create(
        article=article,
        body=check_post_body(body),
        headline=headline.strip(),
        is_pinned=is_pinned,
        is_key_event=is_key_event,
        author=author,
        created_by=by,
        published_at=published_at or timezone.now(),
    )
    _trace(post, LivePostRevision.Action.POST, by)
    _posts_changed(article.pk)
    return post


POST_FIELDS = ("headline", "body", "is_pinned", "is_key_event", "author")


@transaction.atomic
def edit_live_post(post: LivePost, *, by, **changes) -> LivePost:
    """Change a post in place; the revision keeps what it says now, the one before what it said."""
    if not can_change_post(by, post):
        raise NotAllowed("Only editors can change other writers' posts.")
    unknown = set(changes) - set(POST_FIELDS)
    if unknown:
        raise WorkflowError(f"Posts have no {', '.join(sorted(unknown))}.")
    # A byline an editor gave the post may stay when its writer edits it; a new one is checked.
    author = changes.get("author")
    new_byline = "author" in changes and getattr(author, "pk", None) != post.author_id
    if new_byline and not may_byline(by, author):
        raise NotAllowed(BYLINE_REFUSED)
    if "body" in changes:
        changes["body"] = check_post_body(changes["body"])
    if "headline" in changes:
        changes["headline"] = changes["headline"].strip()
    for field, value in changes.items():
        setattr(post, field, value)
    post.edited_at = timezone.now()
    post.save()
    _trace(post, LivePostRevision.Action.EDIT, by)
    _posts_changed(post.article_id)
    return post


@transaction.atomic
def delete_live_post(post: LivePost, *, by) -> LivePost:
    """Hide a post from readers; the desk keeps it and who deleted it."""
    if not can_change_post(by, post):
        raise NotAllowed("Only editors can delete other writers' posts.")
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        _trace(post, LivePostRevision.Action.DELETE, by)
        _posts_changed(post.article_id)
    return post
