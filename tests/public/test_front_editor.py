"""The desk's front-page editor: editors only, published stories only, the unsaved arrangement
previewed as readers will see it, the banner, and refusals that change nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Banner, FrontPageSlot
from tests.factories import ArticleFactory, SectionFactory, editor, writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    client.force_login(editor())
    return client


def test_only_editors_open_the_editor_and_its_endpoints(client):
    urls = [
        reverse(name) for name in ("front_editor", "front_editor_board", "front_editor_preview")
    ]
    urls.append(reverse("front_editor_stories"))
    for url in urls:
        assert client.get(url).status_code == 302  # to the desk's sign-in
    client.force_login(writer())
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(editor())
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_editor_draws_the_page_with_each_place_labelled_and_held(desk, settings):
    story = ArticleFactory(published=True, title="Dam holds after the storm")
    FrontPageSlot.objects.create(
        slot="lead", article=story, until=timezone.now() + timedelta(hours=3)
    )
    html = desk.get(reverse("front_editor")).content.decode()
    lead = html.split('data-place="lead"')[1].split("</section>")[0]
    assert "Lead story" in lead and "Held until" in lead and f"({settings.TIME_ZONE})" in lead
    assert '<article class="lead-story' in lead and "Dam holds after the storm" in lead
    for label in ("Top story 1", "Top story 4", "Live strip"):
        assert label in html


def test_the_search_lists_published_stories_only(desk):
    ArticleFactory(published=True, title="Storm closes the port")
    ArticleFactory(title="Storm draft")
    ArticleFactory(scheduled=True, title="Storm embargoed")
    gone = ArticleFactory(published=True, title="Storm taken down")
    gone.status = "unpublished"
    gone.save()
    found = desk.get(reverse("front_editor_stories"), {"q": "storm"}).json()["stories"]
    assert [story["title"] for story in found] == ["Storm closes the port"]


def test_the_preview_is_the_home_page_with_the_unsaved_arrangement(desk):
    for _ in range(5):  # the newest fill the top places
        ArticleFactory(published=True, title="Newest story")
    chosen = ArticleFactory(
        published=True, title="Chosen lead", published_at=timezone.now() - timedelta(days=1)
    )
    world = SectionFactory(name="World")
    ArticleFactory(
        published=True,
        section=world,
        title="World story",
        published_at=timezone.now() - timedelta(days=2),
    )
    response = desk.get(
        reverse("front_editor_preview"), {"story-lead": chosen.pk, "sections": str(world.pk)}
    )
    html = response.content.decode()
    assert "Chosen lead" in html.split('class="lead-story')[1].split("</article>")[0]
    assert 'class="section-block"' in html and "World story" in html
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not FrontPageSlot.objects.exists()  # nothing saved
    board = desk.get(reverse("front_editor_board"), {"story-lead": chosen.pk}).content.decode()
    assert "Chosen lead" in board and "<html" not in board


def test_a_refused_arrangement_says_why_keeps_what_was_asked_and_changes_nothing(desk):
    story = ArticleFactory(published=True, title="Held already")
    draft = ArticleFactory(title="A draft")
    response = desk.post(
        reverse("front_editor"),
        {"action": "arrange", "story-top1": story.pk, "story-lead": draft.pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved. Lead story: Choose a published story." in html
    assert f'name="story-top1" value="{story.pk}"' in html  # the editor's choice is kept
    assert not FrontPageSlot.objects.exists()
    bad = desk.post(reverse("front_editor"), {"action": "arrange", "until-lead": "soon"})
    assert bad.status_code == 400 and "give a date and time" in bad.content.decode()


def test_the_banner_with_no_end_then_taken_down(desk, client, django_capture_on_commit_callbacks):
    story = ArticleFactory(published=True, title="Air raid")
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
        reverse("front_editor"),
            {"action": "banner", "banner_text": "Air raid alert", "banner_story": story.pk,
             "banner_starts": now, "banner_ends": ""},
        )  # fmt: skip
    assert response.status_code == 302
    banner = Banner.objects.get()
    assert banner.ends_at is None and banner.article == story
    client.logout()
    assert "Air raid alert" in client.get("/").content.decode()
    desk.force_login(editor())
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("front_editor"), {"action": "take_down"})
    client.logout()
    assert "Air raid alert" not in client.get("/").content.decode()
    assert Banner.objects.count() == 1


def test_a_refused_banner_keeps_the_typed_text_and_stores_nothing(desk):
    response = desk.post(
        reverse("front_editor"),
        {"action": "banner", "banner_text": "Bridge closed", "banner_ends": "2001-01-01T10:00"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose an end after the start" in html and 'value="Bridge closed"' in html
    assert not Banner.objects.exists()
