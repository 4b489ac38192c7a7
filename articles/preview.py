"""Signed, expiring preview links: a draft shared with someone who has no desk login.

The token carries the story's id and its `preview_key`, signed with SECRET_KEY. It stops
working after PREVIEW_MAX_AGE, when the story's key changes (on takedown, or when the desk
revokes the links: workflow.revoke_preview_links), or at once if SECRET_KEY is rotated.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from .models import Article

SALT = "articles.preview.v2"
PREVIEW_MAX_AGE = timedelta(days=3)


@dataclass(frozen=True)
class PreviewToken:
    article_id: int
    key: str

    def opens(self, article: Article) -> bool:
        """Whether this token was made with the story's current key (not revoked since)."""
        same_story = article.pk == self.article_id
        return same_story and constant_time_compare(self.key, article.preview_key)


def preview_token(article: Article) -> str:
    return signing.dumps([article.pk, article.preview_key], salt=SALT, compress=True)


def preview_url(article: Article) -> str:
    return reverse("public:preview", kwargs={"token": preview_token(article)})


def read_token(token: str) -> PreviewToken:
    """What a token names; raises signing.SignatureExpired or BadSignature."""
    value = signing.loads(token, salt=SALT, max_age=PREVIEW_MAX_AGE)
    match value:
        case [int() as article_id, str() as key]:
            return PreviewToken(article_id, key)
    raise signing.BadSignature("Not a preview token.")
