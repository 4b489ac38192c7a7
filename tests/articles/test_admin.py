from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleRevision, WorkflowEvent
from tests.desk import change_url, form_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    editor,
    ready_article,
    superuser,
    writer,
)

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def owner():
    return writer(username="wanda")


def test_anonymous_is_sent_to_login(client):
    article = ArticleFactory()
    for url in [reverse("admin:index"), change_url(article)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["writer", "editor", "superuser"])
def test_desk_pages_load_for_every_role(client, role):
    user = {"writer": writer, "editor": editor, "superuser": superuser}[role]()
    article = ready_article(status=S.DRAFT, created_by=user, tags=["Energy"])
    client.force_login(user)
    changelist = reverse("admin:articles_article_changelist")
    for url in [
        reverse("admin:index"),
        changelist,
        changelist + "?status__exact=draft&q=budget",
        reverse("admin:articles_article_add"),
        change_url(article),
        reverse("admin:articles_article_revisions", args=[article.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_desk_page_lists_review_scheduled_published_and_my_drafts(client, owner, edith):
    ArticleFactory(title="Waiting for an editor", status=S.IN_REVIEW)
    ArticleFactory(
        title="Goes out tomorrow",
        status=S.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    ArticleFactory(title="Out this morning", published=True)
    ArticleFactory(title="Edith's own draft", created_by=edith)
    ArticleFactory(title="Someone else's draft")
    client.force_login(edith)
    html = client.get(reverse("admin:index")).content.decode()
    for text in [
        "Waiting for an editor",
        "Goes out tomorrow",
        "Out this morning",
        "Edith&#x27;s own draft",
        "Compose today's Key developments",
    ]:
        assert text in html
    assert "Someone else&#x27;s draft" not in html


def test_writer_sees_only_submit_and_no_publish_action(client, owner):
    article = ready_article(created_by=owner)
    client.force_login(owner)
    html = client.get(change_url(article)).content.decode()
    assert 'value="submit"' in html
    for name in ["publish", "schedule", "unpublish", "request_changes"]:
        assert f'value="{name}"' not in html
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "submit_selected" in changelist
    assert "publish_selected" not in changelist


def test_editor_sees_review_buttons(client, edith):
    article = ready_article(status=S.IN_REVIEW)
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    for name in ["request_changes", "publish", "schedule"]:
        assert f'value="{name}"' in html
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "publish_selected" in changelist


def test_writer_submits_through_the_change_form(client, owner):
    article = ready_article(created_by=owner)
    client.force_login(owner)
    data = form_data(article, title="Council approves budget", _workflow="submit")
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Council approves budget", S.IN_REVIEW)
    assert WorkflowEvent.objects.get().actor == owner


def test_writer_cannot_publish_by_forging_the_button(client, owner):
    article = ready_article(created_by=owner)
    client.force_login(owner)
    response = client.post(
        change_url(article), form_data(article, _workflow="publish"), follow=True
    )
    assert "Saved. Not published: only editors can publish now." in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert not WorkflowEvent.objects.exists()


def test_writer_cannot_publish_with_the_changelist_action(client, owner):
    article = ready_article(created_by=owner)
    client.force_login(owner)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_editor_publishes_with_the_changelist_action_and_refusals_are_listed(client, edith):
    ready = ready_article(status=S.IN_REVIEW)
    incomplete = ArticleFactory(status=S.IN_REVIEW, title="No image yet")
    client.force_login(edith)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, incomplete.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Published 1 stories." in html
    assert "No image yet" in html and "a lead image" in html
    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert (ready.status, incomplete.status) == (S.PUBLISHED, S.IN_REVIEW)


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.PUBLISHED])
def test_writer_cannot_change_a_story_once_it_left_draft(client, owner, status):
    article = ready_article(status=status, created_by=owner, published_at=timezone.now())
    client.force_login(owner)
    assert client.get(change_url(article)).status_code == 200  # read-only view
    response = client.post(change_url(article), form_data(article, title="Rewritten"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Rewritten"


def test_writer_cannot_open_another_writers_draft_for_editing(client, owner):
    article = ready_article(created_by=writer())
    client.force_login(owner)
    response = client.post(change_url(article), form_data(article, title="Mine now"))
    assert response.status_code == 403


def test_editor_requests_changes_with_a_comment(client, edith):
    article = ready_article(status=S.IN_REVIEW)
    client.force_login(edith)
    response = client.post(
        change_url(article), form_data(article, _workflow="request_changes"), follow=True
    )
    assert "a comment is required" in response.content.decode()
    client.post(
        change_url(article),
        form_data(
            Article.objects.get(pk=article.pk),
            _workflow="request_changes",
            **{"wf-comment": "Needs the mayor's response."},
        ),
    )
    article.refresh_from_db()
    assert article.status == S.DRAFT
    event = article.events.get(action="request_changes")
    assert event.comment == "Needs the mayor's response."
    history = client.get(change_url(article)).content.decode()
    assert "Needs the mayor&#x27;s response." in history


def test_editor_schedules_with_a_local_time(client, edith, settings):
    article = ready_article(status=S.IN_REVIEW)
    client.force_login(edith)
    at = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    client.post(
        change_url(article),
        form_data(article, _workflow="schedule", **{"wf-at": at.strftime("%Y-%m-%dT%H:%M")}),
    )
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.SCHEDULED, at)


def test_editor_unpublishes_with_reason_and_public_notice(client, edith):
    article = ready_article(published=True)
    client.force_login(edith)
    client.post(
        change_url(article),
        form_data(
            article,
            _workflow="unpublish",
            **{"wf-reason": "Legal", "wf-notice": "Removed on legal advice."},
        ),
    )
    article.refresh_from_db()
    assert article.status == S.UNPUBLISHED
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "Removed on legal advice." in response.content.decode()


def test_editor_adds_a_correction_and_a_significant_update(client, edith):
    article = ready_article(published=True)
    client.force_login(edith)
    client.post(
        change_url(article),
        form_data(article, _workflow="correction", **{"wf-text": "The vote was 31 to 12."}),
    )
    client.post(
        change_url(Article.objects.get(pk=article.pk)),
        form_data(Article.objects.get(pk=article.pk), _workflow="significant_update"),
    )
    article.refresh_from_db()
    assert article.significant_update_at is not None
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The vote was 31 to 12." in html and "Corrections" in html
    assert "Updated:" in html


def test_stale_form_is_refused_naming_who_and_when_and_keeps_the_text(client, edith):
    article = ready_article(status=S.IN_REVIEW)
    stale = form_data(article, title="My careful rewrite of the headline")
    other = editor(username="marta", first_name="Marta", last_name="Ivanenko")
    client.force_login(other)
    client.post(change_url(article), form_data(article, title="Marta's headline"))
    client.force_login(edith)
    response = client.post(change_url(article), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marta Ivanenko saved this story at" in html
    assert "My careful rewrite of the headline" in html
    article.refresh_from_db()
    assert article.title == "Marta's headline"
    assert article.version == 2


def test_every_save_keeps_a_revision_and_bodies_are_sanitised(client, edith):
    article = ready_article(status=S.IN_REVIEW, body="<p>First.</p>")
    client.force_login(edith)
    client.post(change_url(article), form_data(article, body="<p>Second.</p>"))
    article.refresh_from_db()
    client.post(
        change_url(article),
        form_data(
            article, body='<p>Third.<script>alert(1)</script><a href="javascript:x">l</a></p>'
        ),
    )
    article.refresh_from_db()
    assert "<script" not in article.body and "javascript:" not in article.body
    assert article.revisions.count() == 2
    assert [r.version for r in article.revisions.order_by("created_at")] == [2, 3]


def test_diff_between_two_revisions_and_restore_as_new_revision(client, edith):
    article = ready_article(status=S.IN_REVIEW, title="Old headline", body="<p>Keep.</p>")
    client.force_login(edith)
    client.post(change_url(article), form_data(article))
    article.refresh_from_db()
    client.post(
        change_url(article),
        form_data(article, title="New headline", body="<p>Keep.</p><p>Added.</p>"),
    )
    first, second = article.revisions.order_by("created_at")
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    html = client.get(url, {"a": first.pk, "b": second.pk}).content.decode()
    assert "<del>Old</del><ins>New</ins> headline" in html
    assert '<p class="diff-line"><ins>Added.</ins></p>' in html
    # The paragraph both versions share is folded away, still there to open.
    unchanged = html[html.index('class="diff-unchanged"') :]
    assert "<summary>1 unchanged block</summary>" in unchanged and "Keep." in unchanged
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Old headline", "<p>Keep.</p>")
    assert article.revisions.count() == 3
    newest = article.revisions.order_by("-created_at").first()
    assert newest.note == f"Restored version {first.version}"
    assert ArticleRevision.objects.filter(pk=second.pk).exists()
    assert [b.author_id for b in article.bylines.all()] == [a for a, *_ in first.data["bylines"]]


def test_a_one_word_change_marks_only_that_word_with_who_and_when(client, edith):
    body = "<p>The council voted on Tuesday to approve the budget.</p><p>Unchanged.</p>"
    article = ready_article(status=S.IN_REVIEW, body=body)
    client.force_login(edith)
    client.post(change_url(article), form_data(article))
    article.refresh_from_db()
    client.post(
        change_url(article),
        form_data(article, body=body.replace("Tuesday", "<strong>Wednesday</strong>")),
    )
    first, second = article.revisions.order_by("created_at")
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    html = client.get(url, {"a": first.pk, "b": second.pk}).content.decode()
    diff = html[html.index('class="story-diff"') :]
    assert (
        '<p class="diff-line">The council voted on <del>Tuesday</del><ins>Wednesday</ins> '
        "to approve the budget.</p>" in diff
    )
    assert diff.count("council") == 1  # the paragraph is not shown twice
    assert "Edith Keller" in html and "Europe/Kyiv" in html


def test_workflow_moves_that_change_no_text_keep_no_revision(edith):
    article = ready_article(status=S.DRAFT)
    workflow.submit(article, by=edith)
    workflow.request_changes(article, by=edith, comment="More detail.")
    workflow.submit(article, by=edith)
    workflow.publish(article, by=edith)
    workflow.mark_significant_update(article, by=edith)
    workflow.unpublish(article, by=edith, reason="Legal")
    assert article.revisions.count() == 0
    assert article.events.count() == 6


def test_writer_cannot_restore_on_a_story_they_cannot_edit(client, owner):
    article = ready_article(status=S.PUBLISHED, published_at=timezone.now(), created_by=owner)
    revision = workflow.record_revision(article, by=None)
    client.force_login(owner)
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, revision.pk])
    )
    assert response.status_code == 403


@pytest.fixture
def midday():
    """Noon in the newsroom, so "today's stories" an hour old are still today's."""
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))):
        yield timezone.now()


