"""The checks of `manage.py doctor`: is this installation whole? One line per part.

Each check returns a Finding: "ok", "fail" (something to fix, with what to do) or "skip"
(could not be checked here, and why). Checks that need the database are skipped when it does
not answer, rather than each failing the same way.
"""

import os
import shutil
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from . import health, heartbeats

OK, FAIL, SKIP = "ok", "fail", "skip"
# Less free space than this under NEWSROOM_VAR_DIR (uploads, static files, the disk cache).
DISK_MIN_FREE_BYTES = 1024**3
DISK_MIN_FREE_SHARE = 0.05
TLS_MIN_DAYS = 14
# A bucket that does not answer within this is as good as unreachable for an upload.
S3_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Finding:
    status: str
    part: str
    text: str


def run(*, skip: frozenset[str] = frozenset(), tls_dir: str | None = None) -> list[Finding]:
    findings = []
    for part, check in CHECKS:
        if part in skip:
            findings.append(Finding(SKIP, part, "skipped (--skip)"))
            continue
        database_down = any(f.part == "database" and f.status == FAIL for f in findings)
        if part in NEEDS_DATABASE and database_down:
            findings.append(Finding(SKIP, part, "not checked: the database does not answer"))
            continue
        try:
            status, text = check(tls_dir) if part == "tls" else check()
        except Exception as error:  # noqa: BLE001 - a check that breaks is a failed check
            status, text = FAIL, f"{type(error).__name__}: {' '.join(str(error).split())}"
        findings.append(Finding(status, part, text))
    return findings


def check_settings():
    found = [
        m
        for m in checks.run_checks(include_deployment_checks=True)
        if m.level >= checks.WARNING and not m.is_silenced()
    ]
    if not found:
        return OK, "check --deploy finds no issues"
    ids = ", ".join(sorted({m.id for m in found}))
    return FAIL, f"check --deploy finds {len(found)} issues ({ids}): run it for the details"


def check_database():
    connection = connections[DEFAULT_DB_ALIAS]
    started = time.monotonic()
    health.check_database()
    took = (time.monotonic() - started) * 1000
    where = connection.settings_dict
    if connection.vendor == "postgresql":
        at = f"{where['HOST'] or 'local socket'}:{where['PORT'] or 5432}/{where['NAME']}"
        pool = where["OPTIONS"].get("pool")
        pooled = f", pool of up to {pool['max_size']}" if pool else ", no pool"
        return OK, f"PostgreSQL at {at} answers ({took:.0f} ms{pooled})"
    return OK, f"{connection.display_name} at {where['NAME']} answers ({took:.0f} ms)"


def check_cache():
    health.check_cache()
    backend = settings.CACHES["default"]
    location = str(backend.get("LOCATION", ""))
    if location.startswith(("redis://", "rediss://")):
        parts = urlsplit(location.split(",")[0])
        return OK, f"Redis at {parts.hostname}:{parts.port or 6379}{parts.path} answers"
    name = backend["BACKEND"].rsplit(".", 1)[-1]
    return OK, f"{name} {location}".strip() + " works"


def check_storage():
    storage = default_storage
    if hasattr(storage, "bucket_name"):
        import boto3
        from botocore.config import Config

        client = boto3.session.Session().client(
            "s3",
            aws_access_key_id=storage.access_key or None,
            aws_secret_access_key=storage.secret_key or None,
            aws_session_token=storage.security_token or None,
            endpoint_url=storage.endpoint_url,
            region_name=storage.region_name,
            config=Config(
                connect_timeout=S3_TIMEOUT_SECONDS,
                read_timeout=S3_TIMEOUT_SECONDS,
                retries={"max_attempts": 1},
            ),
        )
        # Needs the credentials and the bucket to exist: what an upload will need.
        client.head_bucket(Bucket=storage.bucket_name)
        return OK, f"bucket {storage.bucket_name} reachable with the configured credentials"
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    probe = root / f".doctor-{os.getpid()}"
    probe.write_bytes(b"ok")
    probe.unlink()
    return OK, f"uploads folder {root} is writable"


def check_migrations():
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return OK, "every migration is applied"
    names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
    more = " …" if len(plan) > 5 else ""
    return FAIL, f"{len(plan)} not applied ({names}{more}): run manage.py migrate"


def _pulse(name: str):
    pulse = heartbeats.pulses((name,))[name]
    problem = pulse.problem()
    if problem:
        return FAIL, problem
    return OK, f"beat {heartbeats._ago(datetime.now(UTC) - pulse.beat_at)} ago on {pulse.host}"


def check_scheduler():
    return _pulse(heartbeats.SCHEDULER)


def check_worker():
    if settings.TASKS_BACKEND != "database":
        return (
            OK,
            f"not needed: TASKS_BACKEND={settings.TASKS_BACKEND} runs tasks in the web process",
        )
    return _pulse(heartbeats.WORKER)


def check_disk():
    folder = Path(settings.VAR_DIR)
    usage = shutil.disk_usage(folder if folder.exists() else folder.parent)
    free = f"{usage.free / 1024**3:.1f} GB free ({usage.free / usage.total:.0%}) under {folder}"
    if usage.free < DISK_MIN_FREE_BYTES or usage.free < DISK_MIN_FREE_SHARE * usage.total:
        return FAIL, f"only {free}"
    return OK, free


def check_tls(tls_dir: str | None = None):
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https":
        return SKIP, f"SITE_URL is {site.scheme}://, so no certificate is expected here"
    folder = Path(tls_dir or f"/etc/letsencrypt/live/{site.hostname}")
    try:
        missing = [n for n in ("fullchain.pem", "privkey.pem") if not (folder / n).is_file()]
    except PermissionError:
        return SKIP, f"cannot look in {folder} as this user (run doctor as root to check it)"
    if missing:
        return FAIL, (
            f"{', '.join(missing)} missing in {folder}: see docs/operations.md, "
            "'The first certificate' (or --skip tls where TLS ends on a balancer)"
        )
    try:
        expires = _not_after(folder / "fullchain.pem")
    except (OSError, ValueError, ssl.SSLError):
        return OK, f"certificate and key present in {folder}"
    left = expires - datetime.now(UTC)
    if left < timedelta(days=TLS_MIN_DAYS):
        return FAIL, f"certificate in {folder} expires {expires:%Y-%m-%d}: is certbot renewing?"
    return OK, f"certificate in {folder} valid until {expires:%Y-%m-%d}"


def _not_after(path: Path) -> datetime:
    # The standard library reads a certificate's dates only through this helper.
    decoded = ssl._ssl._test_decode_cert(str(path))  # noqa: SLF001
    return datetime.fromtimestamp(ssl.cert_time_to_seconds(decoded["notAfter"]), UTC)


CHECKS = (
    ("settings", check_settings),
    ("database", check_database),
    ("cache", check_cache),
    ("storage", check_storage),
    ("migrations", check_migrations),
    ("scheduler", check_scheduler),
    ("worker", check_worker),
    ("disk", check_disk),
    ("tls", check_tls),
)
NEEDS_DATABASE = {"migrations", "scheduler", "worker"}
PARTS = tuple(part for part, _ in CHECKS)
