"""The public site's cache calls, made so that a broken cache costs speed, never a page.

When Redis is down or slow, every call raises (ConnectionError, TimeoutError) after its socket
timeout. Readers should then get pages rendered uncached, not a 500, and not each wait for a
timeout: after a failure the guard skips the cache for `retry_seconds` (a circuit breaker),
and it logs one warning per `warn_seconds` per process, not one per request.

Writes that must not be lost (the content-version bump that purges every page) are kept in the
process when they fail and replayed before the next call that reaches the cache, so a story
published during an outage is not hidden behind pages cached before it.
"""

import logging
from collections.abc import Callable
from time import monotonic
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)


class CacheGuard:
    """Calls on one cache that never raise: after a failure the cache is skipped for a while."""

    def __init__(
        self,
        alias: str = DEFAULT_CACHE_ALIAS,
        *,
        retry_seconds: float = 5,
        warn_seconds: float = 30,
    ):
        self.alias = alias
        self.retry_seconds = retry_seconds
        self.warn_seconds = warn_seconds
        self.reset()

    def reset(self) -> None:
        """Forget past failures and pending writes (tests; a fresh process starts this way)."""
        self._skip_until = float("-inf")
        self._warned_at = float("-inf")
        self._failing = False
        self._pending: dict[str, tuple[Any, Any]] = {}

    @property
    def pending(self) -> bool:
        """Whether a write that must land is waiting for the cache to come back."""
        return bool(self._pending)

    def _run(self, operation: Callable[[Any], Any], default=None):
        if monotonic() < self._skip_until:
            return default
        cache = caches[self.alias]
        try:
            self._replay(cache)
            result = operation(cache)
        except Exception as error:  # noqa: BLE001 - any backend failure means "no cache now"
            self._failed(error)
            return default
        if self._failing:
            self._failing = False
            logger.info("The cache is reachable again.")
        return result

    def _replay(self, cache) -> None:
        for key in list(self._pending):
            write = self._pending.pop(key, None)
            if write is None:  # another thread replayed it
                continue
            value, timeout = write
            try:
                cache.set(key, value, timeout)
            except Exception:
                self._pending.setdefault(key, write)
                raise

    def _failed(self, error: Exception) -> None:
        now = monotonic()
        self._skip_until = now + self.retry_seconds
        self._failing = True
        if now - self._warned_at >= self.warn_seconds:
            self._warned_at = now
            logger.warning(
                "The cache is unreachable (%s: %s); serving pages uncached, retrying every %s s.",
                type(error).__name__,
                error,
                self.retry_seconds,
            )

    def get(self, key: str, default=None):
        return self._run(lambda cache: cache.get(key, default), default)

    def get_many(self, keys: list[str]) -> dict:
        return self._run(lambda cache: cache.get_many(keys), {})

    def set(self, key: str, value, timeout=DEFAULT_TIMEOUT) -> None:
        self._run(lambda cache: cache.set(key, value, timeout))

    def add(self, key: str, value, timeout=DEFAULT_TIMEOUT) -> bool:
        return self._run(lambda cache: cache.add(key, value, timeout), False)

    def delete(self, key: str) -> None:
        self._run(lambda cache: cache.delete(key))

    def set_many(self, values: dict, timeout=DEFAULT_TIMEOUT) -> None:
        self._run(lambda cache: cache.set_many(values, timeout))

    def delete_many(self, keys: list[str]) -> None:
        self._run(lambda cache: cache.delete_many(keys))

    def get_or_set(self, key: str, compute: Callable[[], Any], timeout=DEFAULT_TIMEOUT):
        """The cached value, or `compute()`, stored when the cache is reachable."""
        value = self.get(key)
        if value is None:
            value = compute()
            self.set(key, value, timeout)
        return value

    def set_eventually(self, key: str, value, timeout=DEFAULT_TIMEOUT) -> None:
        """Set now, or if the cache is unreachable, before the next call that reaches it."""
        # Replayed in the order written: a purge's keys land before its generation.
        self._pending.pop(key, None)
        self._pending[key] = (value, timeout)
        self._run(lambda cache: None)  # the replay is the write


safe_cache = CacheGuard()
