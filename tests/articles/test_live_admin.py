"""The live desk: a compact posting page per story, and the front page's slots."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import FrontPageSlot, LivePost, LivePostRevision
from tests.factories import ArticleFactory, AuthorFactory, editor, writer

pytestmark = pytest.mark.django_db


def live_url(article):
    return reverse("admin:articles_livepost_live", args=[article.pk])


@pytest.fixture
def story():
    return ArticleFactory(published=True, title="Storm latest")


def test_the_story_links_to_its_posting_page(client, story):
    client.force_login(editor())
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert live_url(story) in page


def test_an_editor_starts_coverage_and_writers_post_from_the_compact_form(client, story):
    client.force_login(editor())
    client.post(live_url(story), {"action": "start"})
    story.refresh_from_db()
    assert story.is_live

    client.force_login(writer())
    page = client.get(live_url(story)).content.decode()
    assert "New post" in page and 'value="start"' not in page and 'value="end"' not in page
    response = client.post(
        live_url(story),
        {
            "action": "post",
            "headline": "Power out",
            "body": "Half the city is dark.",
            "is_key_event": "on",
        },
    )
    assert response.status_code == 302
    post = LivePost.objects.get(article=story)
    assert (post.headline, post.body, post.is_key_event) == (
        "Power out",
        "<p>Half the city is dark.</p>",
        True,
    )
    assert "Half the city is dark." in client.get(live_url(story)).content.decode()


def test_an_empty_post_is_refused_with_a_message_and_nothing_is_stored(client, story):
    workflow.start_coverage(story, by=editor())
    client.force_login(writer())
    response = client.post(live_url(story), {"action": "post", "body": ""})
    assert response.status_code == 200
    assert "Write the post before sending it." in response.content.decode()
    assert not LivePost.objects.exists()


def test_writers_cannot_start_coverage(client, story):
    client.force_login(writer())
    assert client.post(live_url(story), {"action": "start"}).status_code == 403
    story.refresh_from_db()
    assert not story.is_live_story


def test_an_editor_edits_and_deletes_a_post_and_both_leave_a_trace(client, story):
    boss = editor()
    workflow.start_coverage(story, by=boss)
    post = workflow.add_live_post(story, by=writer(), body="Winds of 120 km/h.")
    client.force_login(boss)
    change = reverse("admin:articles_livepost_change", args=[post.pk])
    response = client.post(
        change,
        {"headline": "", "body": "Winds of 130 km/h.", "author": "", "is_key_event": "on"},
    )
    assert response.status_code == 302
    client.post(live_url(story), {"action": "delete", "post": post.pk})
    post.refresh_from_db()
    assert post.deleted_at is not None and post.body == "<p>Winds of 130 km/h.</p>"
    actions = list(LivePostRevision.objects.filter(post=post).values_list("action", flat=True))
    assert sorted(actions) == ["delete", "edit", "post"]


def test_editors_arrange_the_front_page_and_it_changes_at_once(
    client, django_capture_on_commit_callbacks
):
    ArticleFactory(published=True, title="Newest story")
    chosen = ArticleFactory(
        published=True,
        title="Big investigation",
        published_at=timezone.now() - timedelta(days=2),
    )
    assert "Big investigation" not in client.get("/").content.decode().split("top-stories")[0]
    client.force_login(editor())
    # The desk's front-page slots open the editor.
    assert (
        client.get(reverse("admin:articles_frontpageslot_changelist")).url == "/admin/front-page/"
    )
    until = timezone.localtime() + timedelta(hours=6)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("front_editor"),
            {
                "action": "arrange",
                "story-lead": chosen.pk,
                "until-lead": until.strftime("%Y-%m-%dT%H:%M"),
            },
        )
    assert response.status_code == 302
    client.logout()
    home = client.get("/").content.decode()
    lead = home.split('class="lead-story')[1].split("</article>")[0]
    assert "Big investigation" in lead


def test_the_live_strip_takes_only_a_live_story_and_writers_cannot_arrange(client, story):
    client.force_login(editor())
    response = client.post(reverse("front_editor"), {"action": "arrange", "story-live": story.pk})
    assert response.status_code == 400
    assert "whose live coverage is on" in response.content.decode()
    assert not FrontPageSlot.objects.exists()
    client.force_login(writer())
    assert client.get(reverse("front_editor")).status_code == 403
    assert client.get(reverse("admin:articles_frontpageslot_changelist")).status_code == 403


@pytest.fixture
def draft_live_story():
    """Another writer's draft with live coverage on and one post (words found nowhere else)."""
    owner = writer(username="owner")
    draft = ArticleFactory(created_by=owner, title="Blackout exclusive")
    workflow.start_coverage(draft, by=editor())
    workflow.add_live_post(draft, by=owner, headline="Grid", body="Substation KESTREL failed.")
    return draft


def test_a_writer_cannot_open_list_or_post_to_a_draft_live_story_of_someone_else(
    client, draft_live_story
):
    post = LivePost.objects.get()
    client.force_login(writer(username="intruder"))
    url = live_url(draft_live_story)
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "post", "body": "Slipped in."})
    assert response.status_code == 404
    assert LivePost.objects.count() == 1
    for page in (
        reverse("admin:articles_livepost_changelist"),
        reverse("admin:articles_livepost_changelist") + "?q=KESTREL",
        reverse("admin:articles_livepost_history", args=[post.pk]),
        reverse("admin:articles_livepost_change", args=[post.pk]),
    ):
        response = client.get(page)
        assert "Substation KESTREL failed" not in response.content.decode(), page
        assert "Blackout" not in response.content.decode(), page
    change = reverse("admin:articles_livepost_change", args=[post.pk])
    client.post(change, {"headline": "", "body": "Rewritten", "author": ""})
    assert LivePost.objects.get().body == "<p>Substation KESTREL failed.</p>"
    # Its writer still has all of it.
    client.force_login(draft_live_story.created_by)
    assert "KESTREL" in client.get(url).content.decode()
    listed = client.get(reverse("admin:articles_livepost_changelist") + "?q=KESTREL")
    assert "Blackout exclusive" in listed.content.decode()


def test_a_writer_bylines_posts_as_themselves_in_the_change_form(client, story):
    ann, boss = writer(), editor()
    own, others = AuthorFactory(user=ann), AuthorFactory(user=boss, name="Edith Keller")
    workflow.start_coverage(story, by=boss)
    post = workflow.add_live_post(story, by=ann, body="Roads closed.")
    change = reverse("admin:articles_livepost_change", args=[post.pk])
    client.force_login(ann)
    form = client.get(change).content.decode()
    assert "Edith Keller" not in form  # the writer's choice is their own profile
    response = client.post(change, {"headline": "", "body": "Roads shut.", "author": others.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    post.refresh_from_db()
    assert (post.author, post.body) == (own, "<p>Roads closed.</p>")
    # An editor credits anyone; the writer's next edit keeps that byline.
    client.force_login(boss)
    client.post(change, {"headline": "", "body": "Roads closed.", "author": others.pk})
    client.force_login(ann)
    response = client.post(change, {"headline": "", "body": "Roads shut.", "author": others.pk})
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.author, post.body) == (others, "<p>Roads shut.</p>")
