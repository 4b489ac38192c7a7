import threading
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import Article, WorkflowEvent
from tests.factories import ready_article

pytestmark = pytest.mark.django_db


# publish_scheduled
S = Article.Status


def run(*args, **options):
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out, **options)
    return out.getvalue()


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


def test_loop_keeps_publishing_until_stopped(monkeypatch):
    first = scheduled(-1)
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 1:
            scheduled(-1, title="Second story")
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr("articles.management.commands.publish_scheduled.time.sleep", fake_sleep)
    output = run("--loop", "15")
    assert sleeps == [15, 15]
    assert "every 15 s" in output and "Second story" in output and "Stopped." in output
    first.refresh_from_db()
    assert Article.objects.filter(status=S.PUBLISHED).count() == 2


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
