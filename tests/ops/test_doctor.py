"""`manage.py doctor`: one line per part of the installation, exit status 1 when one fails."""

import shutil
import socket
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from operations import doctor, heartbeats

pytestmark = pytest.mark.django_db


def run_doctor(*args) -> tuple[dict[str, str], bool]:
    """{part: "status text"} as printed, and whether the command failed."""
    out = StringIO()
    try:
        call_command("doctor", *args, stdout=out, no_color=True)
        failed = False
    except CommandError:
        failed = True
    found = {}
    for line in out.getvalue().splitlines():
        status, part, text = line.split(maxsplit=2)
        found[part] = f"{status} {text}"
    return found, failed


@pytest.fixture
def healthy(settings):
    settings.TASKS_BACKEND = "database"
    heartbeats.beat(heartbeats.SCHEDULER, every=30)
    heartbeats.beat(heartbeats.WORKER, every=10)


def test_every_part_gets_one_line(healthy, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    found, failed = run_doctor("--skip", "settings")
    assert list(found) == list(doctor.PARTS)
    assert found["database"].startswith("ok ")
    assert found["cache"].startswith("ok ")
    assert found["storage"].startswith("ok uploads folder")
    assert found["migrations"] == "ok every migration is applied"
    assert found["scheduler"].startswith("ok beat 0 s ago on ")
    assert found["worker"].startswith("ok beat 0 s ago on ")
    assert found["tls"] == "skip SITE_URL is http://, so no certificate is expected here"
    assert found["settings"] == "skip skipped (--skip)"
    assert failed == found["disk"].startswith("fail")


def test_a_dead_scheduler_fails_the_doctor(settings):
    settings.TASKS_BACKEND = "immediate"
    found, failed = run_doctor("--skip", "settings", "--skip", "tls")
    assert found["scheduler"] == (
        "fail the scheduler has never run on this site (is newsroom-scheduler running?)"
    )
    assert found["worker"].startswith("ok not needed: TASKS_BACKEND=immediate")
    assert failed


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_bucket_fails_where_check_deploy_passes(settings, healthy):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "news-media",
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "access_key": "nobody",
                "secret_key": "nothing",
            },
        },
    }
    found, failed = run_doctor("--skip", "settings", "--skip", "tls")
    assert found["storage"].startswith("fail EndpointConnectionError")
    assert failed


def test_the_database_down_skips_what_needs_it(monkeypatch, healthy):
    def down(connection=None):
        raise OSError("connection refused")

    monkeypatch.setattr("operations.health.check_database", down)
    found, failed = run_doctor("--skip", "settings", "--skip", "tls")
    assert found["database"] == "fail OSError: connection refused"
    for part in ("migrations", "scheduler", "worker"):
        assert found[part] == "skip not checked: the database does not answer"
    assert failed


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl to make a certificate")
def test_the_certificate_is_found_and_its_end_read(tmp_path, settings, healthy):
    settings.SITE_URL = "https://news.example.org"
    found, _ = run_doctor("--skip", "settings", "--tls-dir", str(tmp_path))
    assert found["tls"].startswith(f"fail fullchain.pem, privkey.pem missing in {tmp_path}")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "90",
         "-subj", "/CN=news.example.org", "-keyout", tmp_path / "privkey.pem",
         "-out", tmp_path / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    found, _ = run_doctor("--skip", "settings", "--tls-dir", str(tmp_path))
    assert found["tls"].startswith(f"ok certificate in {tmp_path} valid until 20")
