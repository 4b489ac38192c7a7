"""Linking editions that were written apart: a Ukrainian story imported from its own site is
the translation of an English one already here. The desk's own way is translating (the
edition is made from its source); this is for editions that arrived separately."""

from django.db import transaction

from ..models import Article, ArticleRevision
from .errors import WorkflowError
from .records import lock

# Kept as the database has them whenever a form saves the story: they change on their own
# doors (translating, linking, bringing an edition up to date), never through the form.
EDITION_FIELDS = ("language", "translation_key", "translated_from_id", "synced_revision_id")


@transaction.atomic
def link_edition(source: Article, edition: Article) -> bool:
    """Make `edition` the translation of `source`: the same translation key, `source` as what
    it was translated from, up to date with the source's newest revision. False when it
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
    edition.synced_revision = ArticleRevision.objects.filter(article=source).order_by("-id").first()
    # A save, not an update: the public site hears of it (both editions' alternates change).
    edition.save(update_fields=["translation_key", "translated_from", "synced_revision"])
    return True
