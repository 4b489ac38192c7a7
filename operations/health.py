"""Readiness: can this server serve readers now? And, asked for more, is the site healthy?

`/readyz` (balancers) checks the database and the cache, each failing fast: the database is
asked over a connection of its own, never through the connection pool, so a probe answers
at once when PostgreSQL is gone instead of waiting out the pool's timeout, and a pool busy
with readers' requests never makes a server look unready. `/readyz?deep` (monitoring) adds
the background processes' heartbeats: a dead scheduler must be seen, but it is no reason to
take app servers out of the balancer, so plain readiness leaves it out.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from . import heartbeats

READINESS_KEY = "newsroom:readyz"
# libpq's shortest connect timeout: a database host that does not answer fails the probe
# within this many seconds (a stopped server refuses at once).
PROBE_CONNECT_TIMEOUT = 2


def check_database(connection=None) -> None:
    """SELECT 1 on the database, past the pool when there is one; raises when it fails."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("pool"):
        import psycopg

        params = connection.get_connection_params()
        params["connect_timeout"] = PROBE_CONNECT_TIMEOUT
        with psycopg.connect(**params, autocommit=True) as probe:
            probe.execute("SELECT 1").fetchone()
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    # Straight to the backend, past public.cacheguard's breaker: the cache as it is now.
    cache.set(READINESS_KEY, time.time(), 30)
    cache.get(READINESS_KEY)


def problems(*, deep: bool = False) -> list[str]:
    """One line per failed part (`database: OperationalError`); empty when ready."""
    failed = []
    for part, check in (("database", check_database), ("cache", check_cache)):
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            failed.append(f"{part}: {type(error).__name__}")
    if deep and not any(line.startswith("database:") for line in failed):
        # Without the database task queue, tasks run in the web process: no worker to watch.
        names = [heartbeats.SCHEDULER]
        if settings.TASKS_BACKEND == "database":
            names.append(heartbeats.WORKER)
        try:
            for name, pulse in heartbeats.pulses(names).items():
                if problem := pulse.problem():
                    failed.append(f"{name}: {problem}")
        except Exception as error:  # noqa: BLE001 - e.g. the table is not migrated yet
            failed.append(f"heartbeats: {type(error).__name__}")
    return failed
