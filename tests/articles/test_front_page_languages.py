"""Each language's front page and banner: its own places, its own stories, its own banner; the
section blocks' order shared; a takedown clearing the story's places in its language only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import workflow
from articles.models import Banner, FrontPageSlot, WorkflowEvent
from articles.workflow import ArrangementRefused, Place
from tests.factories import ArticleFactory, edition_of, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def storm(two_languages):
    english = ArticleFactory(published=True, title="Storm closes the port")
    return english, edition_of(english, published=True, title="Шторм закрив порт")


def places(language):
    return dict(FrontPageSlot.objects.filter(language=language).values_list("slot", "article_id"))


def test_a_ukrainian_story_is_refused_on_the_english_front_page_and_nothing_changes(storm):
    english, ukrainian = storm
    workflow.arrange_front_page(places={"top1": Place(english.pk)}, by=editor())
    with pytest.raises(ArrangementRefused) as refused:
        workflow.arrange_front_page(
            places={"lead": Place(ukrainian.pk), "top1": Place(None)}, by=editor()
        )
    assert str(refused.value) == (
        "Lead story: “Шторм закрив порт” is in Ukrainian: the English front page takes "
        "stories in English only."
    )
    assert places("en") == {"top1": english.pk} and places("uk") == {}


def test_each_language_has_its_own_places_and_history_line(storm):
    english, ukrainian = storm
    workflow.arrange_front_page(places={"lead": Place(english.pk)}, by=editor())
    done = workflow.arrange_front_page(
        places={"lead": Place(ukrainian.pk)}, by=editor(), language="uk"
    )
    assert places("en") == {"lead": english.pk} and places("uk") == {"lead": ukrainian.pk}
    assert done[0].startswith("“Шторм закрив порт” is the lead story on the Ukrainian front page")
    event = WorkflowEvent.objects.get(article=ukrainian, action="front_page")
    assert "on the Ukrainian front page" in event.comment
    # Clearing the Ukrainian lead leaves the English one where it is.
    workflow.arrange_front_page(places={"lead": Place(None)}, by=editor(), language="uk")
    assert places("en") == {"lead": english.pk} and places("uk") == {}


def test_an_english_story_is_refused_on_the_ukrainian_front_page_and_its_banner(storm):
    english, _ = storm
    with pytest.raises(ArrangementRefused, match="the Ukrainian front page takes stories in"):
        workflow.arrange_front_page(places={"lead": Place(english.pk)}, by=editor(), language="uk")
    with pytest.raises(ArrangementRefused, match="the banner on Ukrainian pages links stories"):
        workflow.save_banner(None, text="Тривога", article=english, by=editor(), language="uk")
    assert not FrontPageSlot.objects.exists() and not Banner.objects.exists()


def test_a_language_the_newsroom_does_not_publish_in_is_refused(storm):
    english, _ = storm
    with pytest.raises(ArrangementRefused, match="does not publish in that language"):
        workflow.arrange_front_page(places={"lead": Place(english.pk)}, by=editor(), language="de")
    with pytest.raises(ArrangementRefused, match="does not publish in that language"):
        workflow.save_banner(None, text="Alarm", by=editor(), language="de")
    assert not FrontPageSlot.objects.exists() and not Banner.objects.exists()


def test_each_language_has_its_own_banner(storm):
    english, ukrainian = storm
    ours = workflow.save_banner(None, text="Air raid alert", article=english, by=editor())
    theirs = workflow.save_banner(
        None, text="Повітряна тривога", article=ukrainian, by=editor(), language="uk"
    )
    assert (ours.language, theirs.language) == ("en", "uk")
    assert workflow.current_banner() == ours
    assert workflow.current_banner(language="uk") == theirs
    # Changing a banner keeps it in its language, whatever language is named.
    changed = workflow.save_banner(theirs, text="Відбій тривоги", article=ukrainian, by=editor())
    assert changed.language == "uk" and workflow.current_banner() == ours
    workflow.take_down_banner(theirs, by=editor())
    assert workflow.current_banner(language="uk") is None and workflow.current_banner() == ours


def test_a_takedown_clears_the_story_only_from_its_own_languages_page(storm):
    english, ukrainian = storm
    workflow.arrange_front_page(places={"lead": Place(english.pk)}, by=editor())
    workflow.arrange_front_page(places={"top1": Place(ukrainian.pk)}, by=editor(), language="uk")
    workflow.save_banner(None, text="Шторм", article=ukrainian, by=editor(), language="uk")
    workflow.unpublish(ukrainian, by=editor(), reason="Legal")
    assert places("uk") == {} and places("en") == {"lead": english.pk}
    assert Banner.objects.get(language="uk").article is None
    assert workflow.withdrawal_note(ukrainian) == (
        "Also taken off the Ukrainian front page: top story 1, the breaking banner's link."
    )


def test_the_section_blocks_order_is_one_for_every_language(storm):
    english, ukrainian = storm
    workflow.arrange_front_page(places={}, sections=[english.section_id], by=editor())
    done = workflow.arrange_front_page(
        places={}, sections=[english.section_id], by=editor(), language="uk"
    )
    assert done == []  # the order the English page was given is the Ukrainian page's too
    english.section.refresh_from_db()
    assert english.section.front_page_position == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_places_and_banners_on_the_main_language():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    try:
        executor.migrate([("articles", "0022_editions")])
        old = executor.loader.project_state([("articles", "0022_editions")]).apps
        story = old.get_model("articles", "Article").objects.create(
            title="Old lead", slug="old-lead", status="published", published_at=timezone.now()
        )
        until = timezone.now() + timedelta(hours=1)
        old.get_model("articles", "FrontPageSlot").objects.create(
            slot="lead", article_id=story.pk, until=until
        )
        old.get_model("articles", "Banner").objects.create(text="Old banner")
        executor.loader.build_graph()
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert list(FrontPageSlot.objects.values_list("language", "slot")) == [("en", "lead")]
    assert list(Banner.objects.values_list("language", "text")) == [("en", "Old banner")]
