"""System checks for what the settings must allow the newsroom's content to do."""

from django.conf import settings
from django.core.checks import Error

from .blocks import PLAYER_ORIGINS


def embed_players_may_be_framed(app_configs=None, **kwargs) -> list[Error]:
    """Every embed provider's player is in the CSP's frame-src: otherwise a reader who clicks
    the embed gets a frame the browser refuses to fill."""
    allowed = set(settings.SECURE_CSP.get("frame-src", ()))
    missing = [origin for origin in PLAYER_ORIGINS if origin not in allowed]
    if not missing:
        return []
    return [
        Error(
            "SECURE_CSP's frame-src does not allow the embed players of "
            + ", ".join(missing)
            + ": readers who click those embeds get an empty frame.",
            hint="Add them to EMBED_PLAYER_ORIGINS in newsroom/settings.py.",
            id="articles.E001",
        )
    ]
