"""The desk's first page shows each user what needs them."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def wanda():
    return writer(username="wanda")


def inbox(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def test_a_writer_sees_the_request_for_changes_with_the_editors_comment(client, wanda, edith):
    bylined = ready_article(
        title="Bylined story", status=S.DRAFT, authors=[AuthorFactory(user=wanda)]
    )
    workflow.submit(bylined, by=wanda)
    workflow.request_changes(bylined, by=edith, comment="Name the second source.")
    ArticleFactory(title="Quiet draft", created_by=wanda)
    html = inbox(client, wanda)
    returned = html[html.index("Changes requested <span") : html.index('id="desk-drafts"')]
    assert "Bylined story" in returned and "Quiet draft" not in returned
    assert "Name the second source." in returned and "Edith Keller" in returned
    assert 'class="desk-count desk-count-alert">1<' in returned
    assert "Quiet draft" in html


def test_a_resubmitted_story_is_no_longer_marked_as_returned(client, wanda, edith):
    article = ready_article(title="Fixed story", status=S.DRAFT, created_by=wanda)
    workflow.submit(article, by=wanda)
    workflow.request_changes(article, by=edith, comment="Tighten the intro.")
    assert workflow.changes_requested(article).comment == "Tighten the intro."
    workflow.save_article(article, by=wanda, expected_version=article.version)
    assert workflow.changes_requested(article).comment == "Tighten the intro."
    workflow.submit(article, by=wanda)
    assert workflow.changes_requested(article) is None
    assert "Tighten the intro." not in inbox(client, wanda)


def test_a_writer_sees_only_their_own_drafts_scheduled_and_published(client, wanda):
    ArticleFactory(title="Wanda's draft", created_by=wanda)
    ArticleFactory(title="Someone else's draft")
    ready_article(title="Wanda's scheduled", scheduled=True, created_by=wanda)
    ready_article(title="Wanda's published", published=True, created_by=wanda)
    ready_article(title="Colleague's published", published=True)
    html = inbox(client, wanda)
    for title in ["Wanda&#x27;s draft", "Wanda&#x27;s scheduled", "Wanda&#x27;s published"]:
        assert title in html
    assert "Someone else" not in html and "Colleague" not in html
    assert "Compose today" not in html and "Write a story" in html


def test_the_review_queue_is_oldest_first_with_waiting_times(client, wanda, edith):
    now = timezone.now()
    for title, hours in [("Newer", 1), ("Oldest", 3)]:
        article = ready_article(title=title, status=S.DRAFT, created_by=wanda)
        with time_machine.travel(now - timedelta(hours=hours), tick=False):
            workflow.submit(article, by=wanda)
    with time_machine.travel(now, tick=False):
        html = inbox(client, edith)
    queue = html[html.index('id="desk-review"') : html.index('id="desk-scheduled"')]
    assert queue.index("Oldest") < queue.index("Newer")
    assert "waiting 3 h" in queue and "waiting 1 h" in queue


def test_the_editor_sees_scheduled_stories_that_could_not_go_out(client, edith):
    ready_article(title="Goes out fine", scheduled=True)
    blocked = ready_article(
        title="Missing its standfirst",
        status=S.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=5),
        dek="",
    )
    workflow.publish_due()
    blocked.refresh_from_db()
    assert blocked.schedule_problem
    html = inbox(client, edith)
    scheduled = html[html.index('id="desk-scheduled"') : html.index('id="desk-edited"')]
    assert scheduled.index("Missing its standfirst") < scheduled.index("Goes out fine")
    assert "Could not go out" in scheduled and "a standfirst (dek)" in scheduled


def test_the_editor_sees_stories_others_edited_in_the_last_hour(client, wanda, edith):
    mine = ArticleFactory(title="Edited by me", created_by=edith)
    workflow.save_article(mine, by=edith, expected_version=mine.version)
    theirs = ArticleFactory(title="Edited by Wanda", created_by=wanda)
    workflow.save_article(theirs, by=wanda, expected_version=theirs.version)
    stale = ArticleFactory(title="Edited yesterday", created_by=wanda)
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        workflow.save_article(stale, by=wanda, expected_version=stale.version)
    html = inbox(client, edith)
    edited = html[html.index('id="desk-edited"') : html.index('id="desk-drafts"')]
    assert "Edited by Wanda" in edited and "wanda, " in edited
    assert "Edited by me" not in edited and "Edited yesterday" not in edited


def test_the_editor_sees_scheduled_stories_the_scheduler_has_not_published(client, edith):
    late = ready_article(
        title="Waiting for a dead scheduler",
        status=S.SCHEDULED,
        published_at=timezone.now() - workflow.OVERDUE_AFTER - timedelta(minutes=1),
    )
    ready_article(
        title="Due in an hour",
        status=S.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    html = inbox(client, edith)
    scheduled = html[html.index('id="desk-scheduled"') :]
    row = scheduled[scheduled.index(late.title) :]
    assert "Overdue" in row[: row.index("</li>")]
    later = scheduled[scheduled.index("Due in an hour") :]
    assert "Overdue" not in later[: later.index("</li>")]
