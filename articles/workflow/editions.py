"""A story's editions in other languages: translating a story into one, and keeping each
edition in step with the edition it was translated from (its source).

An edition starts as a copy of its source to translate in place (the blocks kept, the words to
replace) and remembers the source's revision it was made from (`synced_revision`). When the
source's text changes later the edition is stale (ArticleQuerySet.with_staleness): the desk
shows the source's changes since then, and the translator, once the edition says the same
again, marks it up to date. Each edition then goes through the workflow on its own: the
Ukrainian one may be published while the English one waits in review.
"""

from copy import copy
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import Truncator

from authors import languages
from authors.models import Author

from ..models import SOURCE_TEXT, Article, ArticleAuthor, ArticleRevision
from .diff import FieldChange, story_diff
from .errors import EditionExists, NotAllowed, WorkflowError
from .records import lock, record
from .roles import can_edit, can_view, is_editor, owns
from .saving import record_revision, save_article
from .slugs import free_slug

Role = ArticleAuthor.Role

# What a new edition takes from its source besides its text: the same story, placed and
# pictured alike. Not the canonical address (an edition's own page is its canonical one), nor
# the search and social words, which the desk form does not show for translating: empty, they
# follow the edition's own headline and standfirst.
COPIED = (
    "title",
    "dek",
    "body",
    "section",
    "lead_image",
    "lead_image_caption",
    "lead_image_alt",
    "share_image",
    "kind",
    "is_roundup",
)

# Room for the source's headline in the new edition's first revision note (200 characters).
TITLE_IN_NOTE = 120


def may_translate(user, story: Article) -> bool:
    """Whoever may create stories may translate one they may open (a writer into a draft of
    their own)."""
    return can_view(user, story) and can_edit(user, Article())


def newest_revision(story: Article) -> ArticleRevision | None:
    return story.revisions.order_by("-created_at", "-id").first()


@transaction.atomic
def translate(story: Article, language: str, *, by) -> Article:
    """Start the story's edition in `language`: a draft with the story's headline, standfirst
    and body to translate in place, its section, tags, lead image, body pictures with their
    captions and bylines (and the translator's own, credited as such), sharing its translation
    key; in step with the story's newest revision.

    Refused for a language the newsroom does not publish in, the story's own, or one the story
    already has an edition in (EditionExists names it, for the desk to open).
    """
    if not (by and by.is_authenticated and by.is_active):
        raise NotAllowed("Log in to translate stories.")
    # The source's row is locked, so two people translating it at once make one edition.
    source = lock(story)
    if not can_view(by, source):
        raise NotAllowed("You cannot open this story.")
    if not can_edit(by, Article()):
        raise NotAllowed("You cannot create stories, so you cannot translate one.")
    if not languages.is_known(language or ""):
        known = ", ".join(languages.english_name(code) for code in languages.codes())
        raise WorkflowError(
            f"The newsroom does not publish in “{language}”: its languages are {known}."
        )
    name = languages.english_name(language)
    if language == source.language:
        raise WorkflowError(f"This story is already in {name}.")
    existing = Article.objects.filter(
        translation_key=source.translation_key, language=language
    ).first()
    if existing is not None:
        raise EditionExists(existing, name)
    copied = (Article._meta.get_field(field).attname for field in COPIED)
    edition = Article(
        **{attname: getattr(source, attname) for attname in copied},
        language=language,
        translation_key=source.translation_key,
        translated_from=source,
        synced_revision=revision_to_follow(source, by=by),
        status=Article.Status.DRAFT,
        slug=free_slug(source.title, language=language),
    )
    bylines = _bylines(source, by)

    def keep_bylines():
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=edition, author_id=author, role=role, position=position)
            for position, (author, role) in enumerate(bylines)
        )

    return save_article(
        edition,
        by=by,
        expected_version=None,
        tags=sorted(source.tags.names(), key=str.lower),
        save_related=keep_bylines,
        action="translate",
        note=f"Translated into {name} from the {languages.english_name(source.language)} "
        f"“{Truncator(source.title).chars(TITLE_IN_NOTE)}”",
    )


def revision_to_follow(source: Article, *, by) -> ArticleRevision:
    """The source's newest revision; one is kept of it as it stands if it has none (a story
    from before revisions were kept), so that its later changes show."""
    return newest_revision(source) or record_revision(source, by=by, note="Kept for translation")


