"""A new story: kept as a draft once it has a headline and body text, with its writer's byline;
its address follows the headline until it is first scheduled or published."""

import json

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, WorkingCopy
from tests.desk import change_url, form_data
from tests.factories import ArticleFactory, AuthorFactory, ready_article

pytestmark = pytest.mark.django_db
S = Article.Status
NEW = reverse("admin:articles_article_autosave_new")
ADD = reverse("admin:articles_article_add")


@pytest.fixture
def olena(olena):
    """The shared writer, with her author profile."""
    AuthorFactory(name="Olena Marchenko", user=olena)
    return olena


def autosave(client, **fields):
    return client.post(NEW, json.dumps({"fields": fields}), content_type="application/json")


def add_form(**overrides):
    return {
        "title": "",
        "dek": "",
        "body": "",
        "tags": "",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
        "_continue": "1",
        **overrides,
    }


# Drafts only with a headline and body text --------------------------------------------------


def test_an_abandoned_write_a_story_tab_leaves_no_draft_behind(client, olena):
    client.force_login(olena)
    response = autosave(client, title="Metro reopens after repairs")
    assert response.status_code == 200 and "created" not in response.json()
    assert not Article.objects.exists()
    # The headline waits in the writer's working copy, offered back on the next new story.
    assert WorkingCopy.objects.get(article=None).data["title"] == "Metro reopens after repairs"
    assert "You have unsaved changes" in client.get(ADD).content.decode()


