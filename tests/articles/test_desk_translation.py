"""A story's languages on the desk: "Translate into Ukrainian" on the story's form, the
edition's language, source and stale notice with "Mark as up to date", the story list by
language, a new story's language; and a newsroom in one language, whose desk shows none of it."""

import json
import re

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, WorkflowEvent
from tests.desk import change_url, form_data
from tests.factories import AuthorFactory, SectionFactory, edition_of, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status
ADD = reverse("admin:articles_article_add")
LIST = reverse("admin:articles_article_changelist")
BOARD = reverse("admin:articles_article_translations")


def translate_url(article):
    return reverse("admin:articles_article_translate", args=[article.pk])


def up_to_date_url(article):
    return reverse("admin:articles_article_mark_up_to_date", args=[article.pk])


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def section(html: str, marker: str) -> str:
    """The <section> whose opening tag carries `marker`, with the sections inside it ("" when
    the page has none)."""
    start = re.search(rf"<section[^>]*{marker}[^>]*>", html)
    if start is None:
        return ""
    depth = 0
    for tag in re.finditer(r"<(/?)section\b", html[start.start() :]):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return html[start.start() : start.start() + tag.end()]
    return ""


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def story(edith):
    article = ready_article(
        title="Metro reopens after repairs", slug="metro-reopens", published=True
    )
    article.dek = "Trains run every six minutes again."
    return workflow.save_article(article, by=edith, expected_version=article.version)


def saved(story, by, **changes):
    story.refresh_from_db()
    for field, value in changes.items():
        setattr(story, field, value)
    return workflow.save_article(story, by=by, expected_version=story.version)


# One language: nothing changes ------------------------------------------------------------------


def test_a_newsroom_in_one_language_shows_no_language_on_the_desk(client, edith, story):
    client.force_login(edith)
    form = client.get(change_url(story)).content.decode()
    assert "Languages" not in form and "Translate into" not in form
    assert 'id="story-language"' not in form and "desk-translations.css" not in form
    new = client.get(ADD).content.decode()
    assert 'name="language"' not in new and "Language" not in new
    listing = client.get(LIST).content.decode()
    assert "column-language_name" not in listing
    assert "By language" not in listing and "?language=" not in listing
    assert "Translations" not in listing
    assert "Translations" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(BOARD).status_code == 404


def test_a_newsroom_in_one_language_refuses_a_translation(client, edith, story):
    client.force_login(edith)
    response = client.post(translate_url(story), {"language": "uk"})
    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    assert messages_of(response) == [
        "Not translated: The newsroom does not publish in “uk”: its languages are English."
    ]
    assert Article.objects.count() == 1


# Translating from the story's form ------------------------------------------------------------


def test_the_storys_form_offers_a_translation_into_each_missing_language(
    two_languages, client, edith, story
):
    client.force_login(edith)
    html = client.get(change_url(story)).content.decode()
    box = section(html, 'class="story-box story-editions"')
    assert "This edition is in English." in text(box)
    assert 'form="translate-form" name="language" value="uk"' in box
    assert "Translate into Ukrainian" in box
    assert f'action="{translate_url(story)}"' in html
    assert 'id="story-language">English<' in html


def test_translate_opens_the_new_edition_with_the_story_in_it(two_languages, client, edith, story):
    client.force_login(edith)
    response = client.post(translate_url(story), {"language": "uk"})
    edition = Article.objects.get(language="uk")
    assert response.status_code == 302
    assert response["Location"] == change_url(edition)
    assert messages_of(response) == [
        "The Ukrainian edition is started as a draft with the English text in it: write the "
        "Ukrainian over it, then submit it or publish it."
    ]
    html = client.get(change_url(edition)).content.decode()
    assert 'id="story-language">Ukrainian<' in html
    box = text(section(html, 'class="story-box story-editions"'))
    assert "This edition is in Ukrainian, translated from the English edition." in box
    assert f'href="{change_url(story)}"' in section(html, 'class="story-box story-editions"')
    assert "Metro reopens after repairs" in html  # the English text, to write over
    assert "Edith Keller translated this into Ukrainian from the English" in html
    # The English form now links its Ukrainian edition, with its state.
    english = section(client.get(change_url(story)).content.decode(), "story-editions")
    assert f'href="{change_url(edition)}"' in english
    assert "Draft" in text(english) and "Translate into" not in english


