"""Editing together: who else has the story open, and threaded comments for the desk."""

import json

import pytest
import time_machine
from django.urls import reverse

from articles.models import DeskComment
from tests.desk import change_url
from tests.factories import ArticleFactory, UserFactory, editor, ready_article

pytestmark = pytest.mark.django_db


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


def comment_url(article):
    return reverse("admin:articles_article_comment", args=[article.pk])


def heartbeat(client, article):
    return client.post(presence_url(article), "{}", content_type="application/json")


def test_the_form_names_who_else_has_the_story_open(client, olena, edith):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    client.get(change_url(article))  # opening the form checks in
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    assert "Olena Marchenko is editing this story." in html
    assert heartbeat(client, article).json()["others"] == ["Olena Marchenko"]
    # Olena's own heartbeat names Edith, never herself.
    client.force_login(olena)
    assert heartbeat(client, article).json()["others"] == ["Edith Keller"]


def test_presence_fades_without_a_heartbeat(client, olena, edith):
    article = ArticleFactory(created_by=olena)
    with time_machine.travel("2026-01-05 12:00:00 +0000", tick=False) as clock:
        client.force_login(olena)
        heartbeat(client, article)
        client.force_login(edith)
        assert heartbeat(client, article).json()["others"] == ["Olena Marchenko"]
        clock.shift(45)  # Olena's tab stopped beating
        assert heartbeat(client, article).json()["others"] == []


def test_presence_needs_the_right_to_see_the_story(client):
    article = ArticleFactory()
    client.force_login(UserFactory())  # staff, no permissions
    assert heartbeat(client, article).status_code == 404  # as if there were no such story


def test_comments_thread_by_replies_and_show_to_everyone_on_the_desk(client, olena, edith):
    article = ready_article(created_by=olena, status="in_review")
    client.force_login(edith)
    client.post(comment_url(article), {"text": "Can we get the operator on record?"})
    question = DeskComment.objects.get()
    client.force_login(olena)  # the writer can no longer edit it, but can still talk
    response = client.post(
        comment_url(article), {"text": "Calling them at 3.", "parent": question.pk}
    )
    assert response["Location"] == change_url(article) + "#desk-comments"
    answer = DeskComment.objects.latest("id")
    client.force_login(edith)
    client.post(comment_url(article), {"text": "Thanks.", "parent": answer.pk})
    thanks = DeskComment.objects.latest("id")
    assert (answer.parent, thanks.parent) == (question, question)  # one thread
    html = client.get(change_url(article)).content.decode()
    thread = html[html.index(f'id="comment-{question.pk}"') :]
    assert thread.index("Can we get the operator") < thread.index("Calling them at 3.")
    assert "Olena Marchenko" in thread and "Edith Keller" in thread


def test_comments_are_never_public(client, olena):
    article = ready_article(published=True)
    client.force_login(editor())
    client.post(comment_url(article), {"text": "Legal says fine."})
    client.logout()
    assert "Legal says fine." not in client.get(article.get_absolute_url()).content.decode()


def test_an_empty_comment_or_a_stranger_adds_nothing(client, olena):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    response = client.post(comment_url(article), {"text": "   "}, follow=True)
    assert "Write a comment first." in response.content.decode()
    client.force_login(UserFactory())
    assert client.post(comment_url(article), {"text": "Hello"}).status_code == 404
    other = ArticleFactory()
    elsewhere = DeskComment.objects.create(article=other, text="Other story")
    client.force_login(olena)
    client.post(comment_url(article), {"text": "Reply", "parent": elsewhere.pk})
    assert not DeskComment.objects.filter(article=article).exists()


def beat(client, article, **payload):
    return client.post(presence_url(article), json.dumps(payload), content_type="application/json")


def test_a_closed_page_checks_out_at_once_and_one_person_is_named_once(client, olena, edith):
    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    beat(client, article, page="tab-a")
    beat(client, article, page="tab-b")  # her second tab
    client.force_login(edith)
    assert beat(client, article, page="e").json()["others"] == ["Olena Marchenko"]
    client.force_login(olena)
    beat(client, article, page="tab-a", leaving=True)
    client.force_login(edith)
    assert beat(client, article, page="e").json()["others"] == ["Olena Marchenko"]  # tab b
    client.force_login(olena)
    beat(client, article, page="tab-b", leaving=True)
    client.force_login(edith)
    assert beat(client, article, page="e").json()["others"] == []


def test_a_page_that_stops_beating_fades_within_a_quarter_minute(client, olena, edith):
    article = ArticleFactory(created_by=olena)
    with time_machine.travel("2026-01-05 12:00:00 +0000", tick=False) as clock:
        client.force_login(olena)
        beat(client, article, page="tab-a")
        client.force_login(edith)
        clock.shift(10)
        assert beat(client, article, page="e").json()["others"] == ["Olena Marchenko"]
        clock.shift(6)  # 16 s since her last heartbeat: her tab crashed
        assert beat(client, article, page="e").json()["others"] == []


def test_a_comment_posted_from_the_form_comes_back_drawn(client, olena, edith):
    article = ready_article(created_by=olena, status="in_review")
    client.force_login(edith)
    response = client.post(
        comment_url(article),
        {"text": "Name the <b>spokeswoman</b>?"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    question = DeskComment.objects.get()
    answer = response.json()
    assert answer["id"] == question.pk and answer["thread"] is None
    assert f'id="comment-{question.pk}"' in answer["html"]
    assert "Name the &lt;b&gt;spokeswoman&lt;/b&gt;?" in answer["html"]  # escaped
    assert 'name="parent"' in answer["html"]  # its reply form
    client.force_login(olena)
    reply = client.post(
        comment_url(article),
        {"text": "Iryna Koval.", "parent": question.pk},
        HTTP_ACCEPT="application/json",
    ).json()
    assert reply["thread"] == question.pk and "desk-reply" in reply["html"]
    refused = client.post(comment_url(article), {"text": " "}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"error": "Write a comment first."}
    assert DeskComment.objects.count() == 2
