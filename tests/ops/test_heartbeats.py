"""The scheduler and the task worker say that they are alive, and a silence is reported by
`/readyz?deep` (tests/ops/test_readiness.py), `manage.py doctor` and the editors' inbox."""

import logging
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command, get_commands
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker as upstream

from articles.models import Article
from operations import heartbeats
from operations.management.commands import db_worker
from operations.models import Heartbeat
from tests.factories import editor, ready_article

pytestmark = pytest.mark.django_db


def publish_scheduled(*args):
    call_command("publish_scheduled", *args, stdout=StringIO())


@pytest.fixture
def no_sleep(monkeypatch):
    monkeypatch.setattr("articles.management.commands.publish_scheduled.time.sleep", list)


@pytest.mark.django_db(transaction=True)
def test_each_scheduler_cycle_beats(no_sleep):
    publish_scheduled("--loop", "30", "--max-cycles", "1")
    beat = Heartbeat.objects.get(name="scheduler")
    assert beat.every_seconds == 30
    assert timezone.now() - beat.beat_at < timedelta(seconds=5)


def test_a_cron_run_beats_and_a_dry_run_does_not():
    publish_scheduled("--dry-run")
    assert not Heartbeat.objects.exists()
    publish_scheduled()
    assert Heartbeat.objects.get(name="scheduler").every_seconds == 60


def test_a_process_is_gone_after_two_missed_beats_and_a_grace():
    heartbeats.beat(heartbeats.SCHEDULER, every=30)
    pulse = heartbeats.pulses()[heartbeats.SCHEDULER]
    assert pulse.problem() is None
    with time_machine.travel(timezone.now() + timedelta(seconds=89)):
        assert heartbeats.pulses()[heartbeats.SCHEDULER].alive()
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=30)):
        assert heartbeats.pulses()[heartbeats.SCHEDULER].problem() == (
            "the scheduler last beat 5 min ago (is newsroom-scheduler running?)"
        )


# The task worker: django-tasks-db's db_worker, with a heartbeat and outage retries.


def test_db_worker_is_ours():
    assert get_commands()["db_worker"] == "operations"


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_beats():
    heart = db_worker.Heart(every=0.05)
    heart.start()
    try:
        for _ in range(100):
            if Heartbeat.objects.filter(name="worker").exists():
                break
            heart.stopped.wait(0.05)
    finally:
        heart.stopped.set()
        # Until the thread has ended: a beat it wrote after the test's flush would outlive the
        # test (a busy machine can hold one for seconds).
        heart.join(60)
    assert not heart.is_alive()
    assert Heartbeat.objects.get(name="worker").every_seconds == 0.05


class CountedHeart:
    """Stands in for the heartbeat thread: records that it was started, stopped and joined."""

    made = []

    def __init__(self):
        self.stopped, self.events = mock.Mock(), []
        self.stopped.set.side_effect = lambda: self.events.append("stopped")
        CountedHeart.made.append(self)

    def start(self):
        self.events.append("started")

    def join(self, timeout=None):
        self.events.append("joined")


def worker(batch):
    return db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_does_not_beat_and_the_service_waits_for_its_last_beat(monkeypatch):
    """A `--batch` run (a one-off, or a test) is not the service; a beat written after the
    service stopped would say that a stopped worker is alive."""
    CountedHeart.made = []
    monkeypatch.setattr(db_worker, "Heart", CountedHeart)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=StringIO())
    assert CountedHeart.made == []

    service = worker(batch=False)
    monkeypatch.setattr(upstream.Worker, "run", lambda self: None)  # as if SIGTERM came
    service.run()
    assert [heart.events for heart in CountedHeart.made] == [["started", "stopped", "joined"]]
    assert not Heartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_outlives_a_database_outage(monkeypatch, caplog):
    """Upstream, the first OperationalError while looking for work ended the process."""
    outage = [OperationalError("connection pool timeout"), OperationalError("server closed")]

    def upstream_run(self):
        if outage:
            raise outage.pop(0)

    slept = []
    monkeypatch.setattr(upstream.Worker, "run", upstream_run)
    monkeypatch.setattr(db_worker.time, "sleep", slept.append)
    with caplog.at_level(logging.ERROR, logger="operations.db_worker"):
        worker(batch=True).run()
    assert slept == [1, 2] and outage == []
    assert caplog.messages == [
        "Database error, retrying in 1 s (failure 1): OperationalError: connection pool timeout",
        "Database error, retrying in 2 s (failure 2): OperationalError: server closed",
    ]


# The editors' inbox


def inbox(client):
    return client.get(reverse("admin:index")).content.decode()


def test_the_inbox_says_when_scheduled_stories_wait_for_a_stopped_scheduler(client):
    client.force_login(editor(username="edith"))
    assert "not going out" not in inbox(client)  # nothing scheduled: nothing to say
    ready_article(status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=2))
    assert "Scheduled stories are not going out:</strong> the scheduler has never run" in inbox(
        client
    )
    heartbeats.beat(heartbeats.SCHEDULER, every=30)
    assert "not going out" not in inbox(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        html = inbox(client)
    assert "Scheduled stories are not going out:</strong> the scheduler last ran <time" in html
