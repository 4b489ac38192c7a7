"""Cache backends for outage tests: every call fails the way Django's Redis backend fails."""

from django.core.cache.backends.base import BaseCache
from redis.exceptions import ConnectionError, TimeoutError


class UnreachableCache(BaseCache):
    """Redis is down: the connection is refused."""

    error = ConnectionError("Error 111 connecting to cache.internal:6379. Connection refused.")
    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        type(self).calls += 1
        raise self.error

    add = get = set = touch = delete = clear = get_many = set_many = delete_many = _fail
    has_key = incr = _fail


class StalledCache(UnreachableCache):
    """Redis hangs: the read times out."""

    error = TimeoutError("Timeout reading from cache.internal:6379")
