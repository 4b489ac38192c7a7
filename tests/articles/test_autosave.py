"""Autosave: the writer's working copy is kept without touching the story; a new story becomes
a draft on its first headline; reopening offers unsaved text back."""

import json

import pytest
from django.urls import reverse

from articles.models import Article, WorkingCopy
from tests.desk import change_url, form_data
from tests.factories import ArticleFactory, editor, writer

pytestmark = pytest.mark.django_db
NEW = reverse("admin:articles_article_autosave_new")


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_autosave_keeps_a_working_copy_without_a_revision_or_a_new_version(client, olena):
    article = ArticleFactory(created_by=olena, body="<p>Saved text.</p>")
    client.force_login(olena)
    fields = {"title": article.title, "body": "<p>Saved text. And more.</p><script>x</script>"}
    response = post_json(
        client, autosave_url(article), {"fields": fields, "base_version": article.version}
    )
    assert response.status_code == 200
    assert "saved_at_label" in response.json()
    copy = WorkingCopy.objects.get(article=article, user=olena)
    assert copy.data["body"] == "<p>Saved text. And more.</p>"  # sanitised
    assert copy.base_version == article.version
    article.refresh_from_db()
    assert (article.version, article.body) == (1, "<p>Saved text.</p>")
    assert not article.revisions.exists() and not article.events.exists()
    # The next autosave replaces the copy: one per person and story.
    post_json(client, autosave_url(article), {"fields": {"body": "<p>Later.</p>"}})
    assert WorkingCopy.objects.get().data["body"] == "<p>Later.</p>"


def test_autosave_refuses_another_writers_story_and_keeps_nothing(client, olena):
    article = ArticleFactory(created_by=writer())
    client.force_login(olena)
    response = post_json(client, autosave_url(article), {"fields": {"body": "<p>Mine?</p>"}})
    # Not theirs to see: the same answer as for a story that does not exist.
    assert response.status_code == 404
    assert not WorkingCopy.objects.exists()


def test_autosave_refuses_a_story_that_left_draft_for_its_writer(client, olena):
    article = ArticleFactory(created_by=olena, status=Article.Status.IN_REVIEW)
    client.force_login(olena)
    response = post_json(client, autosave_url(article), {"fields": {"body": "<p>Late.</p>"}})
    assert response.status_code == 403


def test_autosave_needs_a_post_and_a_login(client, olena):
    article = ArticleFactory(created_by=olena)
    assert post_json(client, autosave_url(article), {}).status_code == 302  # to the login
    client.force_login(olena)
    assert client.get(autosave_url(article)).status_code == 405


def test_a_first_headline_makes_a_new_story_a_draft(client, olena):
    client.force_login(olena)
    response = post_json(
        client,
        NEW,
        {"fields": {"title": "Grid restored in Kharkiv", "body": "<p>Power is back.</p>"}},
    )
    assert response.status_code == 201
    article = Article.objects.get()
    result = response.json()
    assert result["created"] and result["id"] == article.pk
    assert result["change_url"] == change_url(article)
    assert result["autosave_url"] == autosave_url(article)
    assert (article.status, article.version, article.created_by) == ("draft", 1, olena)
    assert article.slug == "grid-restored-in-kharkiv" == result["slug"]
    assert article.body == "<p>Power is back.</p>"
    assert article.events.get().action == "create"  # through the workflow's one door


def test_a_new_storys_first_revision_lists_the_tags_it_was_started_with(client, olena):
    # The tags are saved with the story, not after it: the first revision (what a restore
    # brings back) has them.
    client.force_login(olena)
    fields = {"title": "Grid restored", "body": "<p>Power is back.</p>", "tags": "Energy, Kyiv"}
    assert post_json(client, NEW, {"fields": fields}).status_code == 201
    article = Article.objects.get()
    assert sorted(article.tags.names()) == ["Energy", "Kyiv"]
    assert article.revisions.get().data["tags"] == ["Energy", "Kyiv"]


