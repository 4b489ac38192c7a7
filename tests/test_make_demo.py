"""`make demo` tells the site where it is served, so absolute links name that address."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def demo_commands(tmp_path, *args, **env) -> list[str]:
    """What `make demo` would run, each command's line with the SITE_URL it would see. `python`
    is a script that prints instead of running, and `install` counts as done."""
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "$* SITE_URL=$SITE_URL"\n')
    fake.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        ["make", "--silent", "--old-file=install", "demo", f"PY={fake}", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith("manage.py")]


def test_make_demo_on_another_port_links_to_that_port(tmp_path):
    commands = demo_commands(tmp_path, "PORT=8700")
    assert commands[-1] == "manage.py runserver 127.0.0.1:8700 SITE_URL=http://127.0.0.1:8700"
    assert all(line.endswith("SITE_URL=http://127.0.0.1:8700") for line in commands)


def test_make_demo_keeps_a_site_url_given_to_it(tmp_path):
    commands = demo_commands(tmp_path, "PORT=8700", SITE_URL="https://demo.example.org")
    assert commands[-1] == "manage.py runserver 127.0.0.1:8700 SITE_URL=https://demo.example.org"
