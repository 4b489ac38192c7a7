"""Autosave: each person's unsaved text of a story, kept on the server while they type.

The desk form posts its fields here every few seconds (static/js/desk-autosave.js). A working
copy is not the story: keeping one writes no revision and leaves the story's version alone, so
nobody else's form goes stale. A new story becomes a real draft, through the workflow's one
door, as soon as it has a headline and body text (workflow.starts_a_draft); before that its
text waits in a working copy with no story, so an abandoned "Write a story" tab leaves no
draft. Reopening the story offers the text back while it differs from the story.

Each copy remembers the page (the opening of the form) that typed it. An autosave from another
page never replaces a copy that still holds unsaved text: that page is told instead, and offers
the text back (a reload whose last autosave arrived late, a second tab, yesterday's visit).
"""

from django.db import transaction
from django.utils import timezone

from authors import languages

from . import plaintext, richtext, workflow
from .models import Article, WorkingCopy

# The form fields a working copy keeps, and their longest accepted length.
FIELDS = {
    "title": Article._meta.get_field("title").max_length,
    "dek": 10_000,
    "body": 1_000_000,
    "lead_image_caption": 2_000,
    "lead_image_alt": 2_000,
    "tags": 1_000,
    # A new story's language, when the newsroom has more than one (start_story).
    "language": Article._meta.get_field("language").max_length,
}
# What "Restore" brings back into the form: the words, not the placement.
RESTORED = ("title", "dek", "body", "lead_image_caption", "lead_image_alt")


def clean_data(raw) -> dict:
    """Only the known fields, as strings of bounded length without NUL, the headline on one
    line (the story is made from it when it has some text), the body sanitised."""
    if not isinstance(raw, dict):
        return {}
    data = {}
    for field, limit in FIELDS.items():
        value = raw.get(field)
        if isinstance(value, str):
            # No keyboard types a NUL, and PostgreSQL cannot keep one (a 500 on every save).
            data[field] = value[:limit].replace("\x00", "")
    if "title" in data:
        data["title"] = plaintext.one_line(data["title"])
    if "body" in data:
        data["body"] = richtext.sanitise(data["body"])
    return data


def keep(
    *, user, article: Article | None, data: dict, base_version: int | None, page: str = ""
) -> WorkingCopy:
    """Store (or replace) this person's working copy of the story, as typed in `page`."""
    copy, _ = WorkingCopy.objects.update_or_create(
        article=article,
        user=user,
        defaults={
            "data": data,
            "base_version": base_version,
            "updated_at": timezone.now(),
            "page": page,
        },
    )
    return copy


def unseen(*, user, article: Article | None, page: str) -> WorkingCopy | None:
    """Unsaved text typed in another page, which an autosave from `page` must not replace."""
    copy = WorkingCopy.objects.filter(article=article, user=user).first()
    if copy is None or copy.page == page or not holds_unsaved(copy, article):
        return None
    return copy


@transaction.atomic
def start_story(*, user, data: dict) -> Article:
    """Make a new story a draft from its first headline and text; its unsaved copy is then
    spent. The writer's byline comes with it (workflow.save_article)."""
    article = Article(**{field: data.get(field, "") for field in RESTORED})
    if languages.is_known(data.get("language", "")):
        article.language = data["language"]
    tags = [t.strip() for t in data.get("tags", "").split(",") if t.strip()]
    # Saved with the story, so its first revision lists them.
    workflow.save_article(article, by=user, expected_version=None, tags=tags or None)
    forget(user=user, article=None)
    return article


def take_revision(revision, *, user) -> list[str]:
    """Put an old version's words in this person's working copy of the story, on its current
    version: the form opens with them for review, and saving them is a normal update. Returns
    the labels of what else differs in that version and stays as it is now."""
    article = revision.article
    keep(
        user=user,
        article=article,
        data={field: revision.data.get(field) or "" for field in RESTORED},
        base_version=article.version,
    )
    now = workflow.snapshot(article)
    return [
        label.lower()
        for field, label in workflow.FIELD_LABELS.items()
        if field not in RESTORED and revision.data.get(field) != now.get(field)
    ]


def forget(*, user, article: Article | None) -> None:
    """Drop the working copy once the form is saved for real (or the person discards it)."""
    WorkingCopy.objects.filter(article=article, user=user).delete()


def offer(*, user, article: Article | None) -> WorkingCopy | None:
    """The working copy to offer back on opening the form, if it holds unsaved text."""
    copy = WorkingCopy.objects.filter(article=article, user=user).first()
    return copy if copy is not None and holds_unsaved(copy, article) else None


def current(*, user, article: Article | None) -> WorkingCopy | None:
    """This person's working copy of the story, unsaved text or not."""
    return WorkingCopy.objects.filter(article=article, user=user).first()


def holds_unsaved(copy: WorkingCopy, article: Article | None) -> bool:
    """Whether the copy's words differ from the story's (any words, for a story not made yet).

    Never a comparison of times: a copy typed before someone else saved is older than the
    story and still the only place its text is.
    """
    if article is None:
        return any(copy.data.get(f, "").strip() for f in RESTORED)
    return any(copy.data.get(f, getattr(article, f)) != getattr(article, f) for f in RESTORED)


def stale(copy: WorkingCopy, article: Article) -> bool:
    """Whether someone saved the story after the copy's text was started from it."""
    return copy.base_version is not None and copy.base_version < article.version


def apply(copy: WorkingCopy, article: Article) -> None:
    """Put the copy's text on the (unsaved) story, so the form opens with it."""
    for field in RESTORED:
        if field in copy.data:
            setattr(article, field, copy.data[field])
    if copy.base_version is not None:
        # The form then edits against the version the text was typed on: if someone saved
        # since, saving it is refused with their name, never a silent overwrite.
        article.version = copy.base_version