def test_the_roundup_composer_lists_todays_stories_newest_first_without_roundups(
    client, edith, owner, midday
):
    now = midday
    ArticleFactory(title="Morning story", published=True, published_at=now - timedelta(minutes=30))
    ArticleFactory(title="Latest story", published=True, published_at=now - timedelta(minutes=5))
    ArticleFactory(title="Yesterday's news", published=True, published_at=now - timedelta(days=2))
    ArticleFactory(title="Earlier roundup", published=True, published_at=now, is_roundup=True)
    ArticleFactory(title="Unpublished draft")
    url = reverse("admin:articles_article_compose_roundup")
    client.force_login(owner)
    assert client.get(url).status_code == 403
    client.force_login(edith)
    html = client.get(url).content.decode()
    assert html.index("Latest story") < html.index("Morning story")
    for absent in ["Yesterday", "Earlier roundup", "Unpublished draft"]:
        assert absent not in html
    assert "Key developments on" in html
    assert 'src="/static/js/roundup-order.js"' in html


def test_compose_roundup_drafts_the_ticked_stories_in_the_chosen_order(
    client, edith, settings, midday
):
    settings.ROUNDUP_TITLE = "Key developments on {date}"
    now = midday
    author = AuthorFactory(name="Edith Keller", user=edith)
    picture = ImageFactory()
    first = ready_article(title="Power restored in the east", published=True, lead_image=picture,
                          published_at=now - timedelta(minutes=40))  # fmt: skip
    second = ArticleFactory(title="Council approves budget", published=True,
                            published_at=now - timedelta(minutes=20), lead_image=None)  # fmt: skip
    skipped = ArticleFactory(title="Weather warning", published=True,
                             published_at=now - timedelta(minutes=10))  # fmt: skip
    client.force_login(edith)
    url = reverse("admin:articles_article_compose_roundup")
    response = client.post(url, {"story": [second.pk, first.pk]})
    roundup = Article.objects.get(is_roundup=True)
    assert response["Location"] == change_url(roundup)
    assert roundup.status == S.DRAFT and roundup.created_by == edith
    assert roundup.title == "Key developments on Nov. 28"
    assert roundup.body.startswith("<ul><li>")  # the title is not repeated as the first line
    assert roundup.body.index("Council approves") < roundup.body.index("Power restored")
    assert skipped.title not in roundup.body
    assert roundup.section == second.section
    assert roundup.lead_image == picture  # the first chosen story that has one
    assert [b.author for b in roundup.bylines.all()] == [author]
    assert roundup.dek == "Council approves budget; Power restored in the east."
    assert workflow.publish_checklist(roundup) == []
    assert client.post(url, {}).status_code == 200  # nothing ticked: the page says so


