"""Readiness answers fast whatever the connection pool does, and the shipped pool settings
give up on an unreachable database within a second (docs/operations.md, "Health checks")."""

import re
import socket
import time
from pathlib import Path

import psycopg_pool
import pytest
from django.db.utils import ConnectionHandler

from newsroom.settings import database
from operations import health, heartbeats

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens


def env_example() -> dict[str, str]:
    text = (ROOT / ".env.example").read_text()
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE))


def test_the_shipped_pool_gives_up_on_a_missing_database_within_a_second(monkeypatch):
    shipped = env_example()
    assert int(shipped["DATABASE_POOL_MAX_SIZE"]) > 0  # .env.example ships a pool
    for name in ("DATABASE_POOL_MAX_SIZE", "DATABASE_POOL_TIMEOUT"):
        if name in shipped:
            monkeypatch.setenv(name, shipped[name])
        else:
            monkeypatch.delenv(name, raising=False)
    pool = database("postgres://news@db.internal:5432/news")["OPTIONS"]["pool"]
    # psycopg's default is 30 s: every uncached page and probe waited that long for a 503.
    assert pool["timeout"] <= 1


def test_the_pool_timeout_is_a_setting(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "4")
    monkeypatch.setenv("DATABASE_POOL_TIMEOUT", "2.5")
    assert database("postgres://news@db:5432/news")["OPTIONS"]["pool"]["timeout"] == 2.5


def pooled_connection(port: int):
    """A PostgreSQL connection with a pool, as production configures it, to `port`."""
    config = database(f"postgres://news@127.0.0.1:{port}/news")
    config["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 2, "timeout": 30}
    return ConnectionHandler({"default": config})["default"]


def test_readiness_never_waits_on_the_pool(monkeypatch):
    def getconn(*args, **kwargs):
        pytest.fail("readiness asked the pool for a connection")

    monkeypatch.setattr(psycopg_pool.ConnectionPool, "getconn", getconn)
    connection = pooled_connection(closed_port())
    started = time.monotonic()
    with pytest.raises(Exception, match="(?i)connection") as failure:
        health.check_database(connection)
    assert type(failure.value).__name__ == "OperationalError"
    assert time.monotonic() - started < 2.5
    assert not connection._connection_pools.get("default")


@pytest.mark.postgres
def test_readiness_on_a_pooled_database_that_answers(monkeypatch, settings):
    from django.db import connection

    monkeypatch.setattr(psycopg_pool.ConnectionPool, "getconn", lambda *a, **k: pytest.fail())
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "pool", {"max_size": 2})
    assert health.problems() == []


def test_readyz_stays_the_balancers_check_and_deep_adds_the_processes(client, settings):
    settings.TASKS_BACKEND = "database"
    assert client.get("/readyz").content == b"ok\n"
    deep = client.get("/readyz?deep")
    assert deep.status_code == 503
    assert deep.content.decode().splitlines() == [
        "scheduler: the scheduler has never run on this site (is newsroom-scheduler running?)",
        "worker: the task worker has never run on this site (is newsroom-worker running?)",
    ]
    heartbeats.beat(heartbeats.SCHEDULER, every=30)
    heartbeats.beat(heartbeats.WORKER, every=10)
    assert client.get("/readyz?deep").content == b"ok\n"


def test_deep_readiness_leaves_out_the_worker_when_tasks_run_in_the_web_process(client, settings):
    settings.TASKS_BACKEND = "immediate"
    heartbeats.beat(heartbeats.SCHEDULER, every=30)
    assert client.get("/readyz?deep").content == b"ok\n"
