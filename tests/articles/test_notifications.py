"""Desk emails: the right people hear about each move, after it commits, never at its cost."""

import json
import logging
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article, NotificationPreference
from tests.factories import AuthorFactory, ready_article, superuser, writer
from tests.factories import editor as make_editor

pytestmark = pytest.mark.django_db
S = Article.Status


class BrokenMailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def run_worker():
    """What `manage.py db_worker` does in production: run every task that is due.

    The worker closes connections between tasks, as a long-running process should; inside a
    test's transaction that would end the test's connection (PostgreSQL), so not here.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=StringIO()
        )


@pytest.fixture
def newsroom():
    wanda = writer(username="wanda", email="wanda@example.org")
    bylined = writer(username="bob", email="bob@example.org")
    return {
        "wanda": wanda,
        "bob": bylined,
        "bob_author": AuthorFactory(name="Bob Byline", user=bylined),
        "other_writer": writer(username="oscar", email="oscar@example.org"),
        "edith": make_editor(username="edith", email="edith@example.org", first_name="Edith"),
        "emil": make_editor(username="emil", email="emil@example.org"),
        "root": superuser(username="root", email="root@example.org"),
    }


def story(newsroom, status):
    extra = {"published_at": timezone.now() + timedelta(hours=1)} if status == S.SCHEDULED else {}
    return ready_article(
        status=status,
        created_by=newsroom["wanda"],
        authors=[newsroom["bob_author"]],
        title="Dam repairs finished",
        **extra,
    )


def sent(django_capture_on_commit_callbacks, move):
    with django_capture_on_commit_callbacks(execute=True):
        move()
    run_worker()
    return mail.outbox


def test_submitting_emails_every_editor_but_no_writer(newsroom, django_capture_on_commit_callbacks):
    article = story(newsroom, S.DRAFT)
    outbox = sent(
        django_capture_on_commit_callbacks,
        lambda: workflow.submit(article, by=newsroom["wanda"]),
    )
    assert len(outbox) == 1
    assert sorted(outbox[0].bcc) == ["edith@example.org", "emil@example.org"]
    assert outbox[0].to == []  # nobody sees the others' addresses
    assert outbox[0].subject == "Review requested: Dam repairs finished"
    assert f"/admin/articles/article/{article.pk}/change/" in outbox[0].body


def test_changes_requested_emails_the_bylined_writers_and_the_creator_with_the_comment(
    newsroom, django_capture_on_commit_callbacks
):
    article = story(newsroom, S.IN_REVIEW)
    outbox = sent(
        django_capture_on_commit_callbacks,
        lambda: workflow.request_changes(
            article, by=newsroom["edith"], comment="Name the second source."
        ),
    )
    assert sorted(outbox[0].bcc) == ["bob@example.org", "wanda@example.org"]
    assert outbox[0].subject == "Changes requested: Dam repairs finished"
    assert "Edith asked for changes" in outbox[0].body
    assert "Name the second source." in outbox[0].body


def test_publishing_emails_the_writers_but_not_the_editor_who_did_it(
    newsroom, django_capture_on_commit_callbacks
):
    article = story(newsroom, S.IN_REVIEW)
    article.created_by = newsroom["edith"]
    article.save()
    outbox = sent(
        django_capture_on_commit_callbacks, lambda: workflow.publish(article, by=newsroom["edith"])
    )
    assert outbox[0].bcc == ["bob@example.org"]
    assert outbox[0].subject == "Published: Dam repairs finished"


def test_the_scheduler_emails_writers_when_a_story_goes_out_and_editors_when_it_cannot(
    newsroom, django_capture_on_commit_callbacks
):
    due = timezone.now() + timedelta(hours=2)
    good = story(newsroom, S.SCHEDULED)
    broken = story(newsroom, S.SCHEDULED)
    broken.title = "Broken schedule"
    broken.dek = ""
    broken.save()
    outbox = sent(django_capture_on_commit_callbacks, lambda: workflow.publish_due(now=due))
    by_subject = {m.subject: m for m in outbox}
    assert sorted(by_subject) == ["Could not go out: Broken schedule", "Published: " + good.title]
    assert by_subject["Published: " + good.title].bcc == ["bob@example.org", "wanda@example.org"]
    failed = by_subject["Could not go out: Broken schedule"]
    assert sorted(failed.bcc) == ["edith@example.org", "emil@example.org"]
    assert "a standfirst" in failed.body


def test_moves_without_news_send_nothing(newsroom, django_capture_on_commit_callbacks):
    article = story(newsroom, S.SCHEDULED)
    outbox = sent(
        django_capture_on_commit_callbacks,
        lambda: workflow.cancel_schedule(article, by=newsroom["edith"]),
    )
    assert outbox == []


def test_a_user_who_turned_a_kind_off_does_not_get_it(
    newsroom, client, django_capture_on_commit_callbacks
):
    client.force_login(newsroom["emil"])
    url = reverse("desk:notifications")
    page = client.get(url).content.decode()
    assert "Stories submitted for review" in page and "emil@example.org" in page
    client.post(url, {"changes_requested": "on", "published": "on", "schedule_failed": "on"})
    assert NotificationPreference.objects.get(user=newsroom["emil"]).review_requests is False
    article = story(newsroom, S.DRAFT)
    outbox = sent(
        django_capture_on_commit_callbacks, lambda: workflow.submit(article, by=newsroom["wanda"])
    )
    assert outbox[0].bcc == ["edith@example.org"]


def test_writers_are_offered_only_the_emails_about_their_own_stories(newsroom, client):
    client.force_login(newsroom["wanda"])
    page = client.get(reverse("desk:notifications")).content.decode()
    assert "Changes requested on my stories" in page
    assert "submitted for review" not in page
    assert "Email settings" in client.get(reverse("admin:index")).content.decode()


def test_nothing_is_sent_for_a_move_that_was_rolled_back(
    newsroom, django_capture_on_commit_callbacks
):
    article = story(newsroom, S.DRAFT)
    with django_capture_on_commit_callbacks(execute=False):
        workflow.submit(article, by=newsroom["wanda"])
    # The callbacks run only when the transaction commits; none ran, nothing was queued.
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_a_broken_mail_server_never_breaks_the_move_and_the_send_is_retried(
    newsroom, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.BrokenMailBackend"}}
    article = story(newsroom, S.DRAFT)
    with caplog.at_level(logging.ERROR, logger="articles.notifications"):
        outbox = sent(
            django_capture_on_commit_callbacks,
            lambda: workflow.submit(article, by=newsroom["wanda"]),
        )
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert outbox == []
    assert "failed, attempt 1 of 5; will retry" in caplog.text
    assert "SMTP server unreachable" in caplog.text
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["args"] == [article.events.get(action="submit").pk, 2]
    assert retry.run_after > timezone.now()

    # The server is back: the retry, once due, delivers the email.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert mail.outbox[0].subject == "Review requested: Dam repairs finished"


def test_a_queue_that_cannot_take_the_email_never_breaks_the_move(
    newsroom, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from articles import notifications

    class BrokenQueue:
        def enqueue(self, *args):
            raise RuntimeError("queue table missing")

    monkeypatch.setattr(notifications, "send_notification", BrokenQueue())
    article = story(newsroom, S.DRAFT)
    with (
        caplog.at_level(logging.ERROR, logger="articles.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        workflow.submit(article, by=newsroom["wanda"])
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert "Could not queue the desk email" in caplog.text


def test_a_headline_autosaved_with_a_line_feed_is_kept_on_one_line_and_its_review_email_goes(
    client, newsroom, django_capture_on_commit_callbacks
):
    # The line feed went into the stored headline, then into the subject, which Python's
    # email refuses ("Header values may not contain linefeed"): no editor heard of the story.
    client.force_login(newsroom["wanda"])
    response = client.post(
        reverse("admin:articles_article_autosave_new"),
        json.dumps({"fields": {"title": "Line\nfeed", "body": "<p>Text.</p>"}}),
        content_type="application/json",
    )
    assert response.status_code == 201
    article = Article.objects.get()
    assert article.title == "Line feed"
    outbox = sent(
        django_capture_on_commit_callbacks, lambda: workflow.submit(article, by=newsroom["wanda"])
    )
    assert [message.subject for message in outbox] == ["Review requested: Line feed"]


def test_a_headline_stored_with_line_breaks_before_they_were_cleaned_still_sends_its_email(
    newsroom, django_capture_on_commit_callbacks
):
    article = story(newsroom, S.DRAFT)
    Article.objects.filter(pk=article.pk).update(title="Dam\r\nrepairs\u2028finished\x0b")
    article.refresh_from_db()
    outbox = sent(
        django_capture_on_commit_callbacks, lambda: workflow.submit(article, by=newsroom["wanda"])
    )
    assert [message.subject for message in outbox] == ["Review requested: Dam repairs finished"]
