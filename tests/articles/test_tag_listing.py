"""A story's tag rows carry its publication time while readers may list it
(`TaggedArticle.listed_at`) and its language, so related stories walk a tag's own index in one
language: the copy follows every move of the story and every change of its tags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, TaggedArticle
from public.reading.related import related_ids
from tests.factories import ArticleFactory, SectionFactory, edition_of, editor, ready_article

pytestmark = pytest.mark.django_db


def listed(article) -> set:
    return set(
        TaggedArticle.objects.filter(content_object=article).values_list("listed_at", flat=True)
    )


def test_the_copy_follows_publish_takedown_and_republish():
    desk = editor()
    story = ready_article(tags=["Energy", "Grid"])
    assert listed(story) == {None}
    workflow.submit(story, by=desk)
    assert listed(story) == {None}
    workflow.publish(story, by=desk)
    story.refresh_from_db()
    assert listed(story) == {story.published_at}
    workflow.unpublish(story, by=desk, reason="Legal")
    assert listed(story) == {None}
    workflow.republish(story, by=desk)
    story.refresh_from_db()
    assert listed(story) == {story.published_at}


def test_a_scheduled_story_is_listed_when_it_is_published_not_before():
    desk = editor()
    story = ready_article(tags=["Energy"])
    workflow.schedule(story, by=desk, at=timezone.now() + timedelta(hours=2))
    assert listed(story) == {None}
    story.refresh_from_db()
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()
    workflow.publish_due()
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert listed(story) == {story.published_at}


def test_tags_added_to_a_published_story_carry_its_time_and_a_new_time_moves_them():
    story = ArticleFactory(published=True, tags=["Energy"])
    story.tags.add("Grid", "Winter")
    assert listed(story) == {story.published_at}
    story.published_at -= timedelta(days=2)
    story.save(update_fields=["published_at"])
    assert listed(story) == {story.published_at}
    story.tags.set(["Heating"])
    assert listed(story) == {story.published_at}


def test_standing_pages_are_never_listed():
    page = ArticleFactory(published=True, kind=Article.Kind.PAGE, tags=["About"])
    assert listed(page) == {None}


def test_relist_repairs_rows_written_past_save():
    story = ArticleFactory(published=True, tags=["Energy"])
    draft = ArticleFactory(tags=["Energy"])
    TaggedArticle.objects.update(listed_at=timezone.now())
    TaggedArticle.objects.relist()
    assert listed(story) == {story.published_at}
    assert listed(draft) == {None}


def test_a_stale_copy_never_shows_an_unpublished_story():
    section = SectionFactory()
    story = ArticleFactory(published=True, section=section, tags=["Energy"])
    other = ArticleFactory(published=True, section=SectionFactory(), tags=["Energy"])
    tag_ids = list(story.tags.values_list("pk", flat=True))
    assert related_ids(story.pk, tag_ids, section.pk) == [other.pk]
    # Taken down behind the model's back: its tag row still says it is listed.
    Article.objects.filter(pk=other.pk).update(status=Article.Status.UNPUBLISHED)
    assert listed(other) == {other.published_at}
    assert related_ids(story.pk, tag_ids, section.pk) == []


def languages_of(article) -> set:
    rows = TaggedArticle.objects.filter(content_object=article)
    return set(rows.values_list("language", flat=True))


def test_the_rows_carry_the_storys_language_whatever_writes_them():
    story = ArticleFactory(published=True, tags=["Energy"])
    edition = edition_of(story, published=True, tags=["Energy"])
    edition.tags.add("Grid")
    assert languages_of(story) == {"en"}
    assert languages_of(edition) == {"uk"}
    edition.language = "pl"  # an edition moved to another language
    edition.save(update_fields=["language"])
    assert languages_of(edition) == {"pl"}
    TaggedArticle.objects.update(language="en")  # rows written past save: a restore
    TaggedArticle.objects.relist()
    assert languages_of(edition) == {"pl"}


def test_related_stories_walk_a_tags_stories_in_the_storys_language():
    section = SectionFactory()
    story = edition_of(ArticleFactory(), published=True, section=section, tags=["Energy"])
    english = ArticleFactory(published=True, section=SectionFactory(), tags=["Energy"])
    other = edition_of(english, published=True, section=english.section, tags=["Energy"])
    tag_ids = list(story.tags.values_list("pk", flat=True))
    assert related_ids(story.pk, tag_ids, section.pk, "uk") == [other.pk]
    assert related_ids(english.pk, tag_ids, english.section_id, "en") == []
