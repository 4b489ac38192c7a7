"""Saving a story's content: the one door for every edit, import and restore.

Each save checks the version the editor started from (a conflict names who saved since, never
a silent overwrite), keeps an ArticleRevision that can be compared and restored, records a
WorkflowEvent for anything but a plain desk edit, and tells the public site what changed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from authors.addresses import slug_url
from authors.models import Author
from media.models import Image

from .. import plaintext, richtext
from ..models import Article, ArticleAuthor, ArticleRevision, Section
from .errors import EditConflict, NotAllowed, WorkflowError
from .live import LIVE_FIELDS
from .records import announce, lock, record
from .roles import can_edit
from .slugs import follows_headline, free_slug, headline_slug

Status = Article.Status

# Kept as the database has them whenever a form saves the story: they change on their own
# doors (translating, linking, bringing an edition up to date), never through the form.
EDITION_FIELDS = ("language", "translation_key", "translated_from_id", "synced_revision_id")
REVISION_FIELDS = (
    "title",
    "slug",
    "dek",
    "body",
    "section",
    "lead_image",
    "lead_image_caption",
    "lead_image_alt",
)
# Event comments for saves that are not plain desk edits (which keep a revision, no event).
SAVE_EVENTS = {
    "create": "Created",
    "import": "Imported from Ghost",
    "compose_roundup": "Composed by the desk",
    "restore": "Restored",
}
# What a story needs before the desk keeps it as a draft (with an address). Until then an
# autosave keeps the text as a working copy, so an abandoned "Write a story" tab leaves no
# draft behind to take the headline's clean address.
DRAFT_NEEDS = "a headline and some body text"


def starts_a_draft(title: str, body: str) -> bool:
    """Whether text written for a new story is enough to keep it as a draft."""
    return bool(plaintext.one_line(title or "")) and bool(richtext.html_to_text(body or ""))


@transaction.atomic
def save_article(
    article: Article,
    *,
    by,
    expected_version: int | None,
    tags: list[str] | None = None,
    bylines: list[Author] | None = None,
    save_related: Callable[[], None] | None = None,
    action: str = "edit",
    note: str = "",
) -> Article:
    """Save an edit: the one door for every change to a story's content.

    Refuses it if someone saved since `expected_version` was read (required for a story that
    exists), saves the row, then its `tags` and `bylines` when given (and `save_related()`,
    the desk form's own), keeps a revision of all of it, records a WorkflowEvent for anything
    but a plain edit, and signals what readers will notice.
    """
    _tidy_lines(article)
    if article.pk is None:
        if by is not None and not can_edit(by, article):
            raise NotAllowed("You cannot create stories.")
        if action == "edit" and not starts_a_draft(article.title, article.body):
            raise WorkflowError(f"A new story is kept once it has {DRAFT_NEEDS}.")
        if not article.slug:
            # Writers never see the slug: it follows the headline (see slugs).
            article.slug = free_slug(article.title, language=article.language)
        article.created_by = by
        article.modified_by = by
        article.version = 1
        article.save()
        from_status = article.status
        action = "create" if action == "edit" else action
    else:
        current = lock(article)
        if by is not None and not can_edit(by, current):
            raise NotAllowed("You cannot edit this story.")
        _refuse_other_version(current, expected_version)
        # Status moves only through transitions, never through a form.
        from_status = current.status
        article.status = current.status
        article.published_at = current.published_at
        # Live coverage moves on its own door (live posts by other writers meanwhile), and
        # so do the edition's links (a translation linked or brought up to date meanwhile).
        for field in (*LIVE_FIELDS, *EDITION_FIELDS):
            setattr(article, field, getattr(current, field))
        if follows_headline(current) and article.slug == current.slug:
            article.slug = headline_slug(
                article.title, current.slug, article_id=article.pk, language=current.language
            )
        article.version = current.version + 1
        article.modified_by = by
        article.save(before=current)
    _keep_related(article, tags, bylines)
    if save_related is not None:
        save_related()
    if action == "create":
        _byline_writer(article, by)
    record_revision(article, by=by, note=note or SAVE_EVENTS.get(action, ""))
    if action != "edit":
        record(article, action, from_status, by, note)
    announce(article, action, from_status)
    return article


# Fields shown on one line (a <title>, a feed title, an email subject): a line break or a
# control character typed or pasted into one is kept as a space, on every path that saves.
ONE_LINE_FIELDS = ("title", "seo_title", "share_title")


def _tidy_lines(article: Article) -> None:
    for field in ONE_LINE_FIELDS:
        setattr(article, field, plaintext.one_line(getattr(article, field)))


def _keep_related(article: Article, tags: list[str] | None, bylines: list[Author] | None):
    """Give the saved story these tags and these authors' bylines, in order (None: keep)."""
    if tags is not None:
        article.tags.set(tags)
    if bylines is not None:
        article.bylines.all().delete()
        for position, author in enumerate(bylines):
            ArticleAuthor.objects.create(article=article, author=author, position=position)


def _byline_writer(article: Article, by) -> None:
    """A new story carries its writer's byline (their author profile, if they have one),
    unless it was given bylines of its own."""
    author = Author.objects.filter(user=by).first() if by is not None else None
    if author is not None and not article.bylines.exists():
        ArticleAuthor.objects.create(article=article, author=author, position=0)


def check_version(article: Article, expected_version: int | None) -> None:
    """Lock the row and refuse a form built from an older version (the desk form's check)."""
    _refuse_other_version(lock(article), expected_version)


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
    tags: list | None = None,
    bylines: list[Author] | None = None,
    note: str = "Imported from Ghost",
) -> Article:
    """Save a story brought in from another system, in the state it had there.

    An import is an event like any desk move ("import", from → to) with a revision, so what it
    replaced stays restorable; forms opened before it now conflict instead of overwriting it.
    `modified_at` keeps the source's last edit time for feeds and sitemaps; `tags` and
    `bylines` as save_article takes them.
    """
    _tidy_lines(article)
    from_status, current = Status.DRAFT, None
    if article.pk is not None:
        current = lock(article)
        from_status = current.status
        article.version += 1
    else:
        article.version = 1
    article.status = status
    article.published_at = published_at
    article.modified_by = None
    # The source's last edit time, not ours: feeds and sitemaps show when it changed.
    article.save(before=current, modified_at=modified_at)
    _keep_related(article, tags, bylines)
    record_revision(article, by=None, note=note)
    record(article, "import", from_status, None, note)
    announce(article, "import", from_status)
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
    article = lock(revision.article)
    if not can_edit(by, article):
        raise NotAllowed("You cannot edit this story.")
    data = {field: revision.data.get(field) for field in REVISION_FIELDS}
    left_out = []
    taken = Article.objects.filter(slug=data["slug"], language=article.language)
    if taken.exclude(pk=article.pk).exists():
        left_out.append(
            f"the address {slug_url('public:article', data['slug'], article.language)} "
            "(another story has it "
            f"now; this one keeps {article.get_absolute_url()})"
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
