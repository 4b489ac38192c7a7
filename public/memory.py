"""What a worker keeps in its own memory between requests: one kind of store, and a register
of every one of them.

A `WorkerMemory` is a thread-safe store of the most recently used values, bounded by a number
of items or of bytes. Each holds values that are never stale by construction (named by what
they show: cards, parsed bodies, values kept under a key's version token) or checked before
use (the copies of cached pages), so a worker may forget any of them at any time.
`forget_all()` forgets every one (tests call it between cases, so none of them is missed).
"""

import threading
from collections import OrderedDict

_MISSING = object()
_every: dict[str, "WorkerMemory"] = {}


class WorkerMemory:
    """The newest values used, by key: at most `max_items` of them, or `max_bytes` by the
    sizes given with `set()`."""

    def __init__(self, name: str, *, max_items: int | None = None, max_bytes: int | None = None):
        if (max_items is None) == (max_bytes is None):
            raise ValueError("A worker memory is bounded by items or by bytes.")
        self.name, self.max_items, self.max_bytes = name, max_items, max_bytes
        self._values: OrderedDict = OrderedDict()
        self._sizes: dict = {}
        self.bytes = 0
        self._lock = threading.Lock()
        _every[name] = self

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key) -> bool:
        return key in self._values

    def get(self, key, default=None):
        with self._lock:
            value = self._values.get(key, _MISSING)
            if value is _MISSING:
                return default
            self._values.move_to_end(key)
            return value

    def get_many(self, keys) -> dict:
        """The values held of `keys`, by key (those not held left out)."""
        found = {}
        with self._lock:
            for key in keys:
                value = self._values.get(key, _MISSING)
                if value is not _MISSING:
                    self._values.move_to_end(key)
                    found[key] = value
        return found

    def set(self, key, value, size: int = 0) -> None:
        with self._lock:
            self._put(key, value, size)
            self._trim()

    def set_many(self, values: dict) -> None:
        with self._lock:
            for key, value in values.items():
                self._put(key, value, 0)
            self._trim()

    def pop(self, key, default=None):
        with self._lock:
            self.bytes -= self._sizes.pop(key, 0)
            return self._values.pop(key, default)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._sizes.clear()
            self.bytes = 0

    def _put(self, key, value, size: int) -> None:
        self.bytes -= self._sizes.pop(key, 0)
        self._values.pop(key, None)
        self._values[key] = value
        if size:
            self._sizes[key] = size
            self.bytes += size

    def _trim(self) -> None:
        while self._values and (
            len(self._values) > self.max_items
            if self.max_items is not None
            else self.bytes > self.max_bytes
        ):
            key, _ = self._values.popitem(last=False)
            self.bytes -= self._sizes.pop(key, 0)


def every_memory() -> list[WorkerMemory]:
    return list(_every.values())


def forget_all() -> None:
    """Empty every worker memory of this process."""
    for memory in _every.values():
        memory.clear()
