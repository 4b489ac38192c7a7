from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, WorkflowEvent
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    editor,
    ready_article,
    superuser,
    writer,
)

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def people():
    owner = writer(username="wanda")
    return {
        "anonymous": AnonymousUser(),
        "owner": owner,
        "other_writer": writer(username="oscar"),
        "editor": editor(username="edith"),
        "superuser": superuser(username="root"),
    }


def story_in(status, owner, **kwargs):
    extra = {}
    if status in (S.PUBLISHED, S.UNPUBLISHED):
        extra["published_at"] = timezone.now() - timedelta(hours=1)
    if status == S.SCHEDULED:
        extra["published_at"] = timezone.now() + timedelta(hours=1)
    return ready_article(status=status, created_by=owner, **extra, **kwargs)


def later():
    return timezone.now() + timedelta(hours=2)


# name, starting status, call, resulting status
MOVES = [
    ("submit", S.DRAFT, lambda a, u: workflow.submit(a, by=u), S.IN_REVIEW),
    ("withdraw", S.IN_REVIEW, lambda a, u: workflow.withdraw(a, by=u), S.DRAFT),
    (
        "request_changes",
        S.IN_REVIEW,
        lambda a, u: workflow.request_changes(a, by=u, comment="Needs a second source."),
        S.DRAFT,
    ),
    ("publish", S.IN_REVIEW, lambda a, u: workflow.publish(a, by=u), S.PUBLISHED),
    ("schedule", S.IN_REVIEW, lambda a, u: workflow.schedule(a, by=u, at=later()), S.SCHEDULED),
    ("cancel_schedule", S.SCHEDULED, lambda a, u: workflow.cancel_schedule(a, by=u), S.IN_REVIEW),
    (
        "unpublish",
        S.PUBLISHED,
        lambda a, u: workflow.unpublish(a, by=u, reason="Legal request"),
        S.UNPUBLISHED,
    ),
    ("republish", S.UNPUBLISHED, lambda a, u: workflow.republish(a, by=u), S.PUBLISHED),
    (
        "significant_update",
        S.PUBLISHED,
        lambda a, u: workflow.mark_significant_update(a, by=u),
        S.PUBLISHED,
    ),
    (
        "correction",
        S.PUBLISHED,
        lambda a, u: workflow.add_correction(a, by=u, text="An earlier version misspelt a name."),
        S.PUBLISHED,
    ),
]
# Withdrawing is the story's own writer's: an editor sends a story back by requesting changes.
ALLOWED = {
    "anonymous": set(),
    "owner": {"submit", "withdraw"},
    "other_writer": set(),
    "editor": {name for name, *_ in MOVES} - {"withdraw"},
    "superuser": {name for name, *_ in MOVES} - {"withdraw"},
}


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize(("name", "start", "move", "end"), MOVES, ids=[m[0] for m in MOVES])
def test_permission_matrix(people, role, name, start, move, end):
    user = people[role]
    article = story_in(start, people["owner"])
    if name in ALLOWED[role]:
        move(article, user)
        article.refresh_from_db()
        assert article.status == end
        event = WorkflowEvent.objects.get(article=article)
        assert (event.action, event.from_status, event.to_status) == (name, start, end)
        assert event.actor == user
    else:
        with pytest.raises(workflow.NotAllowed):
            move(article, user)
        article.refresh_from_db()
        assert article.status == start
        assert not WorkflowEvent.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("role", "status", "can"),
    [
        ("anonymous", S.DRAFT, False),
        ("owner", S.DRAFT, True),
        ("owner", S.IN_REVIEW, False),
        ("owner", S.PUBLISHED, False),
        ("other_writer", S.DRAFT, False),
        ("editor", S.DRAFT, True),
        ("editor", S.PUBLISHED, True),
        ("superuser", S.UNPUBLISHED, True),
    ],
)
def test_who_may_edit(people, role, status, can):
    article = story_in(status, people["owner"])
    article.title = "Changed headline"
    assert workflow.can_edit(people[role], article) is can
    if can:
        workflow.save_article(article, by=people[role], expected_version=article.version)
        article.refresh_from_db()
        assert article.title == "Changed headline"
    else:
        with pytest.raises(workflow.NotAllowed):
            workflow.save_article(article, by=people[role], expected_version=article.version)
        article.refresh_from_db()
        assert article.title != "Changed headline"


