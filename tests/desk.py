"""The desk's story form as tests post it."""

from django.urls import reverse


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(article, **overrides):
    """The change form as the browser would post it, built from the story's current state."""
    bylines = list(article.bylines.all())
    data = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "base_version": article.version,
        "section": article.section_id or "",
        "tags": ", ".join(article.tags.names()),
        "lead_image": article.lead_image_id or "",
        "lead_image_caption": article.lead_image_caption,
        "bylines-TOTAL_FORMS": len(bylines),
        "bylines-INITIAL_FORMS": len(bylines),
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
    }
    for i, byline in enumerate(bylines):
        data |= {
            f"bylines-{i}-id": byline.pk,
            f"bylines-{i}-article": article.pk,
            f"bylines-{i}-author": byline.author_id,
            f"bylines-{i}-role": byline.role,
            f"bylines-{i}-position": byline.position,
        }
    return data | overrides