def test_the_roundup_title_follows_the_setting_in_ap_style(settings):
    settings.ROUNDUP_TITLE = "What happened on {date}"
    assert workflow.roundup_title(date(2026, 11, 28)) == "What happened on Nov. 28"
    assert workflow.roundup_title(date(2026, 9, 3)) == "What happened on Sept. 3"
    assert workflow.roundup_title(date(2026, 6, 1)) == "What happened on June 1"


def test_admin_pages_allow_the_editor_scripts_with_a_nonce(client, edith):
    article = ready_article()
    client.force_login(edith)
    response = client.get(change_url(article))
    policy = response["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "django_prose_editor" in response.content.decode()
    public = client.get("/")
    assert "'nonce-" not in public["Content-Security-Policy"]


def test_story_list_shows_small_thumbnails_in_constant_queries(client, edith):
    client.force_login(edith)
    url = reverse("admin:articles_article_changelist")
    ArticleFactory(lead_image=ImageFactory())
    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())
    client.get(url)  # warms sessions, content types and permissions
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        ArticleFactory(lead_image=ImageFactory())
    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count('class="media-thumb"') == 7
    assert "/media/images/" not in html  # a thumbnail rendition, never the original upload


@pytest.mark.parametrize("status", [S.PUBLISHED, S.UNPUBLISHED, S.SCHEDULED])
def test_a_story_readers_have_seen_cannot_be_deleted_even_by_a_superuser(client, status):
    article = ready_article(status=status, published_at=timezone.now())
    client.force_login(superuser(username="root"))
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    assert 'class="deletelink"' not in client.get(change_url(article)).content.decode()


def test_the_bulk_delete_action_is_not_offered_for_stories(client, edith):
    ready_article(status=S.DRAFT)
    client.force_login(edith)
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_an_editor_can_delete_a_draft_nobody_has_seen(client, edith):
    article = ready_article(status=S.DRAFT)
    client.force_login(edith)
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