def test_a_byline_makes_a_writer_an_owner(people):
    author = AuthorFactory(user=people["other_writer"])
    article = story_in(S.DRAFT, people["owner"], authors=[author])
    assert workflow.can_edit(people["other_writer"], article)
    workflow.submit(article, by=people["other_writer"])
    assert article.status == S.IN_REVIEW


@pytest.mark.parametrize(
    ("start", "move"),
    [
        (S.PUBLISHED, lambda a, u: workflow.submit(a, by=u)),
        (S.DRAFT, lambda a, u: workflow.request_changes(a, by=u, comment="x")),
        (S.PUBLISHED, lambda a, u: workflow.publish(a, by=u)),
        (S.DRAFT, lambda a, u: workflow.cancel_schedule(a, by=u)),
        (S.DRAFT, lambda a, u: workflow.unpublish(a, by=u, reason="x")),
        (S.PUBLISHED, lambda a, u: workflow.republish(a, by=u)),
        (S.DRAFT, lambda a, u: workflow.mark_significant_update(a, by=u)),
    ],
)
def test_illegal_transitions_raise_a_clear_error(people, start, move):
    article = story_in(start, people["owner"])
    with pytest.raises(workflow.IllegalTransition, match="Cannot|Only a published|published"):
        move(article, people["editor"])
    article.refresh_from_db()
    assert article.status == start
    assert not WorkflowEvent.objects.exists()


def test_illegal_transition_message_names_the_states(people):
    article = story_in(S.PUBLISHED, people["owner"])
    with pytest.raises(workflow.IllegalTransition) as error:
        workflow.submit(article, by=people["editor"])
    assert str(error.value) == (
        "Cannot submit for review: the story is published, and this is only possible from draft."
    )


def test_request_changes_needs_a_comment(people):
    article = story_in(S.IN_REVIEW, people["owner"])
    with pytest.raises(workflow.WorkflowError, match="comment is required"):
        workflow.request_changes(article, by=people["editor"], comment="  ")
    workflow.request_changes(article, by=people["editor"], comment="Add the minister's reply.")
    assert article.events.get().comment == "Add the minister's reply."


def test_checklist_lists_everything_missing(people):
    article = ArticleFactory(status=S.IN_REVIEW, dek="", body="<p> </p>", section=None)
    with pytest.raises(workflow.ChecklistFailed) as error:
        workflow.publish(article, by=people["editor"])
    assert error.value.missing == [
        "a standfirst (dek)",
        "a body",
        "at least one author",
        "a section",
        "a lead image",
    ]
    assert "Missing: a standfirst (dek); a body" in str(error.value)
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_checklist_wants_alt_text_and_credit_on_the_lead_image(people):
    image = ImageFactory(alt_text="", credit="")
    article = story_in(S.IN_REVIEW, people["owner"], lead_image=image)
    assert workflow.publish_checklist(article) == [
        "alt text on the lead image",
        "a credit on the lead image",
    ]
    with pytest.raises(workflow.ChecklistFailed):
        workflow.schedule(article, by=people["editor"], at=later())


def test_ready_story_passes_the_checklist(people):
    assert workflow.publish_checklist(story_in(S.DRAFT, people["owner"])) == []


def test_publish_makes_the_story_public_now(people):
    article = story_in(S.IN_REVIEW, people["owner"])
    workflow.publish(article, by=people["editor"])
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.is_published


def test_schedule_needs_a_future_time(people):
    article = story_in(S.IN_REVIEW, people["owner"])
    with pytest.raises(workflow.WorkflowError, match="future"):
        workflow.schedule(article, by=people["editor"], at=timezone.now() - timedelta(minutes=1))
    at = later()
    workflow.schedule(article, by=people["editor"], at=at)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.SCHEDULED, at)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    workflow.cancel_schedule(article, by=people["editor"])
    article.refresh_from_db()
    assert (article.status, article.published_at) == (S.IN_REVIEW, None)


def test_unpublishing_a_public_story_needs_a_reason(people):
    article = story_in(S.PUBLISHED, people["owner"])
    with pytest.raises(workflow.WorkflowError, match="reason"):
        workflow.unpublish(article, by=people["editor"])
    workflow.unpublish(
        article, by=people["editor"], reason="Court order", notice="Removed after a court order."
    )
    article.refresh_from_db()
    assert article.status == S.UNPUBLISHED
    assert article.takedown_notice == "Removed after a court order."
    assert article.events.get().comment == "Court order"


