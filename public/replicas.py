"""Readers' queries on PostgreSQL read replicas; the desk and every write on the primary.

With DATABASE_REPLICA_URLS set, settings add one database alias per replica (`replica_1`, …)
and install ReplicaRouter. Reads go to a replica only inside a request that
ReplicaReadsMiddleware marked as a reader's: a GET or HEAD from someone not signed in, outside
the desk. Everything else reads the primary: the desk, signed-in staff on the public site (so
an editor sees their own change at once, whatever the replicas' lag), management commands,
the scheduler, and a page the cache re-renders right after a purge (public.pagecache), so a
lagging replica cannot put the old story back in the cache.

It lives in the public app, not the project package, because the public site is what decides
which of its requests may read stale data, and apps never import the project package.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_reads.get():
            replicas = replica_aliases()
            if replicas:
                return random.choice(replicas)
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


@contextmanager
def primary_reads():
    """Read from the primary inside this block, whatever the request."""
    token = _replica_reads.set(False)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith("/admin/"):
        return False
    # Checked here, before any replica read: the session is read from the primary.
    return not request.user.is_authenticated


class ReplicaReadsMiddleware:
    """Marks readers' requests as free to read from a replica. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_reads.set(bool(replica_aliases()) and reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)
