"""Restore asks first: it shows what it changes, and a published story's old version goes into
the editor's form for review, never straight to readers."""

import json
import re

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, WorkingCopy
from tests.desk import change_url, form_data
from tests.factories import SectionFactory, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status


def restore_url(revision):
    return reverse("admin:articles_article_restore", args=[revision.article_id, revision.pk])


def two_versions(by, **fields):
    story = ready_article(title="Budget passes", body="<p>Old figures.</p>", **fields)
    workflow.save_article(story, by=by, expected_version=story.version)
    story.body = "<p>New figures.</p>"
    workflow.save_article(story, by=by, expected_version=story.version)
    return story, story.revisions.order_by("created_at").first()


def test_restore_first_shows_what_it_changes_and_changes_nothing(client, edith):
    story, old = two_versions(edith, status=S.DRAFT)
    client.force_login(edith)
    html = client.get(restore_url(old)).content.decode()
    assert f"Restore version {old.version}?" in html
    assert "<del>New</del>" in html and "<ins>Old</ins>" in html
    assert f'action="{restore_url(old)}"' in html  # the button that restores
    story.refresh_from_db()
    assert story.body == "<p>New figures.</p>" and story.revisions.count() == 2


def test_restore_on_a_published_story_fills_the_form_and_readers_see_nothing(client, edith):
    story, old = two_versions(edith, published=True)
    client.force_login(edith)
    assert (
        "readers keep seeing the story as it is now"
        in client.get(restore_url(old)).content.decode()
    )
    version = story.version
    response = client.post(restore_url(old))
    assert response["Location"] == change_url(story) + "?restore=1"
    story.refresh_from_db()
    assert (story.body, story.version, story.revisions.count()) == (
        "<p>New figures.</p>",
        version,
        2,
    )
    client.logout()
    assert "New figures." in client.get(story.get_absolute_url()).content.decode()
    # The form opens with the old words, on the current version: saving is a normal update.
    client.force_login(edith)
    form = client.get(change_url(story) + "?restore=1").content.decode()
    assert "&lt;p&gt;Old figures.&lt;/p&gt;" in form
    assert f'name="base_version" value="{version}"' in form
    client.post(change_url(story), form_data(story, body="<p>Old figures.</p>"))
    story.refresh_from_db()
    assert story.body == "<p>Old figures.</p>" and story.status == S.PUBLISHED
    assert not WorkingCopy.objects.exists()


def test_a_restore_for_review_says_what_stays_as_it_is_now(client, edith):
    story, old = two_versions(edith, published=True)
    story.section = SectionFactory(name="Politics")
    workflow.save_article(story, by=edith, expected_version=story.version)
    client.force_login(edith)
    response = client.post(restore_url(old), follow=True)
    assert "Only the words come back: section stay as they are now." in response.content.decode()


def test_restore_warns_before_it_replaces_unsaved_text(client, edith):
    story, old = two_versions(edith, published=True)
    client.force_login(edith)
    client.post(
        reverse("admin:articles_article_autosave", args=[story.pk]),
        '{"fields": {"body": "<p>Typing.</p>"}}',
        content_type="application/json",
    )
    html = client.get(restore_url(old)).content.decode()
    assert "Your unsaved changes from" in html and "will be replaced" in html


def test_restore_asks_only_those_who_may_edit(client):
    owner = writer()
    story, old = two_versions(owner, status=S.DRAFT, created_by=owner)
    workflow.submit(story, by=owner)
    client.force_login(owner)  # submitted: no longer hers to change
    assert client.get(restore_url(old)).status_code == 403
    assert client.post(restore_url(old)).status_code == 403
    client.force_login(writer())
    assert client.get(restore_url(old)).status_code == 404


def test_the_form_opened_for_review_autosaves_its_own_text(client, edith):
    # The restored words are this form's own: typing on them is autosaved, not refused as
    # another page's unsaved text.
    story, old = two_versions(edith, published=True)
    client.force_login(edith)
    client.post(restore_url(old))
    form = client.get(change_url(story) + "?restore=1").content.decode()
    page = re.search(r'name="_desk_page" value="([^"]+)"', form).group(1)
    response = client.post(
        reverse("admin:articles_article_autosave", args=[story.pk]),
        json.dumps({"fields": {"body": "<p>Old figures, checked.</p>"}, "page": page}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert WorkingCopy.objects.get().data["body"] == "<p>Old figures, checked.</p>"
