import logging
import os
import signal
import threading
from datetime import UTC, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from articles import workflow
from articles.management.commands.publish_scheduled import backoff
from articles.models import Article, WorkflowEvent
from tests.factories import ready_article

pytestmark = pytest.mark.django_db


# publish_scheduled
S = Article.Status


def run(*args, **options):
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out, **options)
    return out.getvalue()


def loop(caplog, *args):
    """Run the loop; what it said, which a service logs (with time and level) and never prints."""
    caplog.set_level(logging.INFO, logger="articles.publish_scheduled")
    assert run("--loop", *args) == ""
    return "\n".join(
        r.getMessage() for r in caplog.records if r.name == "articles.publish_scheduled"
    )


def scheduled(minutes, **kwargs):
    return ready_article(
        status=S.SCHEDULED, published_at=timezone.now() + timedelta(minutes=minutes), **kwargs
    )


def test_publishes_only_what_is_due_and_says_so():
    due = scheduled(-5, title="Ceasefire talks resume")
    later = scheduled(30)
    output = run()
    assert "Published “Ceasefire talks resume”" in output
    assert "Published 1 scheduled stories." in output
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (S.PUBLISHED, S.SCHEDULED)
    assert list(Article.objects.published()) == [due]
    event = WorkflowEvent.objects.get()
    assert (event.article, event.action, event.actor) == (due, "publish_scheduled", None)
    assert run() == ""


def test_embargo_lifts_at_the_scheduled_time():
    story = scheduled(10)
    run()
    assert not Article.objects.published().exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        run()
        story.refresh_from_db()
        assert story.status == S.PUBLISHED
        assert list(Article.objects.published()) == [story]


def test_dry_run_changes_nothing():
    story = scheduled(-1, title="Due story")
    output = run("--dry-run")
    assert "Would publish “Due story”" in output
    assert "1 scheduled stories due (dry run, nothing changed)." in output
    story.refresh_from_db()
    assert story.status == S.SCHEDULED
    assert not WorkflowEvent.objects.exists()


def test_quiet_when_nothing_is_due_unless_verbose():
    assert run() == ""
    assert "Nothing due." in run(verbosity=2)


# The loop closes stale connections between cycles, as Django does between requests, so its
# tests run outside the test transaction.
loop_test = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sleeps(monkeypatch):
    """Pauses the loop asked for, without sleeping."""
    asked = []
    monkeypatch.setattr("articles.management.commands.publish_scheduled.time.sleep", asked.append)
    return asked


def failing_then_working(monkeypatch, *errors):
    """Make publish_due raise each error in turn, then work."""
    pending = list(errors)
    real = workflow.publish_due

    def publish_due(**kwargs):
        if pending:
            raise pending.pop(0)
        return real(**kwargs)

    monkeypatch.setattr(workflow, "publish_due", publish_due)


@loop_test
def test_loop_keeps_publishing_until_stopped(monkeypatch, caplog):
    first = scheduled(-1)
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 1:
            scheduled(-1, title="Second story")
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr("articles.management.commands.publish_scheduled.time.sleep", fake_sleep)
    output = loop(caplog, "15")
    assert sleeps == [15, 15]
    assert "every 15 s" in output and "Second story" in output and "Stopped." in output
    first.refresh_from_db()
    assert Article.objects.filter(status=S.PUBLISHED).count() == 2


@loop_test
def test_loop_retries_database_errors_with_backoff_and_carries_on(monkeypatch, sleeps, caplog):
    story = scheduled(-1, title="Ceasefire talks resume")
    failing_then_working(
        monkeypatch,
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    )
    output = loop(caplog, "30", "--max-cycles", "4")
    assert sleeps == [1, 2, 30]
    assert "Published “Ceasefire talks resume”" in output and "Stopped." in output
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        "Database error, retrying in 1 s (failure 1): OperationalError: "
        "server closed the connection unexpectedly",
        "Database error, retrying in 2 s (failure 2): InterfaceError: connection already closed",
    ]
    assert "Recovered after 2 failed cycles." in caplog.messages


