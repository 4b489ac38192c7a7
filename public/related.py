"""Related stories under an article: what shares its tags, then the newest of its section."""

from django.db.models import Case, Count, OuterRef, Subquery, Value, When

from articles.models import Article, TaggedArticle

RELATED_LENGTH = 4


def related_stories(article: Article, limit: int = RELATED_LENGTH) -> list[Article]:
    """Stories sharing the most tags (same section first on a tie), then the newest of the
    same section: two queries whatever the numbers, using the prefetched tags. Their images'
    renditions are left for the caller to load with the page's other images."""
    candidates = Article.objects.for_listing().prefetch_related(None).exclude(pk=article.pk)
    tag_ids = [tag.pk for tag in article.tags.all()]
    related = []
    if tag_ids:
        shared_tags = (
            TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
            .values("content_object")
            .annotate(count=Count("pk"))
            .values("count")
        )
        tagged = TaggedArticle.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        related = list(
            candidates.filter(pk__in=tagged)
            .annotate(
                shared_tags=Subquery(shared_tags),
                same_section=Case(
                    When(section_id=article.section_id, then=Value(1)), default=Value(0)
                ),
            )
            .order_by("-shared_tags", "-same_section", "-published_at", "-id")[:limit]
        )
    if article.section_id:
        # Asked even when the tags filled every place, so the page's query count is fixed.
        newest_in_section = candidates.in_section(article.section_id).exclude(
            pk__in=[story.pk for story in related]
        )[:limit]
        related += list(newest_in_section)[: limit - len(related)]
    return related
