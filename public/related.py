"""Related stories under an article: what shares its tags, then the newest of its section."""

from django.db import connection
from django.db.models import Case, Count, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from articles.models import Article, TaggedArticle

RELATED_LENGTH = 4
# Only the newest stories of each of the article's first tags are ranked, so the cost follows
# what the page shows, not the size of the archive: a popular tag carries thousands of stories.
TAGS_CONSIDERED = 8
NEWEST_PER_TAG = 50


def related_stories(article: Article, limit: int = RELATED_LENGTH) -> list[Article]:
    """Stories sharing the most tags (same section first on a tie), then the newest of the
    same section: one query whatever the numbers, using the prefetched tags. Their images'
    renditions are left for the caller to load with the page's other images.

    Only the newest NEWEST_PER_TAG stories of each of the first TAGS_CONSIDERED tags are
    candidates: each is a short walk down the feed index, probing the tag index (or, for a
    rare tag, its few rows), and the section's newest a walk down the section index."""
    tag_ids = sorted(tag.pk for tag in article.tags.all())
    others = (
        Article.objects.published()
        .stories()
        .exclude(pk=article.pk)
        .order_by("-published_at", "-id")
    )
    pools = [others.filter(tags=tag_id)[:NEWEST_PER_TAG] for tag_id in tag_ids[:TAGS_CONSIDERED]]
    if article.section_id:
        # Ranked with the tagged stories: sharing no tag, they come after them, newest first.
        pools.append(others.in_section(article.section_id)[:limit])
    if not pools:
        return []
    if len(pools) == 1:
        # An untagged story: its section's newest are already in order.
        return list(pools[0].select_related("section", "lead_image").defer("body", "body_text"))
    if not connection.features.supports_slicing_ordering_in_compound:
        # XXX: SQLite refuses a LIMIT inside a UNION, so there each part reads its pool
        # through a subquery (PostgreSQL would join the whole table back to the pools).
        pools = [Article.objects.filter(pk__in=pool.values("pk")).order_by() for pool in pools]
    shared_tags = Value(0)
    if tag_ids:
        shared_tags = Coalesce(
            Subquery(
                TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
                .values("content_object")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )
    parts = [
        pool.select_related("section", "lead_image")
        .defer("body", "body_text")
        .annotate(
            shared_tags=shared_tags,
            same_section=Case(When(section_id=article.section_id, then=Value(1)), default=Value(0)),
        )
        for pool in pools
    ]
    # UNION, not UNION ALL: a story in several pools is one row.
    ranked = (
        parts[0].union(*parts[1:]).order_by("-shared_tags", "-same_section", "-published_at", "-id")
    )
    return list(ranked[:limit])
