"""Broken services for outage tests: a cache that fails the way Django's Redis backend fails,
and a database that refuses connections."""

from contextlib import contextmanager

import pytest
from django.core.cache.backends.base import BaseCache
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from redis.exceptions import ConnectionError, TimeoutError

WORKING_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


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


def broken_cache(backend=UnreachableCache) -> dict:
    """A CACHES setting whose default cache is down."""
    return {"default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"}}


@contextmanager
def database_down():
    def refuse(self, *args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: Connection refused')

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        yield