def _bylines(source: Article, by) -> list[tuple[int, str]]:
    """The source's bylines (not its own translators'), then the translator's."""
    rows = source.bylines.exclude(role=Role.TRANSLATOR).order_by("position", "id")
    bylines = list(rows.values_list("author_id", "role"))
    translator = Author.objects.filter(user=by).values_list("pk", flat=True).first()
    if translator is not None:
        bylines.append((translator, Role.TRANSLATOR))
    return bylines


# Keeping editions in step ---------------------------------------------------------------------


def is_stale(edition: Article) -> bool:
    """Whether the source's text changed since the edition was last brought up to date
    (ArticleQuerySet.with_staleness, for one edition)."""
    if edition.pk is None or edition.translated_from_id is None:
        return False
    found = Article.objects.with_staleness().filter(pk=edition.pk).values_list("stale", flat=True)
    return bool(found.first())


@dataclass(frozen=True)
class SourceChanges:
    """What changed in the source's text between the revision an edition was brought up to
    date with (`since`) and the source's newest (`now`): headline, standfirst and body, as
    the revision diff reads them."""

    source: Article
    since: ArticleRevision
    now: ArticleRevision
    diff: list[FieldChange]


def source_changes(edition: Article) -> SourceChanges | None:
    """The source's changes since the edition was last brought up to date (None when there is
    nothing to compare: no source, or never brought up to date)."""
    source = edition.translated_from
    if source is None or edition.synced_revision_id is None:
        return None
    now = newest_revision(source)
    since = ArticleRevision.objects.select_related("created_by").get(pk=edition.synced_revision_id)
    if now is None:
        return None
    text = [{f: revision.data.get(f) for f in SOURCE_TEXT} for revision in (since, now)]
    return SourceChanges(source, since, now, story_diff(*text))


def may_mark_up_to_date(user, edition: Article) -> bool:
    """Editors, and the edition's own writer (whatever its state), say it follows its source."""
    if not (user and user.is_authenticated and user.is_active) or edition.pk is None:
        return False
    return is_editor(user) or (user.has_perm("articles.change_article") and owns(user, edition))


@transaction.atomic
def mark_up_to_date(edition: Article, *, by) -> Article:
    """Say the edition now says what its source's newest revision says: it is no longer stale.

    Recorded in the edition's history; its content and version are untouched, so forms open on
    it still save."""
    current = lock(edition)
    if not may_mark_up_to_date(by, current):
        raise NotAllowed("Only editors and the edition's writer can mark it up to date.")
    source = current.translated_from
    if source is None:
        raise WorkflowError("This edition was not translated from another: nothing to follow.")
    revision = revision_to_follow(source, by=by)
    before = copy(current)
    current.synced_revision = edition.synced_revision = revision
    current.save(update_fields=["synced_revision"], before=before)
    name = languages.english_name(source.language)
    record(
        current,
        "mark_up_to_date",
        current.status,
        by,
        f"the {name} edition's version {revision.version}",
    )
    return edition


@transaction.atomic
def link_edition(source: Article, edition: Article) -> bool:
    """Link editions that were written apart (a Ukrainian story imported from its own site
    is the translation of an English one here): `edition` takes `source`'s translation key,
    `source` as what it was translated from, and follows its newest revision. False when it
    already was; refused when the two are in one language or either story already has another
    edition in the other's language."""
    if source.language == edition.language:
        raise WorkflowError(
            f"{source.get_absolute_url()} and {edition.get_absolute_url()} are in the same "
            "language; a translation links stories in two languages."
        )
    edition = lock(edition)
    if edition.translation_key == source.translation_key:
        return False
    if Article.objects.filter(
        translation_key=source.translation_key, language=edition.language
    ).exists():
        raise WorkflowError(f"{source.get_absolute_url()} already has an edition in this language.")
    if (
        Article.objects.filter(translation_key=edition.translation_key)
        .exclude(pk=edition.pk)
        .exists()
    ):
        raise WorkflowError(
            f"{edition.get_absolute_url()} is already linked to another story's editions."
        )
    edition.translation_key = source.translation_key
    edition.translated_from = source
    edition.synced_revision = revision_to_follow(source, by=None)
    # A save, not an update: the public site hears of it (both editions' alternates change).
    edition.save(update_fields=["translation_key", "translated_from", "synced_revision"])
    return True
