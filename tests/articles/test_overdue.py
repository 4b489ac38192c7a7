"""A scheduled story nothing published is shown as overdue within a minute of its time, in
the story list, the inbox and the story form, with the reason read from the scheduler's
heartbeat."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import desk_schedule
from articles.models import Article
from operations import heartbeats
from tests.desk import change_url
from tests.factories import ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status
KYIV = ZoneInfo("Europe/Kyiv")
DUE = datetime(2026, 12, 14, 18, 0, tzinfo=KYIV)
NOT_RUNNING = "Due 18:00, not published: the scheduler is not running."


def pages(client, user, article):
    client.force_login(user)
    return {
        "list": client.get(reverse("admin:articles_article_changelist")).content.decode(),
        "inbox": client.get(reverse("admin:index")).content.decode(),
        "form": client.get(change_url(article)).content.decode(),
    }


def test_a_story_due_a_minute_ago_with_no_scheduler_is_overdue_everywhere(client, edith):
    article = ready_article(status=S.SCHEDULED, published_at=DUE, title="Metro reopens")
    with time_machine.travel(DUE + timedelta(seconds=30), tick=False):
        shown = pages(client, edith, article)
        assert all(NOT_RUNNING not in html for html in shown.values())  # not yet
    with time_machine.travel(DUE + timedelta(seconds=61), tick=False):
        shown = pages(client, edith, article)
    for where, html in shown.items():
        assert NOT_RUNNING in html, where
    assert "Overdue" in shown["list"] and "Overdue" in shown["inbox"]


def test_a_writer_sees_their_overdue_story_in_their_inbox(client):
    wanda = writer(username="wanda")
    article = ready_article(status=S.SCHEDULED, published_at=DUE, created_by=wanda)
    with time_machine.travel(DUE + timedelta(minutes=2), tick=False):
        shown = pages(client, wanda, article)
    assert NOT_RUNNING in shown["inbox"] and NOT_RUNNING in shown["form"]


def test_with_the_scheduler_beating_an_overdue_story_says_when_it_last_ran(edith):
    article = ready_article(status=S.SCHEDULED, published_at=DUE)
    with time_machine.travel(DUE + timedelta(seconds=50), tick=False):
        heartbeats.beat(heartbeats.SCHEDULER, every=15)
    with time_machine.travel(DUE + timedelta(seconds=70), tick=False):
        notice = desk_schedule.notice(article, desk_schedule.scheduler())
    assert notice == "Due 18:00, not published yet: the scheduler last ran just now."
    with time_machine.travel(DUE + timedelta(minutes=5), tick=False):
        notice = desk_schedule.notice(article, desk_schedule.scheduler())
    assert notice == NOT_RUNNING  # it stopped beating


def test_a_story_the_scheduler_could_not_publish_says_what_it_lacks(client, edith):
    article = ready_article(
        status=S.SCHEDULED, published_at=DUE, schedule_problem="a standfirst (dek)"
    )
    with time_machine.travel(DUE + timedelta(minutes=2), tick=False):
        heartbeats.beat(heartbeats.SCHEDULER, every=15)
        shown = pages(client, edith, article)
    expected = "Due 18:00, not published: it still needs a standfirst (dek)."
    assert expected in shown["list"] and expected in shown["inbox"]
    assert "Could not go out" in shown["list"]


def test_the_story_list_reads_the_heartbeat_once_whatever_the_number_of_late_stories(client, edith):
    for n in range(3):
        ready_article(status=S.SCHEDULED, published_at=DUE - timedelta(minutes=n))
    url = reverse("admin:articles_article_changelist")
    client.force_login(edith)
    with time_machine.travel(DUE + timedelta(minutes=5), tick=False):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
    assert html.count("the scheduler is not running") == 3
    assert sum("operations_heartbeat" in q["sql"] for q in queries.captured_queries) == 1
