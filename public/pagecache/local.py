"""A worker's own copies of the pages it served lately.

A hit from the shared cache is a network round trip carrying the whole page in three
encodings. A worker also keeps the pages it served in memory (16 MB at most), and serves its
copy while the purge generation it last read from the shared cache still holds; it reads that
again at most every PAGE_CACHE_LOCAL_SECONDS. So a purge made by another process reaches this
worker's copies within that time (half a second by default; CDNs keep pages for
PUBLIC_MAX_AGE anyway), and a purge made by this process at once.
"""

import time

from django.conf import settings

from ..cacheguard import safe_cache
from ..memory import WorkerMemory
from .entries import Entry
from .versions import DEADLINE_KEY, GENERATION, GENERATION_READ, version_key

PAGES = WorkerMemory("pages: copies", max_bytes=16 * 1024 * 1024)


def local_hit(cache_key: str) -> Entry | None:
    seconds = settings.PAGE_CACHE_LOCAL_SECONDS
    if seconds <= 0:
        return None
    entry = PAGES.get(cache_key)
    if entry is None:
        return None
    now = time.time()
    read = GENERATION_READ.get("read")
    if read is None or now - read["at"] >= seconds:
        # Read outside any lock: other threads keep serving while this one waits for Redis.
        found = safe_cache.get_many([version_key(GENERATION), DEADLINE_KEY])
        read = {
            "at": now,
            "generation": found.get(version_key(GENERATION)),
            "deadline": found.get(DEADLINE_KEY),
        }
        GENERATION_READ.set("read", read)
    deadline = read["deadline"]
    if (
        entry.generation is None
        or entry.generation != read["generation"]
        or now > entry.fresh_until
        or (deadline is not None and now >= deadline)
    ):
        return None  # the shared cache decides
    return entry


def keep_local(cache_key: str, entry: Entry) -> None:
    if settings.PAGE_CACHE_LOCAL_SECONDS <= 0 or entry.generation is None:
        return
    PAGES.set(cache_key, entry, size=entry.size)