def test_a_second_translation_opens_the_edition_there_is(two_languages, client, edith, story):
    edition = workflow.translate(story, "uk", by=edith)
    client.force_login(edith)
    response = client.post(translate_url(story), {"language": "uk"})
    assert response["Location"] == change_url(edition)
    assert messages_of(response) == ["This story already has a Ukrainian edition. Here it is."]
    assert Article.objects.filter(language="uk").count() == 1


@pytest.mark.parametrize("language", ["en", "pl", "", "uk\x00"])
def test_a_translation_into_no_language_it_lacks_is_refused_and_makes_nothing(
    two_languages, client, edith, story, language
):
    client.force_login(edith)
    response = client.post(translate_url(story), {"language": language})
    assert response.status_code == 302 and response["Location"] == change_url(story)
    assert messages_of(response)[0].startswith("Not translated: ")
    assert Article.objects.count() == 1


def test_translate_only_answers_a_post(two_languages, client, edith, story):
    client.force_login(edith)
    response = client.get(translate_url(story), {"language": "uk"})
    assert response.status_code == 302 and response["Location"] == change_url(story)
    assert Article.objects.count() == 1


def test_a_writer_translates_a_published_story_into_their_own_draft(
    two_languages, client, olena, story
):
    AuthorFactory(name="Olena Marchenko", user=olena)
    client.force_login(olena)
    assert "Translate into Ukrainian" in client.get(change_url(story)).content.decode()
    response = client.post(translate_url(story), {"language": "uk"})
    edition = Article.objects.get(language="uk")
    assert response["Location"] == change_url(edition)
    html = client.get(change_url(edition)).content.decode()
    assert 'value="submit"' in html  # theirs to submit
    assert edition.bylines.filter(author__user=olena, role="translator").exists()


def test_a_writer_learns_nothing_of_another_writers_draft_through_translate(
    two_languages, client, olena
):
    draft = ready_article(created_by=writer(username="wanda"), title="Port merger talks")
    client.force_login(olena)
    response = client.post(translate_url(draft), {"language": "uk"})
    assert response.status_code == 404
    assert not Article.objects.filter(language="uk").exists()


def test_another_writers_edition_in_progress_shows_as_under_way(
    two_languages, client, olena, story
):
    edition_of(story, created_by=writer(username="wanda"), title="Таємна чернетка")
    client.force_login(olena)
    html = client.get(change_url(story)).content.decode()
    box = section(html, "story-editions")
    assert "being translated" in box
    assert "Таємна чернетка" not in html and "Translate into" not in box


# The stale notice ------------------------------------------------------------------------------


@pytest.fixture
def edition(two_languages, edith, story):
    edition = workflow.translate(story, "uk", by=edith)
    return saved(edition, edith, title="Метро знову працює після ремонту")


def test_an_up_to_date_edition_shows_no_notice(client, edith, edition):
    client.force_login(edith)
    html = client.get(change_url(edition)).content.decode()
    assert 'id="source-changes"' not in html and "Mark as up to date" not in html


def test_a_stale_edition_shows_the_sources_changes_and_marks_up_to_date(
    client, edith, story, edition
):
    saved(story, edith, title="Metro reopens after long repairs")
    client.force_login(edith)
    html = client.get(change_url(edition)).content.decode()
    notice = section(html, 'id="source-changes"')
    assert "The English text has changed since this edition was brought up to date" in notice
    assert "What changed: headline" in text(notice)
    assert "<ins>long </ins>" in notice
    assert 'form="up-to-date-form"' in notice and "Mark as up to date" in notice
    assert f'action="{up_to_date_url(edition)}"' in html
    # The English form marks its Ukrainian edition stale, linking to the changes.
    english = section(client.get(change_url(story)).content.decode(), "story-editions")
    stale_link = f'{change_url(edition)}?changes=1#source-changes" class="desk-badge'
    assert stale_link in english and ">Stale<" in english
    # Opened from there, the changes are shown at once.
    opened = client.get(change_url(edition), {"changes": "1"}).content.decode()
    assert '<details class="story-stale-diff" open>' in opened

    response = client.post(up_to_date_url(edition))
    assert response.status_code == 302 and response["Location"] == change_url(edition)
    assert messages_of(response)[0].startswith("Marked up to date with the English edition")
    html = client.get(change_url(edition)).content.decode()
    assert 'id="source-changes"' not in html
    assert "Edith Keller marked this up to date with the English edition&#x27;s version" in html


