"""Field helpers the newsroom's models share."""

import secrets

from django.conf import settings
from django.db import models


def new_preview_key() -> str:
    """A fresh per-story secret for preview links (see articles.preview)."""
    return secrets.token_urlsafe(12)


def desk_user(**options):
    """Who did something on the desk: a link that outlives the account (deleting a user keeps
    the record, with nobody named) and adds no reverse accessor to the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )
