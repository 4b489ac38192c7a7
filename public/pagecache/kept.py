"""Values kept beside the pages under a key's version token (the navigation, the banner).

The token names what they hold (`versioned_key`), so a worker also keeps its own copies, the
newest of them, and asks the shared cache only for a token it has not seen (a round trip and
an unpickling saved on every page miss). With no shared cache every token is new, so nothing
is kept.
"""

from ..cacheguard import safe_cache
from ..memory import WorkerMemory
from .versions import key_version

KEPT = WorkerMemory("pages: kept values", max_items=64)


def versioned_key(prefix: str, key: str) -> str:
    """`prefix` under the current token of `key`: a new name whenever `key` is purged."""
    return f"{prefix}:{key_version(key)}"


def get_versioned(name: str):
    """The value stored under a `versioned_key` name: this worker's copy, else the cache's."""
    value = KEPT.get(name)
    if value is not None:
        return value
    value = safe_cache.get(name)
    if value is not None:
        KEPT.set(name, value)
    return value


def set_versioned(name: str, value, timeout: int) -> None:
    safe_cache.set(name, value, timeout)
    KEPT.set(name, value)
