"""Live coverage through the workflow: who may post, edit and delete, and the trace it leaves."""

import pytest
from django.core.exceptions import PermissionDenied

from articles import workflow
from articles.models import LivePost, LivePostRevision, WorkflowEvent
from tests.factories import ArticleFactory, AuthorFactory, editor, writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_story():
    story = ArticleFactory(published=True, title="War latest")
    workflow.start_coverage(story, by=editor())
    return story


def test_starting_and_ending_coverage_is_recorded_and_turns_the_badge_on_and_off(live_story):
    assert live_story.is_live and live_story.is_live_story
    workflow.end_coverage(live_story, by=editor())
    live_story.refresh_from_db()
    assert not live_story.is_live and live_story.is_live_story
    actions = list(
        WorkflowEvent.objects.filter(article=live_story).values_list("action", flat=True)
    )
    assert actions == ["end_coverage", "start_coverage"]


def test_only_editors_start_coverage():
    story = ArticleFactory(published=True)
    with pytest.raises(PermissionDenied):
        workflow.start_coverage(story, by=writer())


def test_writers_post_side_by_side_without_conflicts(live_story):
    one, two = writer(), writer()
    AuthorFactory(user=one, name="Ann Writer")
    first = workflow.add_live_post(live_story, by=one, body="Sirens in the capital.")
    second = workflow.add_live_post(
        live_story,
        by=two,
        body="Line one\nline two\n\nSecond <b>paragraph</b>",
        headline=" Update ",
    )
    assert first.author.name == "Ann Writer" and second.author is None
    assert first.body == "<p>Sirens in the capital.</p>"
    assert (
        "<script"
        not in workflow.add_live_post(
            live_story, by=one, body="<p>ok</p><script>alert(1)</script>"
        ).body
    )
    assert second.headline == "Update"
    assert LivePost.objects.filter(article=live_story).count() == 3


def test_posting_needs_coverage_on_and_text():
    story = ArticleFactory(published=True)
    with pytest.raises(workflow.WorkflowError, match="Start live coverage"):
        workflow.add_live_post(story, by=editor(), body="Too early")
    workflow.start_coverage(story, by=editor())
    with pytest.raises(workflow.WorkflowError, match="no text"):
        workflow.add_live_post(story, by=editor(), body="<p> </p>")


def test_edits_and_deletes_leave_a_trace_and_deleting_hides_the_post(live_story):
    author = writer()
    post = workflow.add_live_post(live_story, by=author, body="First report: 3 injured.")
    boss = editor()
    workflow.edit_live_post(post, by=boss, body="First report: 4 injured.", is_key_event=True)
    workflow.delete_live_post(post, by=boss)
    post.refresh_from_db()
    assert post.deleted_at is not None and post.edited_at is not None
    assert not LivePost.objects.visible().filter(pk=post.pk).exists()
    trace = list(LivePostRevision.objects.filter(post=post).order_by("created_at", "id"))
    assert [(r.action, r.actor) for r in trace] == [
        ("post", author),
        ("edit", boss),
        ("delete", boss),
    ]
    assert trace[0].data["body"] == "<p>First report: 3 injured.</p>"
    assert trace[1].data["body"] == "<p>First report: 4 injured.</p>"


def test_writers_cannot_change_each_others_posts(live_story):
    post = workflow.add_live_post(live_story, by=writer(), body="Mine")
    with pytest.raises(PermissionDenied):
        workflow.edit_live_post(post, by=writer(), body="Yours now")
    with pytest.raises(PermissionDenied):
        workflow.delete_live_post(post, by=writer())


def test_the_story_is_found_by_its_posts_and_an_edit_of_the_story_keeps_them(live_story):
    boss = editor()
    workflow.add_live_post(live_story, by=boss, body="Drone debris fell on a kindergarten.")
    live_story.refresh_from_db()
    assert "kindergarten" in live_story.body_text
    # An editor who opened the story before the post saves it: the post text stays searchable.
    stale = type(live_story).objects.get(pk=live_story.pk)
    stale.live_text = ""
    stale.title = "War latest: day 2"
    workflow.save_article(stale, by=boss, expected_version=stale.version)
    live_story.refresh_from_db()
    assert "kindergarten" in live_story.body_text and live_story.title == "War latest: day 2"


def test_a_draft_live_story_takes_posts_only_from_those_who_may_open_it():
    owner, stranger, boss = writer(), writer(), editor()
    draft = ArticleFactory(created_by=owner, title="Embargoed blackout story")
    workflow.start_coverage(draft, by=boss)
    assert workflow.can_post_live(owner, draft) and workflow.can_post_live(boss, draft)
    assert not workflow.can_post_live(stranger, draft)
    with pytest.raises(workflow.NotAllowed):
        workflow.add_live_post(draft, by=stranger, body="Posted into a story I cannot open.")
    post = workflow.add_live_post(draft, by=owner, body="First post.")
    # Once the story is someone else's draft, even a writer's own post stays with it.
    draft.created_by = boss
    draft.save(update_fields=["created_by"])
    assert not workflow.can_change_post(owner, post)
    with pytest.raises(workflow.NotAllowed):
        workflow.edit_live_post(post, by=owner, body="Changed")
    assert LivePost.objects.get().body == "<p>First post.</p>"


def test_writers_byline_posts_as_themselves_and_editors_as_anyone(live_story):
    ann, boss = writer(), editor()
    own, others = AuthorFactory(user=ann), AuthorFactory(user=boss, name="Edith Keller")
    with pytest.raises(workflow.NotAllowed, match="their own byline"):
        workflow.add_live_post(live_story, by=ann, body="As Edith.", author=others)
    post = workflow.add_live_post(live_story, by=ann, body="As myself.", author=own)
    with pytest.raises(workflow.NotAllowed, match="their own byline"):
        workflow.edit_live_post(post, by=ann, author=others)
    post.refresh_from_db()
    assert post.author == own
    # An editor credits another author; the writer may then edit the post and keep it.
    workflow.edit_live_post(post, by=boss, author=others)
    workflow.edit_live_post(post, by=ann, body="Corrected.", author=others)
    post.refresh_from_db()
    assert (post.author, post.body) == (others, "<p>Corrected.</p>")
    workflow.edit_live_post(post, by=ann, author=None)  # no byline names nobody else
    assert LivePost.objects.get().author is None
