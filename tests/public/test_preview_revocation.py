"""Defect 6: preview links end with a takedown and when the desk revokes them."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import preview, workflow
from articles.models import Article, WorkflowEvent
from tests.factories import ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status


def revoke_url(article):
    return reverse("admin:articles_article_preview_revoke", args=[article.pk])


def test_takedown_answers_410_to_every_preview_link_and_rotates_the_key(client, edith):
    article = ready_article(published=True, title="Disputed report")
    old_url, old_key = preview.preview_url(article), article.preview_key
    assert client.get(old_url).status_code == 200

    workflow.unpublish(article, by=edith, reason="Legal", notice="Removed after a complaint.")
    article.refresh_from_db()
    assert article.preview_key != old_key
    gone = client.get(old_url)
    assert gone.status_code == 410
    html = gone.content.decode()
    assert "Removed after a complaint." in html and "Disputed report" not in html
    # A link made after the takedown shows the same gone page, not the story.
    assert client.get(preview.preview_url(article)).status_code == 410

    # Republished, the story's new links work; the ones shared before the takedown stay dead.
    workflow.republish(article, by=edith)
    assert client.get(old_url).status_code == 404
    assert client.get(preview.preview_url(article)).status_code == 200


# A link carries the second it was signed: the page and the test must sign in the same one.
@time_machine.travel(timezone.now(), tick=False)
def test_editor_revokes_preview_links_from_the_desk(client, edith):
    article = ready_article(status=S.IN_REVIEW, title="Draft about the dam")
    old_url = preview.preview_url(article)
    version = article.version
    client.force_login(edith)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'form="revoke-preview-form"' in page and revoke_url(article) in page

    response = client.post(revoke_url(article))
    assert response.status_code == 302
    article.refresh_from_db()
    assert client.get(old_url).status_code == 404
    new = client.get(preview.preview_url(article))
    assert new.status_code == 200 and "Draft about the dam" in new.content.decode()
    # Recorded, and an edit form opened before the revocation still saves.
    assert WorkflowEvent.objects.filter(article=article, action="revoke_preview").exists()
    assert article.version == version
    # The desk's page shows the new link.
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert preview.preview_url(article) in page


def test_the_storys_writer_may_revoke_even_after_submitting(client):
    wanda = writer(username="wanda")
    article = ready_article(status=S.IN_REVIEW, created_by=wanda)
    old_url = preview.preview_url(article)
    client.force_login(wanda)
    assert client.post(revoke_url(article)).status_code == 302
    assert client.get(old_url).status_code == 404


def test_another_writer_or_a_reader_cannot_revoke(client):
    article = ready_article(status=S.DRAFT, created_by=writer(username="wanda"))
    url, key = preview.preview_url(article), article.preview_key
    walter = writer(username="walter")
    client.force_login(walter)
    # Not his to open: the same answer as for a story that does not exist.
    assert client.post(revoke_url(article)).status_code == 404
    published = ready_article(published=True, created_by=writer(username="wendy"))
    assert client.post(revoke_url(published)).status_code == 403  # his to read, not to revoke
    client.logout()
    assert client.post(revoke_url(article)).status_code == 302  # to the login page
    article.refresh_from_db()
    assert article.preview_key == key
    assert client.get(url).status_code == 200


def test_revoke_needs_a_post(client, edith):
    article = ready_article(status=S.DRAFT)
    key = article.preview_key
    client.force_login(edith)
    assert client.get(revoke_url(article)).status_code == 302
    article.refresh_from_db()
    assert article.preview_key == key


def test_links_in_the_old_format_no_longer_open(client):
    from django.core import signing

    article = ready_article(status=S.DRAFT)
    legacy = signing.dumps(article.pk, salt="articles.preview", compress=True)
    assert client.get(f"/preview/{legacy}/").status_code == 404
    forged_shape = signing.dumps([article.pk], salt=preview.SALT, compress=True)
    assert client.get(f"/preview/{forged_shape}/").status_code == 404


def test_every_story_has_its_own_key():
    first, second = ready_article(), ready_article()
    assert first.preview_key and first.preview_key != second.preview_key
