"""`make demo` tells the site where it is served, so absolute links name that address, runs the
scheduler beside the server, so scheduled stories go out, and publishes in two languages."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def demo_commands(tmp_path, *args, fake_python=None, **env) -> list[str]:
    """What `make demo` would run, each command's line with the SITE_URL it would see. `python`
    is a script that prints instead of running, and `install` counts as done."""
    fake = tmp_path / "python"
    fake.write_text(fake_python or '#!/bin/sh\necho "$* SITE_URL=$SITE_URL"\n')
    fake.chmod(0o755)
    given = {"SITE_URL", "HOST", "PORT", "NEWSROOM_LANGUAGES"}
    clean = {k: v for k, v in os.environ.items() if k not in given}
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


def served(commands: list[str]) -> str:
    (line,) = [line for line in commands if line.startswith("manage.py runserver")]
    return line


def test_make_demo_on_another_port_links_to_that_port(tmp_path):
    commands = demo_commands(tmp_path, "PORT=8700")
    assert served(commands) == "manage.py runserver 127.0.0.1:8700 SITE_URL=http://127.0.0.1:8700"
    assert all(line.endswith("SITE_URL=http://127.0.0.1:8700") for line in commands)


def test_make_demo_keeps_a_site_url_given_to_it(tmp_path):
    commands = demo_commands(tmp_path, "PORT=8700", SITE_URL="https://demo.example.org")
    assert served(commands) == (
        "manage.py runserver 127.0.0.1:8700 SITE_URL=https://demo.example.org"
    )


LANGUAGES_PYTHON = '#!/bin/sh\necho "$* NEWSROOM_LANGUAGES=$NEWSROOM_LANGUAGES"\n'


def test_make_demo_publishes_in_english_and_ukrainian(tmp_path):
    commands = demo_commands(tmp_path, fake_python=LANGUAGES_PYTHON)
    # Migrated, seeded (with the Ukrainian editions) and served in both languages.
    assert {line.split()[1] for line in commands} >= {"migrate", "seed_demo", "runserver"}
    assert all(line.endswith(" NEWSROOM_LANGUAGES=en,uk") for line in commands), commands


def test_make_demo_in_english_alone_when_asked(tmp_path):
    commands = demo_commands(tmp_path, fake_python=LANGUAGES_PYTHON, NEWSROOM_LANGUAGES="en")
    assert commands and all(line.endswith(" NEWSROOM_LANGUAGES=en") for line in commands)


# The fake scheduler runs until it is told to stop (and notes that it was); the fake server
# serves for a moment, then stops as if Ctrl+C had ended it.
LOOPING_PYTHON = """#!/bin/sh
echo "$* SITE_URL=$SITE_URL"
case "$*" in
  *publish_scheduled*)
    echo $$ > "$STATE/scheduler.pid"
    trap 'echo stopped > "$STATE/scheduler.stopped"; exit 0' TERM
    while :; do sleep 0.1; done ;;
  *runserver*) sleep 1 ;;
esac
"""


def test_make_demo_runs_the_scheduler_beside_the_server_and_stops_it_with_the_server(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    commands = demo_commands(tmp_path, fake_python=LOOPING_PYTHON, STATE=str(state))
    assert "manage.py publish_scheduled --loop 15 SITE_URL=http://127.0.0.1:8000" in commands
    assert served(commands)
    # make returned once the server stopped, and the scheduler was stopped with it (SIGTERM,
    # which lets it finish its cycle), not left running.
    pid = int((state / "scheduler.pid").read_text())
    assert (state / "scheduler.stopped").read_text() == "stopped\n"
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the scheduler outlived the server")
