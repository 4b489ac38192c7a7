"""Signed, expiring preview links: a draft shared with someone who has no desk login.

The token carries the story's id and is signed with SECRET_KEY; it stops working after
PREVIEW_MAX_AGE, or at once if the key is rotated. Nothing is stored.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from .models import Article

SALT = "articles.preview"
PREVIEW_MAX_AGE = timedelta(days=3)


def preview_token(article: Article) -> str:
    return signing.dumps(article.pk, salt=SALT, compress=True)


def preview_url(article: Article) -> str:
    return reverse("public:preview", kwargs={"token": preview_token(article)})


def read_token(token: str) -> int:
    """The story id a token names; raises signing.SignatureExpired or BadSignature."""
    return signing.loads(token, salt=SALT, max_age=PREVIEW_MAX_AGE)
