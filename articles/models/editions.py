"""A story's editions: the rule that makes one stale, on the stories' QuerySet (an edition is
an Article; ArticleQuerySet takes this in)."""

from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

# An edition's source text, what its translator translates (the fields of a revision the
# desk's diff reads as words): a change to any of them in the source makes the edition stale;
# a new section, tags, lead image or bylines do not.
SOURCE_TEXT = ("title", "dek", "body")


def _json_text(data: str, key: str):
    """A text key of a revision's JSON `data` (a field path), as text ("" when missing) on
    every database."""
    return Coalesce(KeyTextTransform(key, data), Value(""), output_field=models.TextField())


class EditionQuerySet(models.QuerySet):
    def with_staleness(self):
        """Each edition with `stale`: whether the text of its source's newest revision
        (SOURCE_TEXT) differs from that of the revision it was last brought up to date with
        (`synced_revision`). Compared in the database, so a list of editions learns it in its
        own query. An edition never brought up to date, or whose source has no revision, is
        not stale: there is nothing to compare."""
        from .desk import ArticleRevision  # beside the other desk records, which import this

        newest = ArticleRevision.objects.filter(
            article=OuterRef(OuterRef("translated_from"))
        ).order_by("-created_at", "-id")
        text_now = {f"text_{f}": _json_text("data", f) for f in SOURCE_TEXT}
        differs = (
            ArticleRevision.objects.filter(pk=models.Subquery(newest.values("pk")[:1]))
            .alias(**text_now)
            .exclude(**{f"text_{f}": OuterRef(f"synced_{f}") for f in SOURCE_TEXT})
        )
        synced = {f"synced_{f}": _json_text("synced_revision__data", f) for f in SOURCE_TEXT}
        stale = Q(synced_revision__isnull=False) & Exists(differs)
        return self.alias(**synced).annotate(
            stale=ExpressionWrapper(stale, output_field=BooleanField())
        )
