"""Signed, expiring preview links: a draft shared with someone who has no desk login.

The token carries the story's id and is signed with SECRET_KEY; it stops working after
PREVIEW_MAX_AGE, or at once if the key is rotated. Nothing is stored.
"""

from datetime import timedelta

from django.core import signing
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import Article

SALT = "articles.preview"
PREVIEW_MAX_AGE = timedelta(days=3)


def preview_token(article: Article) -> str:
    return signing.dumps(article.pk, salt=SALT, compress=True)


def preview_url(article: Article) -> str:
    return reverse("articles:preview", kwargs={"token": preview_token(article)})


@require_safe
@never_cache
def preview(request, token):
    """The story as readers will see it, whatever its state, for as long as the link lives."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "articles/preview_expired.html", status=410)
    except signing.BadSignature:
        return render(request, "404.html", status=404)
    article = get_object_or_404(
        Article.objects.select_related("section", "lead_image")
        .with_bylines()
        .prefetch_related("tags", "corrections"),
        pk=pk,
    )
    # Shown as it would look if published now; the instance is never saved.
    article.published_at = article.published_at or timezone.now()
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "is_preview": True, "preview_expires_in": PREVIEW_MAX_AGE},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