def test_republish_keeps_the_original_time_and_clears_the_notice(people):
    article = story_in(S.PUBLISHED, people["owner"])
    first = article.published_at
    workflow.unpublish(article, by=people["editor"], reason="Check facts", notice="Under review")
    workflow.republish(article, by=people["editor"])
    article.refresh_from_db()
    assert (article.status, article.published_at, article.takedown_notice) == (
        S.PUBLISHED,
        first,
        "",
    )


def test_significant_update_and_corrections(people):
    article = story_in(S.PUBLISHED, people["owner"])
    assert article.significant_update_at is None
    workflow.mark_significant_update(article, by=people["editor"], comment="Death toll rises")
    article.refresh_from_db()
    assert article.significant_update_at is not None
    assert article.last_changed_at == article.significant_update_at
    correction = workflow.add_correction(article, by=people["editor"], text="A name was misspelt.")
    assert list(article.corrections.all()) == [correction]
    assert Correction.objects.get().created_by == people["editor"]


def test_every_transition_records_an_event_in_order(people):
    article = story_in(S.DRAFT, people["owner"])
    workflow.submit(article, by=people["owner"])
    workflow.request_changes(article, by=people["editor"], comment="Shorter, please.")
    workflow.submit(article, by=people["owner"])
    workflow.publish(article, by=people["editor"])
    workflow.unpublish(article, by=people["editor"], reason="Duplicate")
    history = [
        (e.action, e.from_status, e.to_status, e.actor.username)
        for e in article.events.order_by("created_at", "id")
    ]
    assert history == [
        ("submit", S.DRAFT, S.IN_REVIEW, "wanda"),
        ("request_changes", S.IN_REVIEW, S.DRAFT, "edith"),
        ("submit", S.DRAFT, S.IN_REVIEW, "wanda"),
        ("publish", S.IN_REVIEW, S.PUBLISHED, "edith"),
        ("unpublish", S.PUBLISHED, S.UNPUBLISHED, "edith"),
    ]


def test_transitions_bump_the_version(people):
    article = story_in(S.DRAFT, people["owner"])
    assert article.version == 1
    workflow.submit(article, by=people["owner"])
    article.refresh_from_db()
    assert (article.version, article.modified_by) == (2, people["owner"])


def test_allowed_transitions_follow_role_and_state(people):
    draft = story_in(S.DRAFT, people["owner"])
    names = lambda user: [t.name for t in workflow.allowed_transitions(draft, user)]  # noqa: E731
    assert names(people["owner"]) == ["submit"]
    assert names(people["other_writer"]) == []
    assert names(people["anonymous"]) == []
    assert names(people["editor"]) == ["submit", "publish", "schedule"]
    published = story_in(S.PUBLISHED, people["owner"])
    assert [t.name for t in workflow.allowed_transitions(published, people["editor"])] == [
        "unpublish",
        "significant_update",
        "correction",
    ]


def test_a_writer_withdraws_a_submission_to_change_it_and_submits_it_again(people):
    owner = people["owner"]
    article = story_in(S.DRAFT, owner)
    workflow.submit(article, by=owner)
    assert not workflow.can_edit(owner, article)  # in review: the editors' now
    workflow.withdraw(article, by=owner, comment="Forgot the mayor's quote.")
    article.refresh_from_db()
    assert article.status == S.DRAFT and workflow.can_edit(owner, article)
    event = article.events.first()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "withdraw",
        S.IN_REVIEW,
        S.DRAFT,
        owner,
    )
    assert event.comment == "Forgot the mayor's quote."
    workflow.submit(article, by=owner)
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_a_story_an_editor_has_moved_on_cannot_be_withdrawn(people):
    owner = people["owner"]
    article = story_in(S.IN_REVIEW, owner)
    workflow.publish(article, by=people["editor"])
    with pytest.raises(workflow.IllegalTransition, match="only possible from in review"):
        workflow.withdraw(article, by=owner)
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED


def test_a_writer_on_the_byline_may_withdraw_too(people):
    author = AuthorFactory(user=people["other_writer"])
    article = story_in(S.IN_REVIEW, people["owner"], authors=[author])
    assert workflow.may(people["other_writer"], article, "withdraw")
    assert not workflow.may(people["editor"], article, "withdraw")
