"""Finding a stored page, and storing one: the cache key a request maps to, the state of its
entry (fresh, stale, only its rail stale, purged hard, missing), and the entry itself.

The key keeps only the query parameters the page reads, so `?fbclid=…` and `?utm_source=…`
share the canonical page. A lookup is the entry plus the purge generation in one read; an entry
stored in the current generation is fresh, else its keys' tokens are read once and compared.
"""

import hashlib
import time

from django.conf import settings
from django.http import QueryDict

from ..cacheguard import safe_cache
from .entries import FRAGMENT_HEADER, Entry, split_shell
from .keys import Collector
from .versions import (
    DEADLINE_KEY,
    GENERATION,
    deadline_passed,
    expire_deadline,
    version_key,
    versions_for_storing,
)

# How long a stale copy may be served while one worker rebuilds the page, and how long that
# worker may take before another one tries.
STALE_SECONDS = 30
LOCK_SECONDS = 10
CACHED_STATUSES = (200, 404, 410)


def wants_fragment(request) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def canonical_query(request, params: tuple[str, ...]) -> QueryDict:
    """The request's query string with only the parameters the view reads, in a fixed order."""
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name)[:1])
    kept._mutable = False
    return kept


def page_cache_key(request, query: QueryDict) -> str:
    identity = f"{request.path}?{query.urlencode()}|{int(wants_fragment(request))}"
    return "pc:page:" + hashlib.sha256(identity.encode()).hexdigest()[:32]


def lookup(cache_key: str) -> tuple[Entry | None, str, str | None]:
    """The stored entry, its state (fresh, rail: only the rail is stale, stale, hard, miss)
    and the purge generation read with it, which a page rendered now is stored under."""
    generation_key = version_key(GENERATION)
    found = safe_cache.get_many([cache_key, DEADLINE_KEY, generation_key])
    entry, generation = found.get(cache_key), found.get(generation_key)
    if not isinstance(entry, Entry):
        return None, "miss", generation
    if deadline_passed(found):
        expire_deadline()
        return lookup(cache_key)
    in_time = time.time() <= entry.fresh_until
    if in_time and entry.generation is not None and entry.generation == generation:
        return entry, "fresh", generation  # nothing was purged since it was rendered
    found = safe_cache.get_many([version_key(k) for k in entry.keys])
    state = "fresh"
    if any(found.get(version_key(k)) != token for k, token in entry.rail_versions.items()):
        state = "rail"  # the rail is spliced in fresh, never served stale
    for key, token in entry.versions.items():
        current = found.get(version_key(key))
        if current != token:
            if current is not None and current.startswith("h"):
                return entry, "hard", generation
            state = "stale"
    if state == "fresh" and not in_time:
        state = "stale"
    if state == "fresh":
        _restamp(cache_key, entry, generation)  # the purges since did not touch it
    return entry, state, generation


def store(
    cache_key, response, collector: Collector, generation: str, *, fragment: bool
) -> Entry | None:
    if response.status_code not in CACHED_STATUSES or response.streaming:
        return None
    shell = split_shell(response.content, collector.rail)
    if shell is None:
        collector.keys |= collector.rail_keys
        collector.rail_keys = set()
    versions = versions_for_storing(collector.keys)
    rail_versions = versions_for_storing(collector.rail_keys) if collector.rail_keys else {}
    entry = Entry.build(response, versions, rail_versions, shell, fragment=fragment)
    entry.generation = generation
    safe_cache.set(cache_key, entry, settings.PAGE_CACHE_SECONDS + STALE_SECONDS)
    return entry


def _restamp(cache_key: str, entry: Entry, generation: str | None) -> None:
    """Mark an entry found fresh key by key as fresh in this generation, for its next hits."""
    remaining = int(entry.fresh_until + STALE_SECONDS - time.time())
    if generation is not None and remaining > 0:
        entry.generation = generation
        safe_cache.set(cache_key, entry, remaining)
