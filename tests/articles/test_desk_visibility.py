"""Who may open which story in the desk: `can_view` and its queryset twin `viewable` agree,
and the desk's doors that take a story (or what it holds) by its id ask them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, WorkflowEvent
from tests.factories import ArticleFactory, AuthorFactory, editor, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status


def test_can_view_and_viewable_agree():
    wanda, walter, edith = writer(username="wanda"), writer(username="walter"), editor()
    stories = []
    for status in S.values:
        published_at = timezone.now() if status in (S.PUBLISHED, S.UNPUBLISHED) else None
        stories.append(ready_article(status=status, created_by=wanda, published_at=published_at))
        stories.append(ready_article(status=status, created_by=walter, published_at=published_at))
    bylined = ready_article(status=S.IN_REVIEW, authors=[AuthorFactory(user=wanda)])
    stories.append(bylined)
    for user in (wanda, walter, edith):
        listed = set(workflow.viewable(user).values_list("pk", flat=True))
        assert listed == {s.pk for s in stories if workflow.can_view(user, s)}, user
    # Writers: their own and bylined stories, and others' only once readers can see them.
    wanda_sees = {s.pk for s in stories if workflow.can_view(wanda, s)}
    others = [s for s in stories if s.created_by == walter]
    assert {s.pk for s in others} & wanda_sees == {s.pk for s in others if s.is_published}
    assert bylined.pk in wanda_sees
    assert len(set(workflow.viewable(edith))) == len(stories)


def _view_on_site(model, pk):
    content_type = ContentType.objects.get_for_model(model)
    return reverse("admin:view_on_site", args=[content_type.pk, pk])


def test_view_on_site_names_no_draft_the_user_cannot_open(client):
    owner = writer()
    draft = ArticleFactory(created_by=owner, slug="secret-merger-talks")
    client.force_login(writer())
    answer = client.get(_view_on_site(Article, draft.pk))
    assert answer.status_code == 404 and "secret-merger-talks" not in answer.get("Location", "")
    # The same as for a story that does not exist, or a model the desk does not show.
    assert client.get(_view_on_site(Article, draft.pk + 100)).status_code == 404
    assert client.get(_view_on_site(WorkflowEvent, 1)).status_code == 404
    assert client.get("/admin/r/abc/x/").status_code == 404
    published = ArticleFactory(published=True)
    assert client.get(_view_on_site(Article, published.pk))["Location"].endswith(
        published.get_absolute_url()
    )
    for allowed in (owner, editor()):
        client.force_login(allowed)
        location = client.get(_view_on_site(Article, draft.pk))["Location"]
        assert location.endswith("/news/secret-merger-talks/")


def test_discarding_unsaved_text_answers_alike_for_a_missing_story_and_one_not_yours(client):
    draft = ArticleFactory(created_by=writer())
    intruder = writer()
    client.force_login(intruder)
    urls = [
        reverse("admin:articles_article_discard", args=[pk]) for pk in (draft.pk + 100, draft.pk)
    ]
    missing, hidden = (client.post(url) for url in urls)
    assert missing.status_code == hidden.status_code == 404
    # The same page, but for the address it repeats.
    assert missing.content.decode().replace(urls[0], "") == hidden.content.decode().replace(
        urls[1], ""
    )
    client.force_login(draft.created_by)
    discarded = client.post(reverse("admin:articles_article_discard", args=[draft.pk]))
    assert discarded.status_code == 302


def test_corrections_are_listed_only_with_a_story_the_user_may_open(client):
    boss = editor()
    story = ready_article(published=True, title="Port deal signed")
    correction = workflow.add_correction(story, by=boss, text="The deal is worth 3m, not 30m.")
    workflow.unpublish(story, by=boss, reason="Legal")
    client.force_login(writer())
    listed = client.get(reverse("admin:articles_correction_changelist")).content.decode()
    assert "Port deal signed" not in listed and "worth 3m" not in listed
    page = client.get(reverse("admin:articles_correction_change", args=[correction.pk]))
    assert page.status_code in (302, 403, 404)
    assert "Port deal signed" not in page.content.decode()
    client.force_login(boss)
    listed = client.get(reverse("admin:articles_correction_changelist")).content.decode()
    assert "Port deal signed" in listed
