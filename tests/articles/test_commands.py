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
from authors.models import Author
from media.models import Image
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_newsroom_that_hides_unpublished_stories(client):
    out = StringIO()
    call_command("seed_demo", articles=60, stdout=out)
    assert "Loaded 60 stories" in out.getvalue()
    assert Author.objects.count() >= 12
    assert Author.objects.filter(avatar__isnull=False, role__gt="", bio__gt="").count() >= 12
    assert Image.objects.filter(credit__gt="", caption__gt="", alt_text__gt="").exists()
    hidden = Article.objects.exclude(status=Article.Status.PUBLISHED)
    assert hidden.filter(status=Article.Status.DRAFT).exists()
    assert hidden.filter(status=Article.Status.SCHEDULED).exists()
    roundup = Article.objects.published().filter(title__startswith="Meridian latest").first()
    assert roundup.excerpt.startswith("Key developments on ")
    assert " * " in roundup.excerpt
    home = client.get("/").content.decode()
    for article in hidden:
        assert article.get_absolute_url() not in home
        assert client.get(article.get_absolute_url()).status_code == 404


def test_seed_demo_if_empty_leaves_existing_content_alone():
    call_command("seed_demo", articles=5, stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", articles=5, if_empty=True, stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert Article.objects.count() == 5


def test_seed_demo_twice_adds_more_without_clashing():
    call_command("seed_demo", articles=5, stdout=StringIO())
    call_command("seed_demo", articles=5, stdout=StringIO())
    assert Article.objects.count() == 10
    assert Author.objects.count() == 14


def test_seed_demo_refuses_a_nonsense_count():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", articles=0, stdout=StringIO())


# publish_scheduled
S = Article.Status


def run(*args, **options):
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out, **options)
    return out.getvalue()


def scheduled(minutes, **kwargs):
    return ArticleFactory(
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
