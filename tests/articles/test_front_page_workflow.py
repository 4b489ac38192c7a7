"""The front page's rules: who may arrange it, what it takes, and a takedown leaving it."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import workflow
from articles.models import Banner, FrontPageSlot, Section, WorkflowEvent
from articles.workflow import ArrangementRefused, Place
from tests.factories import ArticleFactory, SectionFactory, editor, writer

pytestmark = pytest.mark.django_db


def arrangement():
    return dict(FrontPageSlot.objects.values_list("slot", "article_id"))


def test_an_editor_places_stories_held_six_hours_by_default_and_recorded():
    lead, top = ArticleFactory(published=True), ArticleFactory(published=True)
    before = timezone.now()
    done = workflow.arrange_front_page(
        places={"lead": Place(lead.pk), "top2": Place(top.pk)}, by=editor()
    )
    assert arrangement() == {"lead": lead.pk, "top2": top.pk}
    slot = FrontPageSlot.objects.get(slot="lead")
    assert before + workflow.DEFAULT_HOLD <= slot.until <= timezone.now() + workflow.DEFAULT_HOLD
    assert any("is the lead story until" in line for line in done)
    event = WorkflowEvent.objects.get(article=lead, action="front_page")
    assert "lead story until" in event.comment


@pytest.mark.parametrize(
    "story, message",
    [
        (lambda: ArticleFactory(), "Lead story: Choose a published story."),
        (lambda: ArticleFactory(status="scheduled"), "Lead story: Choose a published story."),
    ],
)
def test_only_published_stories_take_a_place(story, message):
    held = ArticleFactory(published=True)
    workflow.arrange_front_page(places={"top1": Place(held.pk)}, by=editor())
    with pytest.raises(ArrangementRefused) as refused:
        workflow.arrange_front_page(
            places={"lead": Place(story().pk), "top1": Place(None)}, by=editor()
        )
    assert message in str(refused.value)
    assert arrangement() == {"top1": held.pk}  # all or nothing: top1 was not cleared


def test_bad_arrangements_are_refused_with_the_place_named_and_nothing_changed():
    story, other = ArticleFactory(published=True), ArticleFactory(published=True)
    past = timezone.now() - timedelta(minutes=1)
    cases = [
        ({"lead": Place(story.pk), "top1": Place(story.pk)}, "one place each"),
        ({"lead": Place(story.pk, until=past)}, "hold-until time in the future"),
        ({"lead": Place(999999)}, "that story does not exist"),
        ({"live": Place(other.pk)}, "live coverage is on"),
        ({"sidebar": Place(story.pk)}, "no such place"),
    ]
    for places, message in cases:
        with pytest.raises(ArrangementRefused, match=message):
            workflow.arrange_front_page(places=places, by=editor())
    with pytest.raises(ArrangementRefused, match="each section once"):
        workflow.arrange_front_page(places={}, sections=[999999], by=editor())
    assert arrangement() == {}
    assert not WorkflowEvent.objects.filter(action="front_page").exists()


def test_writers_may_not_arrange_the_front_page_or_the_banner():
    story = ArticleFactory(published=True)
    with pytest.raises(workflow.NotAllowed):
        workflow.arrange_front_page(places={"lead": Place(story.pk)}, by=writer())
    with pytest.raises(workflow.NotAllowed):
        workflow.save_banner(None, text="Air raid alert", by=writer())
    assert arrangement() == {} and not Banner.objects.exists()


def test_clearing_a_place_and_ordering_the_section_blocks():
    world, energy, culture = (SectionFactory(name=n) for n in ("World", "Energy", "Culture"))
    story = ArticleFactory(published=True)
    workflow.arrange_front_page(
        places={"lead": Place(story.pk)}, sections=[energy.pk, world.pk], by=editor()
    )
    done = workflow.arrange_front_page(
        places={"lead": Place(None)}, sections=[culture.pk, energy.pk], by=editor()
    )
    assert arrangement() == {}
    positions = dict(
        Section.objects.filter(name__in=["World", "Energy", "Culture"]).values_list(
            "name", "front_page_position"
        )
    )
    assert positions == {"World": None, "Energy": 2, "Culture": 1}
    assert "Section blocks: Culture, Energy." in done
    assert "Lead story cleared: the newest stories fill it." in done


def test_a_banner_without_an_end_stays_until_taken_down():
    story = ArticleFactory(published=True)
    banner = workflow.save_banner(None, text="  Air raid  alert ", article=story, by=editor())
    assert banner.text == "Air raid alert" and banner.ends_at is None
    assert banner.is_live(timezone.now() + timedelta(days=30))
    assert workflow.current_banner() == banner
    workflow.take_down_banner(banner, by=editor())
    assert not banner.is_live(timezone.now() + timedelta(seconds=1))
    assert Banner.objects.count() == 1  # kept, as everything that was public


def test_bad_banners_are_refused_and_nothing_is_stored():
    draft = ArticleFactory()
    now = timezone.now()
    cases = [
        ({"text": "   "}, "Write the banner's text."),
        ({"text": "x" * 201}, "200 characters"),
        ({"text": "Alert", "article": draft}, "published story"),
        ({"text": "Alert", "ends_at": now - timedelta(minutes=1)}, "end after the start"),
    ]
    for fields, message in cases:
        with pytest.raises(ArrangementRefused, match=message):
            workflow.save_banner(None, by=editor(), **fields)
    assert not Banner.objects.exists()


def test_the_database_still_refuses_a_banner_ending_before_it_starts():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Banner.objects.create(text="Alert", starts_at=now, ends_at=now - timedelta(hours=1))
    Banner.objects.create(text="Alert", starts_at=now, ends_at=None)


def test_a_takedown_removes_the_story_from_the_banner_and_every_place():
    story, other = ArticleFactory(published=True), ArticleFactory(published=True)
    workflow.arrange_front_page(
        places={"lead": Place(story.pk), "top1": Place(other.pk)}, by=editor()
    )
    banner = workflow.save_banner(None, text="Dam breached", article=story, by=editor())
    workflow.unpublish(story, by=editor(), reason="Legal")
    assert arrangement() == {"top1": other.pk}
    banner.refresh_from_db()
    assert banner.article is None and banner.text == "Dam breached"
    note = workflow.withdrawal_note(story)
    assert note == "Also taken off the front page: lead story, the breaking banner's link."
    # A story that was nowhere on the front page leaves no such line.
    workflow.unpublish(other, by=editor(), reason="Legal")
    assert arrangement() == {}
    assert workflow.withdrawal_note(ArticleFactory(published=True)) == ""