@loop_test
def test_loop_logs_cache_errors_with_their_traceback_and_carries_on(monkeypatch, sleeps, caplog):
    story = scheduled(-1)
    failing_then_working(monkeypatch, ConnectionError("Error 111 connecting to cache:6379."))
    run("--loop", "30", "--max-cycles", "2")
    assert sleeps == [1]
    (failure,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert failure.getMessage() == "Cycle failed, retrying in 1 s (failure 1)"
    assert failure.exc_info[0] is ConnectionError
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_backoff_doubles_up_to_a_minute():
    assert [backoff(n) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


@loop_test
def test_sigterm_during_a_cycle_finishes_it_then_exits(monkeypatch, sleeps, caplog):
    story = scheduled(-1)
    real = workflow.publish_due

    def publish_due(**kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(**kwargs)

    monkeypatch.setattr(workflow, "publish_due", publish_due)
    before = signal.getsignal(signal.SIGTERM)
    output = loop(caplog, "30")
    assert "Stopped." in output and sleeps == []
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert signal.getsignal(signal.SIGTERM) is before


@loop_test
def test_sigterm_during_the_pause_exits_at_once(monkeypatch, caplog):
    def sleep(seconds):
        os.kill(os.getpid(), signal.SIGTERM)
        pytest.fail("SIGTERM did not interrupt the pause")

    monkeypatch.setattr("articles.management.commands.publish_scheduled.time.sleep", sleep)
    assert "Stopped." in loop(caplog, "30")


def test_stories_missed_by_more_than_a_minute_are_reported(caplog):
    missed = scheduled(-90)
    scheduled(-0.5)  # due, not yet overdue
    run("--dry-run")
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    due = missed.published_at.astimezone(UTC).isoformat(timespec="minutes")
    assert warning.getMessage() == (
        f"1 scheduled stories overdue by more than 60 s, oldest due {due}: ids {missed.pk}"
    )
    caplog.clear()
    run()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_loop_needs_positive_seconds():
    with pytest.raises(CommandError, match="positive"):
        run("--loop", "0")


def test_two_runs_one_after_the_other_publish_each_story_once():
    stories = [scheduled(-n - 1) for n in range(5)]
    first, second = workflow.publish_due(), workflow.publish_due()
    assert sorted(a.pk for a in first) == sorted(a.pk for a in stories)
    assert second == []
    assert WorkflowEvent.objects.filter(action="publish_scheduled").count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_publish_each_story_exactly_once():
    assert connection.vendor == "postgresql"
    stories = [scheduled(-n - 1) for n in range(40)]
    start = threading.Barrier(4)
    results, errors = [], []

    def runner():
        try:
            start.wait()
            results.append([a.pk for a in workflow.publish_due()])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    claimed = [pk for result in results for pk in result]
    assert sorted(claimed) == sorted(a.pk for a in stories)
    # More than one runner did work, so the locks were really contended.
    assert sum(1 for result in results if result) > 1
    assert WorkflowEvent.objects.filter(action="publish_scheduled").count() == 40
    assert Article.objects.filter(status=S.PUBLISHED).count() == 40


def test_a_due_story_that_fails_the_checklist_stays_scheduled_and_is_flagged():
    story = scheduled(-5, title="Half-finished story")
    story.lead_image = None
    story.save()
    ready = scheduled(-4, title="Finished story")
    blocked = []
    published = workflow.publish_due(on_blocked=lambda article, missing: blocked.append(missing))
    assert published == [ready]
    assert blocked == [["a lead image"]]
    story.refresh_from_db()
    assert story.status == S.SCHEDULED
    assert story.schedule_problem == "a lead image"
    assert list(workflow.blocked_schedules()) == [story]
    assert not Article.objects.published().filter(pk=story.pk).exists()
    # Reported once, not on every run.
    workflow.publish_due()
    assert story.events.filter(action="schedule_failed").count() == 1
