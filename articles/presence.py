"""Who has a story open on the desk right now, so colleagues see it before they conflict.

Each open form checks in every ~10 s (static/js/desk-presence.js); a person not heard from for
PRESENCE_SECONDS is gone. Kept in the cache, shared by every app server, never in the database:
losing it loses nothing but a hint. The story's version check stays the guarantee.
"""

import logging
import time

from django.core.cache import cache

PRESENCE_SECONDS = 30
logger = logging.getLogger(__name__)


def _key(article_id: int) -> str:
    return f"desk:presence:{article_id}"


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _seen(article_id: int) -> dict:
    try:
        seen = cache.get(_key(article_id)) or {}
    except Exception:  # The cache is a hint: a broken one must not break the desk.
        logger.warning("Presence: cache unavailable", exc_info=True)
        return {}
    cutoff = time.time() - PRESENCE_SECONDS
    return {uid: (name, at) for uid, (name, at) in seen.items() if at >= cutoff}


def _store(article_id: int, seen: dict) -> None:
    try:
        cache.set(_key(article_id), seen, PRESENCE_SECONDS)
    except Exception:
        logger.warning("Presence: cache unavailable", exc_info=True)


def check_in(article_id: int, user) -> None:
    """Note that `user` has the story open now."""
    seen = _seen(article_id)
    seen[user.pk] = (_display_name(user), time.time())
    _store(article_id, seen)


def others(article_id: int, user) -> list[str]:
    """Names of the other people who have the story open, in the order they opened it."""
    seen = _seen(article_id)
    by_arrival = sorted(seen.items(), key=lambda item: item[1][1])
    return [name for uid, (name, _) in by_arrival if uid != user.pk]
