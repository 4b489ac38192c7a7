import os
import subprocess
import sys
from pathlib import Path

import pytest

from public.rediscache import RedisCache

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Kq2!m9Zp" * 4,
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_development_key_is_flagged_by_check_deploy():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be true or false"),
        ("CACHE_URL", "memcached://x", "CACHE_URL must be"),
        ("PAGE_CACHE_SECONDS", "ten", "PAGE_CACHE_SECONDS must be a whole number"),
        ("PAGE_CACHE_LOCAL_SECONDS", "soon", "PAGE_CACHE_LOCAL_SECONDS must be a number of"),
    ],
)
def test_bad_configuration_fails_with_a_clear_message(name, value, message):
    result = manage("check", env={name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_fresh_checkout_migrates_without_a_var_folder(tmp_path):
    var = tmp_path / "fresh" / "var"
    # The embedded setup, even when the suite itself runs on PostgreSQL.
    env = {"NEWSROOM_VAR_DIR": str(var), "DATABASE_URL": ""}
    result = manage("migrate", "--no-input", "-v", "0", env=env)
    assert result.returncode == 0, result.stderr
    assert (var / "newsroom.sqlite3").exists()


def settings_under(env, expression):
    result = manage(
        "shell", "-c", f"from django.conf import settings; print({expression})", env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_redis_calls_time_out_quickly():
    options = settings_under(PRODUCTION_ENV, "settings.CACHES['default']['OPTIONS']")
    assert options == "{'socket_connect_timeout': 0.25, 'socket_timeout': 0.5}"


def test_the_redis_cache_makes_one_client_per_pool_not_per_call():
    backend = settings_under(PRODUCTION_ENV, "settings.CACHES['default']['BACKEND']")
    assert backend == "public.rediscache.RedisCache"
    # A primary and a replica (no connection is made until a command is sent).
    client = RedisCache("redis://127.0.0.1:6390/0,redis://127.0.0.1:6391/0", {})._cache
    writer, reader = client.get_client(write=True), client.get_client()
    assert client.get_client(write=True) is writer and client.get_client() is reader
    assert writer.connection_pool is client._get_connection_pool(True)
    assert (
        reader.connection_pool is client._get_connection_pool(False) is not writer.connection_pool
    )


@pytest.mark.parametrize("pool", ["0", "10"])
def test_postgresql_connections_fail_fast_and_are_checked(pool):
    env = {"DATABASE_URL": "postgres://news:secret@db.internal:5432/news"}
    env["DATABASE_POOL_MAX_SIZE"] = pool
    database = settings_under(env, "settings.DATABASES['default']")
    assert "'connect_timeout': 3" in database
    assert "'options': '-c statement_timeout=5000'" in database
    assert "'CONN_HEALTH_CHECKS': True" in database
    if pool != "0":
        assert "'check': <function ConnectionPool.check_connection" in database


@pytest.mark.parametrize("url", ["", "sqlite:////tmp/elsewhere.sqlite3"])
def test_sqlite_connections_are_kept_and_share_the_file_safely(url):
    # The embedded file or one named by URL: WAL for the scheduler beside the web server, and
    # a connection kept per worker thread instead of one opened for every request.
    database = settings_under(
        {"DATABASE_URL": url},
        "(settings.DATABASES['default']['CONN_MAX_AGE'], settings.DATABASES['default']['OPTIONS'])",
    )
    assert database.startswith("(60, ")
    assert "PRAGMA journal_mode=WAL" in database
    assert "'transaction_mode': 'IMMEDIATE'" in database