def test_two_abandoned_tabs_leave_the_clean_address_to_the_story_that_is_written(client, olena):
    client.force_login(olena)
    for _ in range(2):
        autosave(client, title="Metro reopens after repairs", body="<p></p>")
    response = autosave(
        client, title="Metro reopens after repairs", body="<p>Trains run every six minutes.</p>"
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "metro-reopens-after-repairs"
    assert Article.objects.count() == 1


def test_the_add_form_keeps_nothing_without_body_text_and_says_why(client, olena):
    client.force_login(olena)
    response = client.post(ADD, add_form(title="Metro reopens"))
    assert response.status_code == 200
    assert "A new story is kept once it has a headline and some body text" in (
        response.content.decode()
    )
    assert not Article.objects.exists()
    response = client.post(ADD, add_form(title="Metro reopens", body="<p>Trains run.</p>"))
    assert response.status_code == 302
    assert Article.objects.get().title == "Metro reopens"


def test_the_workflow_refuses_a_new_story_without_body_text(edith):
    with pytest.raises(workflow.WorkflowError, match="headline and some body text"):
        workflow.save_article(Article(title="Empty"), by=edith, expected_version=None)
    assert not Article.objects.exists()
    assert workflow.starts_a_draft("Headline", "<p>Text</p>")
    assert not workflow.starts_a_draft(" \n", "<p>Text</p>")
    assert not workflow.starts_a_draft("Headline", "<p> </p><p><br></p>")


# The writer's byline ---------------------------------------------------------------------------


def test_a_story_started_by_autosave_carries_its_writers_byline(client, olena):
    client.force_login(olena)
    response = autosave(client, title="Metro reopens", body="<p>Trains run again.</p>")
    article = Article.objects.get(pk=response.json()["id"])
    assert [b.author.name for b in article.bylines.all()] == ["Olena Marchenko"]
    # Its first revision (what a restore brings back) has it too.
    (revision,) = article.revisions.all()
    assert revision.data["bylines"] == [[article.bylines.get().author_id, "by", 0]]


def test_the_new_story_form_shows_the_writers_byline_and_saves_it_once(client, olena):
    client.force_login(olena)
    html = client.get(ADD).content.decode()
    author = olena.author
    assert f'<option value="{author.pk}" selected>Olena Marchenko</option>' in html
    # Autosave made the draft (with the byline) while the form, opened before, still shows
    # the byline as a new row: saving the form keeps one byline, not an error.
    created = autosave(client, title="Metro reopens", body="<p>Trains run again.</p>").json()
    data = add_form(
        title="Metro reopens",
        body="<p>Trains run again, every six minutes.</p>",
        base_version=created["version"],
        **{
            "bylines-TOTAL_FORMS": 1,
            "bylines-0-author": author.pk,
            "bylines-0-role": "by",
            "bylines-0-position": 0,
        },
    )
    response = client.post(change_url(Article(pk=created["id"])), data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert [b.author.name for b in article.bylines.all()] == ["Olena Marchenko"]
    assert "every six minutes" in article.body


def test_a_story_given_other_bylines_or_by_someone_without_a_profile_gets_no_extra_one(
    client, olena, edith
):
    other = AuthorFactory(name="Taras Bondar")
    client.force_login(olena)
    data = add_form(
        title="Metro reopens",
        body="<p>Trains run.</p>",
        **{
            "bylines-TOTAL_FORMS": 1,
            "bylines-0-author": other.pk,
            "bylines-0-role": "by",
            "bylines-0-position": 0,
        },
    )
    assert client.post(ADD, data).status_code == 302
    assert [b.author.name for b in Article.objects.get().bylines.all()] == ["Taras Bondar"]
    client.force_login(edith)  # no author profile
    tram = add_form(title="Tram news", slug="tram-news", body="<p>Trams too.</p>")
    assert client.post(ADD, tram).status_code == 302
    assert not Article.objects.get(title="Tram news").bylines.exists()


# The address follows the headline -------------------------------------------------------------


def test_a_drafts_address_follows_its_headline_until_it_is_published(edith):
    article = workflow.save_article(
        Article(title="Untitled repairs", body="<p>Text.</p>"), by=edith, expected_version=None
    )
    assert article.slug == "untitled-repairs"
    article.title = "Metro reopens after repairs"
    workflow.save_article(article, by=edith, expected_version=article.version)
    assert Article.objects.get().slug == "metro-reopens-after-repairs"

    article = ready_article(status=S.DRAFT, title="Metro reopens", slug="metro-reopens")
    workflow.submit(article, by=edith)
    article.title = "Metro reopens on Monday"
    workflow.save_article(article, by=edith, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).slug == "metro-reopens-on-monday"  # in review too
    workflow.publish(article, by=edith)
    article.refresh_from_db()
    article.title = "Metro reopened on Monday"
    workflow.save_article(article, by=edith, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).slug == "metro-reopens-on-monday"  # fixed now


def test_an_address_set_by_hand_stays(client, edith):
    article = ready_article(status=S.DRAFT, title="Metro reopens", slug="metro-reopens")
    client.force_login(edith)
    client.post(change_url(article), form_data(article, title="Metro reopens", slug="metro"))
    article.refresh_from_db()
    assert article.slug == "metro"
    client.post(change_url(article), form_data(article, title="Metro reopens on Monday"))
    assert Article.objects.get(pk=article.pk).slug == "metro"


def test_the_address_takes_the_headlines_own_when_it_is_free_at_publication(edith):
    abandoned = ArticleFactory(title="Metro reopens", slug="metro-reopens")
    story = ready_article(status=S.IN_REVIEW, title="Metro reopens", slug="metro-reopens-2")
    article = Article.objects.get(pk=story.pk)
    article.dek = "Trains every six minutes."
    workflow.save_article(article, by=edith, expected_version=article.version)
    assert Article.objects.get(pk=story.pk).slug == "metro-reopens-2"  # the clean one is taken
    abandoned.delete()
    workflow.publish(article, by=edith)
    assert Article.objects.get(pk=story.pk).slug == "metro-reopens"


def test_a_new_headline_that_is_taken_gets_a_number_and_never_another_storys_address(edith):
    ArticleFactory(title="Power is back", slug="power-is-back", status=S.PUBLISHED)
    article = ready_article(status=S.DRAFT, title="Grid repaired", slug="grid-repaired")
    article.title = "Power is back"
    workflow.save_article(article, by=edith, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).slug == "power-is-back-2"
    article.title = "Power is back!"  # the same words: the address does not move
    workflow.save_article(article, by=edith, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).slug == "power-is-back-2"