def test_text_without_a_headline_waits_in_a_working_copy_and_is_offered_back(client, olena):
    client.force_login(olena)
    response = post_json(client, NEW, {"fields": {"title": " ", "body": "<p>Notes.</p>"}})
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert WorkingCopy.objects.get(article=None, user=olena).data["body"] == "<p>Notes.</p>"
    add = reverse("admin:articles_article_add")
    assert "You have unsaved changes from" in client.get(add).content.decode()
    restored = client.get(add + "?restore=1").content.decode()
    assert "&lt;p&gt;Notes.&lt;/p&gt;" in restored
    # Another writer sees nothing of it.
    client.force_login(writer())
    assert "unsaved changes" not in client.get(add).content.decode()


def test_a_writer_without_rights_to_write_cannot_start_a_story(client):
    reader = editor()
    reader.groups.clear()
    client.force_login(reader)
    response = post_json(client, NEW, {"fields": {"title": "Not mine to write"}})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_a_beacon_posts_the_same_payload_as_a_form(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    payload = json.dumps({"fields": {"body": "<p>Closed the tab.</p>"}, "base_version": 1})
    response = client.post(autosave_url(article), {"payload": payload})
    assert response.status_code == 200
    assert WorkingCopy.objects.get().data["body"] == "<p>Closed the tab.</p>"


def test_reopening_offers_the_newer_text_and_restore_puts_it_in_the_form(client, olena):
    article = ArticleFactory(created_by=olena, body="<p>Saved.</p>")
    client.force_login(olena)
    post_json(
        client,
        autosave_url(article),
        {"fields": {"title": article.title, "body": "<p>Saved. Unsaved line.</p>"}},
    )
    html = client.get(change_url(article)).content.decode()
    assert "You have unsaved changes from" in html
    assert "Unsaved line." not in html
    restored = client.get(change_url(article) + "?restore=1").content.decode()
    assert "&lt;p&gt;Saved. Unsaved line.&lt;/p&gt;" in restored
    assert "data-restored" in restored and "You have unsaved changes" not in restored
    article.refresh_from_db()
    assert article.body == "<p>Saved.</p>"  # restoring is not saving


def test_nothing_is_offered_when_the_copy_matches_the_story(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    post_json(client, autosave_url(article), {"fields": {"title": article.title}})
    assert "unsaved changes" not in client.get(change_url(article)).content.decode()


def test_saving_the_form_spends_the_working_copy(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    post_json(client, autosave_url(article), {"fields": {"body": "<p>Draft two.</p>"}})
    response = client.post(change_url(article), form_data(article, body="<p>Draft two.</p>"))
    assert response.status_code == 302
    assert not WorkingCopy.objects.exists()


def test_a_conflicting_save_keeps_the_working_copy(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    post_json(client, autosave_url(article), {"fields": {"body": "<p>Mine.</p>"}})
    stale = form_data(article, body="<p>Mine.</p>")
    client.force_login(editor())
    client.post(change_url(article), form_data(article, title="An editor's headline"))
    client.force_login(olena)
    assert client.post(change_url(article), stale).status_code == 200  # refused
    assert WorkingCopy.objects.filter(article=article, user=olena).exists()


def test_discard_throws_the_working_copy_away(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    post_json(client, autosave_url(article), {"fields": {"body": "<p>Scrap.</p>"}})
    response = client.post(reverse("admin:articles_article_discard", args=[article.pk]))
    assert response["Location"] == change_url(article)
    assert not WorkingCopy.objects.exists()


def test_a_headline_of_line_breaks_and_control_characters_is_no_headline(client, olena):
    client.force_login(olena)
    response = post_json(client, NEW, {"fields": {"title": "\n\x00\u2028\t", "dek": "Notes"}})
    assert response.status_code == 200
    assert not Article.objects.exists()
    assert WorkingCopy.objects.get(article=None, user=olena).data == {"title": "", "dek": "Notes"}


@pytest.mark.parametrize("fields", [{"dek": "a\x00b"}, {"title": "Ok", "dek": "a\x00b"}])
def test_a_nul_in_autosaved_text_is_dropped_not_a_server_error(client, olena, fields):
    # PostgreSQL refused the NUL, in the working copy and in a new story alike: a 500.
    client.force_login(olena)
    response = post_json(client, NEW, {"fields": fields})
    assert response.status_code in (200, 201)
    article = Article.objects.first()
    kept = article.dek if article else WorkingCopy.objects.get(user=olena).data["dek"]
    assert kept == "ab"


def test_another_pages_unsaved_text_is_never_autosaved_over(client, olena):
    # A reload whose last beacon landed late, a second tab, yesterday's visit: the page that
    # did not type it is told (409), and the text stays to be offered back.
    article = ArticleFactory(created_by=olena, body="<p>Saved.</p>")
    client.force_login(olena)
    first = {"fields": {"body": "<p>A named spokeswoman.</p>"}, "base_version": 1, "page": "tab-a"}
    assert post_json(client, autosave_url(article), first).status_code == 200
    later = {"fields": {"body": "<p>Typed on.</p>"}, "base_version": 1, "page": "tab-b"}
    response = post_json(client, autosave_url(article), later)
    assert response.status_code == 409
    assert "unsaved_at" in response.json()
    assert WorkingCopy.objects.get().data["body"] == "<p>A named spokeswoman.</p>"
    # The page that typed it goes on saving over its own text.
    first["fields"]["body"] = "<p>A named spokeswoman, Iryna Koval.</p>"
    assert post_json(client, autosave_url(article), first).json()["unsaved"] is True
    # Once it is discarded, the other page may keep its own.
    client.post(reverse("admin:articles_article_discard", args=[article.pk]))
    assert post_json(client, autosave_url(article), later).status_code == 200
    assert WorkingCopy.objects.get().data["body"] == "<p>Typed on.</p>"


def test_a_copy_that_matches_the_story_is_no_reason_to_refuse(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    same = {"fields": {"title": article.title}, "page": "tab-a"}
    post_json(client, autosave_url(article), same)
    other = {"fields": {"body": "<p>New.</p>"}, "page": "tab-b"}
    assert post_json(client, autosave_url(article), other).status_code == 200


def test_a_new_storys_unsaved_text_is_not_spent_by_another_pages_headline(client, olena):
    client.force_login(olena)
    post_json(client, NEW, {"fields": {"body": "<p>Notes.</p>"}, "page": "tab-a"})
    response = post_json(client, NEW, {"fields": {"title": "A headline"}, "page": "tab-b"})
    assert response.status_code == 409
    assert not Article.objects.exists()
    assert WorkingCopy.objects.get(article=None).data["body"] == "<p>Notes.</p>"


def test_text_typed_before_someone_else_saved_is_still_offered(client, olena):
    # The offer compared times: a copy older than the story's last save was never offered
    # again, and typing on overwrote it.
    article = ArticleFactory(created_by=olena, body="<p>Saved.</p>")
    client.force_login(olena)
    post_json(
        client,
        autosave_url(article),
        {"fields": {"body": "<p>Saved. Mine.</p>"}, "base_version": 1, "page": "tab-a"},
    )
    client.force_login(editor(first_name="Edith", last_name="Keller"))
    client.post(change_url(article), form_data(article, title="An editor's headline"))
    client.force_login(olena)
    html = client.get(change_url(article)).content.decode()
    assert "You have unsaved changes from" in html
    assert "typed before Edith Keller saved the story" in html


def test_the_form_discards_in_place(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    post_json(client, autosave_url(article), {"fields": {"body": "<p>Scrap.</p>"}})
    response = client.post(
        reverse("admin:articles_article_discard", args=[article.pk]),
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"discarded": True}
    assert not WorkingCopy.objects.exists()
