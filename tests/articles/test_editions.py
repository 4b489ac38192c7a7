"""A story's editions: one row per language sharing a translation key, each with its own
address within its language."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from articles.models import Article, ArticleAuthor
from authors import languages
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, edition_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_one_language_by_default_and_every_story_in_it():
    assert languages.codes() == ["en"]
    assert ArticleFactory().language == "en"


def test_editions_of_a_story_share_its_key_and_may_share_its_slug(two_languages):
    english = ArticleFactory(slug="metro-reopens")
    ukrainian = edition_of(english, slug="metro-reopens")
    assert ukrainian.translation_key == english.translation_key
    assert english.get_absolute_url() == "/news/metro-reopens/"
    assert ukrainian.get_absolute_url() == "/uk/news/metro-reopens/"


def test_a_slug_is_unique_within_its_language():
    ArticleFactory(slug="metro-reopens")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="metro-reopens")


def test_a_story_has_one_edition_per_language(two_languages):
    english = ArticleFactory()
    edition_of(english)
    with pytest.raises(IntegrityError), transaction.atomic():
        edition_of(english, slug="another-address")


def test_new_stories_get_keys_of_their_own():
    assert ArticleFactory().translation_key != ArticleFactory().translation_key


def test_the_migration_gives_every_existing_story_a_key_of_its_own():
    stories = [ArticleFactory() for _ in range(3)]
    migration = importlib.import_module("articles.migrations.0022_editions")
    migration.give_each_story_a_key(apps, None)
    keys = set(Article.objects.values_list("translation_key", flat=True))
    assert len(keys) == 3
    assert not keys & {story.translation_key for story in stories}


def test_a_new_storys_address_is_free_within_its_own_language(two_languages, edith):
    from articles import workflow

    english = ArticleFactory(slug="council-votes")
    assert workflow.free_slug("Council votes") == "council-votes-2"
    assert workflow.free_slug("Council votes", language="uk") == "council-votes"
    edition_of(english, slug="council-votes")
    assert workflow.free_slug("Council votes", language="uk") == "council-votes-2"


def test_sections_and_authors_have_text_per_language(two_languages):
    section = SectionFactory(name="Politics", translations={"uk": {"name": "Політика"}})
    author = AuthorFactory(role="News Editor", translations={"uk": {"role": "Редакторка"}})
    assert (section.name_in("en"), section.name_in("uk")) == ("Politics", "Політика")
    # No Ukrainian description given: the main language's stands in.
    assert section.description_in("uk") == section.description
    assert (author.role_in("en"), author.role_in("uk")) == ("News Editor", "Редакторка")
    assert author.bio_in("uk") == author.bio
    assert author.get_absolute_url("uk") == f"/uk/authors/{author.slug}/"


def test_a_translator_is_credited_as_such(two_languages):
    edition = edition_of(ArticleFactory())
    byline = ArticleAuthor.objects.create(
        article=edition, author=AuthorFactory(), role=ArticleAuthor.Role.TRANSLATOR
    )
    assert str(byline).startswith("Translated by ")


@pytest.mark.parametrize(
    ("value", "message"),
    [("en,xx", "'xx' is not a language code"), ("en,uk,en", "names a language twice")],
)
def test_a_wrong_language_setting_is_refused_with_a_clear_message(value, message):
    env = {**os.environ, "NEWSROOM_LANGUAGES": value}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_linking_two_stories_makes_them_editions_of_one(two_languages, edith):
    from articles import workflow

    english = ArticleFactory()
    workflow.save_article(english, by=edith, expected_version=english.version)
    ukrainian = ArticleFactory(language="uk")
    assert workflow.link_edition(english, ukrainian) is True
    ukrainian.refresh_from_db()
    assert ukrainian.translation_key == english.translation_key
    assert ukrainian.translated_from == english
    assert ukrainian.synced_revision == english.revisions.get()
    assert workflow.link_edition(english, ukrainian) is False


@pytest.mark.parametrize(
    "problem", ["same language", "source has an edition", "edition has a sibling"]
)
def test_linking_is_refused_when_it_would_break_one_edition_per_language(two_languages, problem):
    from articles import workflow

    english = ArticleFactory()
    ukrainian = ArticleFactory(language="uk")
    if problem == "same language":
        ukrainian = ArticleFactory()
    elif problem == "source has an edition":
        edition_of(english)
    else:
        ArticleFactory(translation_key=ukrainian.translation_key)
    key = ukrainian.translation_key
    with pytest.raises(workflow.WorkflowError):
        workflow.link_edition(english, ukrainian)
    ukrainian.refresh_from_db()
    assert ukrainian.translation_key == key


def test_a_form_opened_before_a_link_keeps_the_link_when_it_saves(two_languages, edith):
    from articles import workflow

    english = ArticleFactory()
    ukrainian = ArticleFactory(language="uk")
    open_form = Article.objects.get(pk=ukrainian.pk)
    workflow.link_edition(english, ukrainian)
    open_form.title = "Рада ухвалила бюджет"
    workflow.save_article(open_form, by=edith, expected_version=open_form.version)
    ukrainian.refresh_from_db()
    assert ukrainian.title == "Рада ухвалила бюджет"
    assert ukrainian.translation_key == english.translation_key
    assert ukrainian.translated_from == english