def test_a_change_to_the_sources_section_leaves_the_edition_up_to_date(
    client, edith, story, edition
):
    saved(story, edith, section=SectionFactory(name="City"))
    client.force_login(edith)
    assert 'id="source-changes"' not in client.get(change_url(edition)).content.decode()


def test_only_editors_and_the_editions_writer_mark_it_up_to_date(
    two_languages, client, edith, olena, story
):
    edition = workflow.translate(story, "uk", by=olena)
    workflow.submit(edition, by=olena)
    workflow.publish(edition, by=edith)
    saved(story, edith, title="Metro reopens after long repairs")
    wanda = writer(username="wanda")
    client.force_login(wanda)
    # Published: Wanda may open it, and is shown the changes but no button.
    html = client.get(change_url(edition)).content.decode()
    assert 'id="source-changes"' in html and "Mark as up to date" not in html
    assert client.post(up_to_date_url(edition)).status_code == 403
    assert workflow.is_stale(edition)
    client.force_login(olena)
    assert "Mark as up to date" in client.get(change_url(edition)).content.decode()
    client.post(up_to_date_url(edition))
    assert not workflow.is_stale(edition)


def test_mark_up_to_date_only_answers_a_post_and_changes_nothing_else(
    client, edith, story, edition
):
    saved(story, edith, dek="Trains run every five minutes.")
    client.force_login(edith)
    response = client.get(up_to_date_url(edition))
    assert response.status_code == 302
    assert workflow.is_stale(edition)
    assert not WorkflowEvent.objects.filter(action="mark_up_to_date").exists()


def test_an_edition_of_its_own_cannot_be_marked_up_to_date(two_languages, client, edith):
    ukrainian = ready_article(language="uk")
    client.force_login(edith)
    response = client.post(up_to_date_url(ukrainian))
    assert response.status_code == 302
    assert messages_of(response) == [
        "Not marked up to date: This edition was not translated from another: nothing to follow."
    ]


# The story list and a new story's language -----------------------------------------------------


def test_the_story_list_shows_and_filters_by_language(two_languages, client, edith, story):
    edition = edition_of(story, title="Метро знову працює")
    client.force_login(edith)
    html = client.get(LIST).content.decode()
    assert "column-language_name" in html
    assert "?language=uk" in html and f'href="{BOARD}"' in html
    ukrainian = client.get(LIST, {"language": "uk"}).content.decode()
    assert "Метро знову працює" in ukrainian and "Metro reopens after repairs" not in ukrainian
    assert edition.pk


def test_a_new_story_is_written_in_the_language_chosen(two_languages, client, edith):
    client.force_login(edith)
    html = client.get(ADD).content.decode()
    select = re.search(r'<select name="language"[^>]*>.*?</select>', html, re.S).group(0)
    assert '<option value="en" selected>English</option>' in select
    assert '<option value="uk">Ukrainian</option>' in select
    data = {
        "title": "Метро знову працює",
        "dek": "",
        "body": "<p>Червона лінія відкрилася на світанку.</p>",
        "language": "uk",
        "tags": "",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "_continue": "1",
    }
    response = client.post(ADD, data)
    assert response.status_code == 302
    story = Article.objects.get()
    assert story.language == "uk"
    assert story.get_absolute_url() == "/uk/news/metro-znovu-pratsiuie/"


def test_a_new_story_in_no_language_of_ours_is_refused(two_languages, client, edith):
    client.force_login(edith)
    data = {
        "title": "Metro reopens",
        "body": "<p>Text.</p>",
        "language": "pl",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
    }
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


def test_a_storys_language_is_never_changed_by_its_form(two_languages, client, edith, story):
    client.force_login(edith)
    html = client.get(change_url(story)).content.decode()
    assert '<select name="language"' not in html
    response = client.post(change_url(story), form_data(story, language="uk", _continue="1"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.language == "en"


def test_autosave_makes_a_new_story_in_the_language_chosen(two_languages, client, olena):
    client.force_login(olena)
    fields = {"title": "Метро знову працює", "body": "<p>Текст.</p>", "language": "uk"}
    response = client.post(
        reverse("admin:articles_article_autosave_new"),
        json.dumps({"fields": fields}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Article.objects.get().language == "uk"
