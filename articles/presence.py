"""Who has a story open on the desk right now, so colleagues see it before they conflict.

Each open form checks in every few seconds (static/js/desk-presence.js) under its page's id,
and checks out when the page goes away (a beacon on `pagehide`); a page not heard from for
PRESENCE_SECONDS is gone, so a crashed tab fades within a quarter of a minute. One person with
two tabs is named once. Kept in the cache, shared by every app server, never in the database:
losing it loses nothing but a hint. The story's version check stays the guarantee.
"""

import logging
import re
import secrets
import time

from django.core.cache import cache

from .workflow import display_name

# Heartbeats come every 5 s; three missed ones and the page is gone.
PRESENCE_SECONDS = 15
# A page's id (new_page_id makes them): anything else is no id.
PAGE_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
logger = logging.getLogger(__name__)


def new_page_id() -> str:
    """An id for one opening of the story form: its heartbeats and autosaves carry it."""
    return secrets.token_urlsafe(12)


def page_id(value) -> str:
    """`value` if it is a page's id, else "" (no page)."""
    return value if isinstance(value, str) and PAGE_ID.match(value) else ""


def _key(article_id: int) -> str:
    return f"desk:presence:{article_id}"


def _seen(article_id: int) -> dict:
    """{page key: (user id, name, last heard)} for the pages heard from lately."""
    try:
        seen = cache.get(_key(article_id)) or {}
    except Exception:  # The cache is a hint: a broken one must not break the desk.
        logger.warning("Presence: cache unavailable", exc_info=True)
        return {}
    cutoff = time.time() - PRESENCE_SECONDS
    # Entries of another shape (written by an older release) are dropped, not trusted.
    return {
        key: entry
        for key, entry in (seen.items() if isinstance(seen, dict) else ())
        if isinstance(entry, tuple) and len(entry) == 3 and entry[2] >= cutoff
    }


def _store(article_id: int, seen: dict) -> None:
    try:
        cache.set(_key(article_id), seen, PRESENCE_SECONDS)
    except Exception:
        logger.warning("Presence: cache unavailable", exc_info=True)


def _page_key(user, page: str) -> str:
    return f"{user.pk}:{page_id(page)}"


def check_in(article_id: int, user, page: str = "") -> None:
    """Note that `user` has the story open now, in the page `page`."""
    seen = _seen(article_id)
    seen[_page_key(user, page)] = (user.pk, display_name(user), time.time())
    _store(article_id, seen)


def check_out(article_id: int, user, page: str) -> None:
    """The page `page` has closed: its person is gone unless another of their pages is open."""
    seen = _seen(article_id)
    if seen.pop(_page_key(user, page), None) is not None:
        _store(article_id, seen)


def others(article_id: int, user) -> list[str]:
    """Names of the other people who have the story open, in the order they opened it."""
    first_seen: dict[int, tuple[float, str]] = {}
    for uid, name, at in _seen(article_id).values():
        if uid != user.pk and (uid not in first_seen or at < first_seen[uid][0]):
            first_seen[uid] = (at, name)
    return [name for _, name in sorted(first_seen.values())]
