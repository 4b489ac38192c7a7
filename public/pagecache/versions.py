"""Each key's version token, the purges that move them, and the deadlines that purge by time.

A cached page stores the tokens of its keys as they were when it was rendered; a token that
moved since means the page is stale. Every purge also moves the purge generation, so a page
stored in the current generation is fresh without reading each of its keys' tokens.
"""

import secrets
import time

from django.db import transaction

from .. import replicas
from ..cacheguard import safe_cache
from ..memory import WorkerMemory
from .keys import SITE_KEYS

DEADLINE_KEY = "pc:expire-at"
DEADLINE_KEYS = "pc:expire-keys"  # the page keys to purge when the deadline passes
GENERATION = "generation"  # moves on every purge (see Entry.generation)
LAST_PURGE_KEY = "pc:last-purge"
# Pages re-rendered this soon after a purge read the primary: a replica may still lag.
REPLICA_LAG_SECONDS = 5

# The purge generation and deadline this worker last read from the shared cache, and when
# (public.pagecache.local): forgotten by this worker's own purges, so they reach its copies
# of pages at once.
GENERATION_READ = WorkerMemory("pages: purge generation read", max_items=1)


def version_key(key: str) -> str:
    return f"pc:key:{key}"


def new_token(*, hard: bool) -> str:
    # A hard token forbids serving pages rendered before it, even while they are rebuilt.
    return ("h" if hard else "s") + secrets.token_hex(6)


def versions(keys) -> dict[str, str | None]:
    found = safe_cache.get_many([version_key(key) for key in keys])
    return {key: found.get(version_key(key)) for key in keys}


def versions_for_storing(keys) -> dict[str, str]:
    """Current tokens of `keys`, giving the keys that have none a first token."""
    found = versions(keys)
    for key, token in found.items():
        if token is None:
            token = new_token(hard=False)
            if not safe_cache.add(version_key(key), token, timeout=None):
                token = safe_cache.get(version_key(key)) or token
            found[key] = token
    return found


def generation() -> str:
    """The current purge generation (a new one after every purge)."""
    return versions_for_storing([GENERATION])[GENERATION]


def purge_now(keys, *, hard: bool) -> None:
    from .. import purge  # the CDN backend, told after our own cache

    for key in sorted(set(keys)):
        # Never raises: publishing must succeed with the cache down, and the purge must land.
        safe_cache.set_eventually(version_key(key), new_token(hard=hard), timeout=None)
    safe_cache.set_eventually(version_key(GENERATION), new_token(hard=False), timeout=None)
    GENERATION_READ.clear()  # this worker's copies are checked against it at once
    if replicas.replica_aliases():
        safe_cache.set(LAST_PURGE_KEY, time.time(), timeout=REPLICA_LAG_SECONDS * 2)
    purge.send(sorted(set(keys)))


def purge_keys(keys, *, hard: bool = False) -> None:
    """Drop the pages showing any of `keys` once the current transaction commits.

    `hard`: no reader may get a stale copy while the pages are rebuilt (a takedown).
    """
    keys = list(keys)
    if keys:
        transaction.on_commit(lambda: purge_now(keys, hard=hard))


def purge_public_pages() -> None:
    """Drop every cached page once the current transaction commits."""
    purge_keys(SITE_KEYS, hard=True)


def expire_pages_at(when, key: str = "banner") -> None:
    """Make sure no page showing `key` is served after `when` (a banner's end, the end of a
    front-page hold).

    One deadline is kept, the earliest; when it passes, every key registered since is purged
    (a little early for the later ones: their pages render again and register their own next
    deadline).
    """
    deadline = when.timestamp()
    found = safe_cache.get_many([DEADLINE_KEY, DEADLINE_KEYS])
    keys = set(found.get(DEADLINE_KEYS) or ())
    current = found.get(DEADLINE_KEY)
    updates = {}
    if key not in keys:
        updates[DEADLINE_KEYS] = sorted(keys | {key})
    if current is None or deadline < current:
        updates[DEADLINE_KEY] = deadline
    if updates:  # most renders find theirs registered: the front page asks on every miss
        safe_cache.set_many(updates, timeout=None)


def deadline_passed(found: dict) -> bool:
    deadline = found.get(DEADLINE_KEY)
    return deadline is not None and time.time() >= deadline


def expire_deadline() -> None:
    keys = safe_cache.get(DEADLINE_KEYS) or ["banner"]
    safe_cache.delete_many([DEADLINE_KEY, DEADLINE_KEYS])
    purge_now(list(keys), hard=True)


def key_version(key: str) -> str:
    """The current token of one key, for caches kept beside the pages (navigation, banner)."""
    return versions_for_storing([key])[key]


def _just_purged() -> bool:
    if not replicas.replica_aliases():
        return False
    purged_at = safe_cache.get(LAST_PURGE_KEY)
    return purged_at is not None and time.time() - purged_at < REPLICA_LAG_SECONDS


def fresh_reads(render):
    """`render()`, reading the primary if a purge was just made (a replica may still lag)."""
    if _just_purged():
        with replicas.primary_reads():
            return render()
    return render()
