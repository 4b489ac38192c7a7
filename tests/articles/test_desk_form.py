"""The story form, writing first: one primary action per person and state, the checklist as
ticks, editors-only Advanced, no stock buttons that make no sense for a story."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import desk_form
from articles.models import Article
from tests.desk import change_url, form_data
from tests.factories import ArticleFactory, AuthorFactory, ready_article

pytestmark = pytest.mark.django_db
S = Article.Status


def primary(html: str) -> str:
    """The label of the panel's primary button."""
    match = re.search(r'class="story-primary">([^<]+)</button>', html)
    return match.group(1) if match else ""


def test_a_writers_draft_offers_submit_first_and_hides_slug_and_positions(client, olena):
    article = ready_article(created_by=olena)
    client.force_login(olena)
    html = client.get(change_url(article)).content.decode()
    assert primary(html) == "Submit for review"
    assert 'name="slug"' not in html
    assert 'type="hidden" name="bylines-0-position"' in html
    assert "Advanced" not in html
    for stock in ["_addanother", "_saveasnew", "Save and add another", "Save as new"]:
        assert stock not in html
    assert html.count('name="_continue"') == 1  # one Save


def test_an_editor_reviewing_gets_publish_first_schedule_in_the_newsroom_zone(
    client, edith, settings
):
    article = ready_article(status=S.IN_REVIEW)
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    assert primary(html) == "Publish now"
    assert 'value="request_changes"' in html and 'value="schedule"' in html
    assert f"Publish at ({settings.TIME_ZONE} time)" in html
    # The slug is there for editors, under a collapsed Advanced section.
    assert re.search(r"<details><summary>\s*<h2[^>]*>Advanced</h2>", html)
    assert 'name="slug"' in html


def test_a_published_story_updates_and_offers_no_delete(client, edith):
    article = ready_article(published=True)
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    assert primary(html) == "Update"
    assert 'name="_continue"' in html and 'value="publish"' not in html
    assert 'value="unpublish"' in html and 'value="significant_update"' in html
    assert 'class="deletelink"' not in html


def test_a_draft_an_editor_may_delete_links_to_delete(client, edith):
    article = ready_article()
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    assert 'class="deletelink"' in html


def test_a_writer_reading_a_story_in_review_gets_no_action(client, olena):
    article = ready_article(status=S.IN_REVIEW, created_by=olena)
    client.force_login(olena)
    html = client.get(change_url(article)).content.decode()
    assert primary(html) == ""
    assert 'name="_workflow"' not in html


def test_the_checklist_ticks_what_the_story_has(client, edith):
    article = ArticleFactory(dek="", lead_image=None)
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    found = re.findall(r'<li class="(done|todo)"[^>]*>.*?</span> ([^<]+)<', html)
    ticks = {label: state for state, label in found}
    assert ticks["Headline"] == "done" and ticks["Section"] == "done"
    assert ticks["Standfirst"] == "todo" and ticks["Lead image"] == "todo"
    assert ticks["A byline"] == "todo"
    assert ticks["Alt text on the image"] == "todo"


def test_the_social_card_shows_headline_excerpt_and_address(client, edith, settings):
    article = ready_article(title="Grid restored in Kharkiv", slug="grid-restored")
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    card = html[html.index("In search and when shared") :]
    assert f"{settings.SITE_URL}/news/grid-restored/" in card
    assert "Grid restored in Kharkiv" in card and article.excerpt in card
    assert 'class="social-card-img"' in card


def test_the_social_card_address_is_the_one_the_site_serves(settings):
    settings.ROOT_URLCONF = "tests.articles.urls_elsewhere"
    article = ArticleFactory(slug="grid-restored")
    assert desk_form.social_card(article)["url"] == f"{settings.SITE_URL}/elsewhere/grid-restored/"
    # A new story has no slug yet: desk-form.js puts the headline's in place of "…".
    assert desk_form.social_card(None)["url"] == f"{settings.SITE_URL}/elsewhere/…/"


def test_a_writers_new_story_takes_its_address_from_the_headline(client, olena):
    ArticleFactory(slug="council-approves-budget")
    client.force_login(olena)
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Council approves\nbudget",
            "slug": "writers-cannot-choose-this",
            "dek": "",
            "body": "<p>Text.</p>",
            "tags": "",
            "bylines-TOTAL_FORMS": 0,
            "bylines-INITIAL_FORMS": 0,
            "_continue": "1",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(created_by=olena)
    assert article.title == "Council approves budget"
    assert article.slug == "council-approves-budget-2"


def test_bylines_keep_the_order_the_hidden_positions_give(client, edith):
    first, second = AuthorFactory(name="First"), AuthorFactory(name="Second")
    article = ArticleFactory(authors=[first, second])
    client.force_login(edith)
    data = form_data(article)
    data["bylines-0-position"], data["bylines-1-position"] = 1, 0
    client.post(change_url(article), data)
    assert [b.author.name for b in article.bylines.order_by("position")] == ["Second", "First"]


def test_a_scheduled_story_shows_its_time_in_the_schedule_box(client, edith):
    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    article = ready_article(status=S.SCHEDULED, published_at=at)
    client.force_login(edith)
    html = client.get(change_url(article)).content.decode()
    assert f'value="{at.strftime("%Y-%m-%dT%H:%M")}"' in html
    assert primary(html) == "Save changes"
