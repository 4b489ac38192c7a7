"""Rows written past save() (backup's import_site) made what save() would have made them.

A restore inserts rows raw, to keep their ids, times and versions; but an archive may come
from anywhere, so every rich-text field passes the sanitiser its own save() applies, and what
is derived from it (body_text, excerpt, reading time, live_text, tag rows' listed_at) is worked
out again. Only rows that change are written: a site's own export restores byte for byte.
"""

from django.db import models

from . import richtext, working_copies
from .models import (
    Article,
    ArticleRevision,
    LivePost,
    LivePostRevision,
    TaggedArticle,
    WorkingCopy,
)

BATCH = 500
ARTICLE_FIELDS = ("body", "live_text", "body_text", "excerpt", "reading_time")


def resave_restored() -> None:
    """Sanitise and derive as every save would, for all the content rows."""
    _refresh(LivePost.objects.all(), ("body",), LivePost.refresh_derived_fields)
    live_texts = {
        article_id: LivePost.objects.filter(article_id=article_id).live_text()
        for article_id in LivePost.objects.order_by()
        .values_list("article_id", flat=True)
        .distinct()
    }

    def refresh_article(article):
        article.live_text = live_texts.get(article.pk, "")
        article.refresh_derived_fields()

    _refresh(Article.objects.all(), ARTICLE_FIELDS, refresh_article)
    # Snapshots of what a save stored: bodies as sanitised as the stories' own.
    for model in (ArticleRevision, LivePostRevision):
        _refresh(model.objects.all(), ("data",), _sanitise_snapshot)
    _refresh(WorkingCopy.objects.all(), ("data",), _clean_working_copy)
    TaggedArticle.objects.relist()


def _refresh(queryset: models.QuerySet, fields: tuple[str, ...], refresh) -> int:
    """Run `refresh` on each row and write back, in batches, the rows whose `fields` changed."""
    changed, count = [], 0
    for row in queryset.order_by("pk").iterator(chunk_size=BATCH):
        before = [getattr(row, name) for name in fields]
        refresh(row)
        if [getattr(row, name) for name in fields] != before:
            changed.append(row)
        if len(changed) == BATCH:
            count += queryset.model.objects.bulk_update(changed, fields)
            changed = []
    return count + queryset.model.objects.bulk_update(changed, fields)


def _sanitise_snapshot(revision) -> None:
    data = revision.data
    if isinstance(data, dict) and "body" in data:
        body = data["body"] if isinstance(data["body"], str) else ""
        revision.data = {**data, "body": richtext.sanitise(body)}


def _clean_working_copy(copy) -> None:
    copy.data = working_copies.clean_data(copy.data)
