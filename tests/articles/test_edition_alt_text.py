"""A lead image's alt text per edition: the library's picture is shared by the languages, and
a story may describe it in its own language (Article.lead_image_alt), as it may caption it."""

import pytest

from articles import workflow
from articles.models import Article
from tests.factories import ImageFactory, edition_of, editor, ready_article

pytestmark = pytest.mark.django_db


def test_the_storys_own_alt_text_stands_in_for_the_librarys_in_the_checklist():
    story = ready_article(lead_image=ImageFactory(alt_text="", credit="Meridian"))
    assert workflow.publish_checklist(story) == ["alt text on the lead image"]
    story.lead_image_alt = "Трансформатор на підстанції"
    assert workflow.publish_checklist(story) == []


def test_readers_get_the_editions_alt_text_and_the_librarys_where_it_has_none(
    client, two_languages
):
    image = ImageFactory(alt_text="A transformer at the substation")
    english = ready_article(lead_image=image, published=True)
    ukrainian = edition_of(
        english,
        lead_image=image,
        lead_image_alt="Трансформатор на підстанції",
        status=Article.Status.PUBLISHED,
        published_at=english.published_at,
    )
    english_page = client.get(english.get_absolute_url()).content.decode()
    ukrainian_page = client.get(ukrainian.get_absolute_url()).content.decode()
    assert 'alt="A transformer at the substation"' in english_page
    assert 'alt="Трансформатор на підстанції"' in ukrainian_page
    assert "A transformer at the substation" not in ukrainian_page.split("<article")[1]


def test_the_alt_text_is_kept_in_revisions_and_restored(two_languages):
    edith = editor(username="edith")
    story = ready_article()
    story.lead_image_alt = "First words"
    workflow.save_article(story, by=edith, expected_version=story.version)
    first = story.revisions.get()
    story.lead_image_alt = "Second words"
    workflow.save_article(story, by=edith, expected_version=story.version)
    workflow.restore_revision(first, by=edith)
    story.refresh_from_db()
    assert story.lead_image_alt == "First words"


def test_autosave_keeps_the_alt_text_typed_and_the_form_offers_the_field(client, olena):
    import json

    from django.urls import reverse

    from articles.models import WorkingCopy
    from tests.factories import ArticleFactory

    article = ArticleFactory(created_by=olena)
    client.force_login(olena)
    form = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'name="lead_image_alt"' in form.content.decode()
    response = client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]),
        json.dumps({"fields": {"lead_image_alt": "Бригада біля трансформатора"}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    copy = WorkingCopy.objects.get(article=article, user=olena)
    assert copy.data["lead_image_alt"] == "Бригада біля трансформатора"
