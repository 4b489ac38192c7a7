"""What a story looked like before a save travels with that save: the workflow hands over the
row it holds, nothing is kept between saves, and threads never see each other's."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext

from articles import signals, workflow
from articles.models import Article
from public import invalidation
from tests.factories import ArticleFactory, editor, ready_article

S = Article.Status


@pytest.fixture
def purged(monkeypatch):
    """The purges asked for, as (keys, hard, thread name)."""
    calls = []

    def record(keys, hard=False):
        calls.append((sorted(keys), hard, threading.current_thread().name))

    monkeypatch.setattr(invalidation, "purge_keys", record)
    return calls


def kept_state() -> dict:
    """Whatever the invalidation module holds between saves: nothing, ever."""
    return {
        name: value
        for name, value in vars(invalidation).items()
        if not name.startswith("__") and isinstance(value, dict | list) and value
    }


@pytest.mark.django_db
def test_a_workflow_move_does_not_read_the_story_again_for_the_cache(
    purged, django_capture_on_commit_callbacks
):
    story = ready_article(title="Dam holds")
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
    ):
        workflow.publish(story, by=editor())
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and 'FROM "articles_article"' in q["sql"]
    ]
    assert len(reads) == 1  # the workflow's own locked read
    # …and the page cache still learned that the story arrived in its listings.
    keys = {key for call in purged for key in call[0]}
    assert {f"a:{story.pk}", "front", f"section:{story.section_id}", "sitemap"} <= keys


@pytest.mark.django_db
@pytest.mark.parametrize("through_workflow", [True, False])
def test_a_failing_save_leaves_nothing_behind(purged, through_workflow):
    taken = ArticleFactory(slug="taken")
    story = ArticleFactory(published=True, slug="free")
    story.slug = taken.slug
    with pytest.raises(IntegrityError), transaction.atomic():
        if through_workflow:
            workflow.save_article(story, by=editor(), expected_version=story.version)
        else:
            story.save()
    assert kept_state() == {}
    assert signals.row_save(story) is None
    # The next save of the story compares with the row as it is, not with a leftover.
    story.refresh_from_db()
    story.status = S.UNPUBLISHED
    story.save()
    assert purged[-1][:2] == ([f"a:{story.pk}", "sitemap"], True)


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_different_stories_do_not_see_each_others_state(purged):
    taking_down = ArticleFactory(published=True, title="Taken down")
    retitled = ArticleFactory(published=True, title="Retitled")
    paused, done = threading.Event(), threading.Event()

    def pause(sender, instance, **kwargs):
        # The take-down waits between its pre_save and its post_save while the other story
        # is saved from start to end in another thread.
        if instance.pk == taking_down.pk:
            paused.set()
            assert done.wait(10)

    def take_down():
        try:
            story = Article.objects.get(pk=taking_down.pk)
            story.status = S.UNPUBLISHED
            story.save()
        finally:
            connection.close()

    def retitle():
        try:
            assert paused.wait(10)
            story = Article.objects.get(pk=retitled.pk)
            story.title = "Retitled again"
            story.save()
        finally:
            done.set()
            connection.close()

    pre_save.connect(pause, sender=Article, dispatch_uid="test-pause")
    try:
        threads = [
            threading.Thread(target=take_down, name="take-down"),
            threading.Thread(target=retitle, name="retitle"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    finally:
        pre_save.disconnect(sender=Article, dispatch_uid="test-pause")
    in_threads = [call for call in purged if call[2] != "MainThread"]
    assert sorted(in_threads, key=lambda call: call[2]) == [
        ([f"a:{retitled.pk}"], False, "retitle"),
        ([f"a:{taking_down.pk}", "sitemap"], True, "take-down"),
    ]
