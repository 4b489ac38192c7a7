"""Review on the desk in plain words: the change request heads the writer's form, writers
withdraw a submission, the history reads as sentences, messages say what happened, times are
24-hour in the newsroom's zone and people are named by their names."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import formats, timezone

from articles import workflow
from articles.models import Article, WorkflowEvent
from tests.desk import change_url, form_data
from tests.factories import ArticleFactory, ImageFactory, editor, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status
KYIV = ZoneInfo("Europe/Kyiv")


def banner(html: str) -> str:
    found = re.search(r'<section class="story-change-request".*?</section>', html, re.S)
    return found.group(0) if found else ""


def history(html: str) -> list[str]:
    block = html[html.index('id="workflow-history"') :]
    block = block[: block.index("</ol>")]
    items = re.findall(r"<li>(.*?)</li>", block, re.S)
    return [re.sub(r"<[^>]+>", "", item).split(" · ", 1)[-1].strip() for item in items]


# The change request on the writer's form ------------------------------------------------------


def test_the_change_request_heads_the_writers_form_until_the_story_is_resubmitted(
    client, olena, edith
):
    article = ready_article(status=S.DRAFT, created_by=olena)
    workflow.submit(article, by=olena)
    workflow.request_changes(article, by=edith, comment="Name the spokeswoman.\nCheck the table.")
    client.force_login(olena)
    html = client.get(change_url(article)).content.decode()
    shown = banner(html)
    assert "Edith Keller requested changes" in shown
    assert "Name the spokeswoman.<br>Check the table." in shown
    # Above the headline, not only in the history.
    assert html.index("story-change-request") < html.index('name="title"')
    article.refresh_from_db()
    client.post(change_url(article), form_data(article, _workflow="submit"))
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert banner(client.get(change_url(article)).content.decode()) == ""


def test_a_story_never_sent_back_has_no_change_request(client, olena):
    article = ready_article(status=S.DRAFT, created_by=olena)
    client.force_login(olena)
    assert banner(client.get(change_url(article)).content.decode()) == ""


# Withdrawing a submission ---------------------------------------------------------------------


def test_a_writer_withdraws_a_submitted_story_from_its_page(client, olena, edith):
    article = ready_article(status=S.IN_REVIEW, created_by=olena)
    client.force_login(olena)
    html = client.get(change_url(article)).content.decode()
    assert "Withdraw from review" in html and 'id="withdraw-form"' in html
    url = reverse("admin:articles_article_withdraw", args=[article.pk])
    assert client.get(url).status_code == 302  # a GET changes nothing
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    response = client.post(url, follow=True)
    assert "Withdrawn from review: the story is a draft again" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert article.events.first().action == "withdraw"
    # An editor sees no such button on someone else's story.
    workflow.submit(article, by=olena)
    client.force_login(edith)
    assert "Withdraw from review" not in client.get(change_url(article)).content.decode()
    assert client.post(url).status_code == 403
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_withdrawing_a_story_that_was_published_meanwhile_says_why_and_changes_nothing(
    client, olena, edith
):
    article = ready_article(status=S.IN_REVIEW, created_by=olena)
    workflow.publish(article, by=edith)
    client.force_login(olena)
    url = reverse("admin:articles_article_withdraw", args=[article.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Not withdrawn: cannot withdraw from review: the story is published" in (
        response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED


def test_another_writer_cannot_withdraw_a_story_or_learn_it_exists(client, olena):
    article = ready_article(status=S.IN_REVIEW, created_by=olena)
    client.force_login(writer(username="oscar"))
    url = reverse("admin:articles_article_withdraw", args=[article.pk])
    assert client.post(url).status_code == 404
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


# Plain words ----------------------------------------------------------------------------------


def test_the_history_reads_as_sentences_with_full_names(client, olena, edith):
    with time_machine.travel(datetime(2026, 12, 7, 17, 39, tzinfo=KYIV), tick=False):
        article = ready_article(status=S.DRAFT, created_by=olena)
        workflow.submit(article, by=olena)
        workflow.request_changes(article, by=edith, comment="Name the spokeswoman.")
        workflow.submit(article, by=olena)
        workflow.withdraw(article, by=olena)
        workflow.submit(article, by=olena)
        workflow.schedule(article, by=edith, at=datetime(2026, 12, 14, 18, 0, tzinfo=KYIV))
    with time_machine.travel(datetime(2026, 12, 14, 18, 0, 10, tzinfo=KYIV), tick=False):
        workflow.publish_due()
    with time_machine.travel(datetime(2026, 12, 15, 9, 0, tzinfo=KYIV), tick=False):
        client.force_login(edith)
        html = client.get(change_url(article)).content.decode()
    assert history(html) == [
        "Published at its scheduled time",
        "Edith Keller scheduled this for 14 Dec, 18:00",
        "Olena Marchenko submitted this for review",
        "Olena Marchenko withdrew this from review",
        "Olena Marchenko submitted this for review",
        "Edith Keller requested changes: Name the spokeswoman.",
        "Olena Marchenko submitted this for review",
    ]
    assert "→" not in html[html.index('id="workflow-history"') :]
    assert '<time datetime="2026-12-07T17:39:00+02:00" ' in html
    assert ">7 Dec, 17:39</time>" in html


def test_events_of_every_kind_have_a_sentence(edith):
    article = ArticleFactory(title="Grid restored")
    event = WorkflowEvent(article=article, action="import", actor=None, comment="")
    assert workflow.event_sentence(event) == "Imported from Ghost"
    event = WorkflowEvent(article=article, action="create", actor=edith, comment="Created")
    assert workflow.event_sentence(event) == "Edith Keller started this story"
    event = WorkflowEvent(
        article=article, action="restore", actor=edith, comment="Restored version 3"
    )
    assert workflow.event_sentence(event) == "Edith Keller restored version 3"
    event = WorkflowEvent(article=article, action="schedule_failed", comment="a lead image")
    assert workflow.event_sentence(event) == (
        "Not published at its scheduled time: it still needs a lead image"
    )
    nameless = editor(username="night-desk")
    event = WorkflowEvent(article=article, action="unpublish", actor=nameless, comment="Legal")
    assert workflow.event_sentence(event) == "night-desk took this down: Legal"
    unknown = WorkflowEvent(article=article, action="something_new", actor=edith)
    assert workflow.event_sentence(unknown) == "Edith Keller: something new"


def test_a_refused_move_says_saved_and_what_did_not_happen(client, edith):
    article = ready_article(status=S.IN_REVIEW, dek="")
    client.force_login(edith)
    response = client.post(
        change_url(article), form_data(article, _workflow="publish"), follow=True
    )
    html = response.content.decode()
    assert "Saved. Not published: it still needs a standfirst (dek)." in html
    assert "Saved, but not moved on" not in html
    article.refresh_from_db()
    response = client.post(
        change_url(article),
        form_data(article, dek="Trains are back.", _workflow="publish"),
        follow=True,
    )
    assert "Saved and published." in response.content.decode()


def test_django_admins_own_pages_say_times_in_24_hours(client, edith):
    at = datetime(2026, 12, 7, 17, 39, tzinfo=KYIV)
    assert formats.date_format(timezone.localtime(at), "DATETIME_FORMAT") == "7 Dec 2026, 17:39"
    assert formats.time_format(timezone.localtime(at)) == "17:39"
    article = ArticleFactory()
    LogEntry.objects.create(
        user=edith,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=article.title,
        action_flag=CHANGE,
        action_time=at,
    )
    client.force_login(edith)
    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "7 Dec 2026, 17:39" in html and "p.m." not in html


def test_corrections_and_pictures_name_people_by_their_full_name(client, edith):
    article = ready_article(status=S.PUBLISHED)
    workflow.add_correction(article, by=edith, text="The bridge is 300 m long, not 3 km.")
    photo = ImageFactory(uploaded_by=edith)
    client.force_login(edith)
    corrections = client.get(reverse("admin:articles_correction_changelist")).content.decode()
    picture = client.get(reverse("admin:media_image_change", args=[photo.pk])).content.decode()
    for html in (corrections, picture):
        assert "Edith Keller" in html and ">edith<" not in html
