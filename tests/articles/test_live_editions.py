"""A live story in two languages: each edition has its own posts, and a key event can be
posted to both editions at once, in each one's words, checked on both."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import LivePost
from articles.workflow import EditionPost
from tests.factories import ArticleFactory, AuthorFactory, edition_of, editor, writer

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(two_languages):
    """A live story and its live Ukrainian edition."""
    boss = editor()
    english = ArticleFactory(published=True, title="War latest")
    ukrainian = edition_of(english, published=True, title="Війна: останнє")
    for story in (english, ukrainian):
        workflow.start_coverage(story, by=boss)
    return english, ukrainian


def timeline(story):
    return list(
        LivePost.objects.filter(article=story).values_list("headline", "body", "is_key_event")
    )


def live_url(story):
    return reverse("admin:articles_livepost_live", args=[story.pk])


def test_each_edition_has_its_own_posts(live):
    english, ukrainian = live
    workflow.add_live_post(english, by=writer(), body="Sirens in Kyiv.")
    assert timeline(english) == [("", "<p>Sirens in Kyiv.</p>", False)]
    assert timeline(ukrainian) == []


def test_a_key_event_goes_to_both_editions_at_one_moment_in_their_own_words(live):
    english, ukrainian = live
    poster = writer()
    author = AuthorFactory(user=poster)
    posts = workflow.post_key_event(
        english,
        by=poster,
        headline="Dam breached",
        body="The Kakhovka dam was breached overnight.",
        is_pinned=True,
        also=[EditionPost(ukrainian, "Каховську греблю зруйновано вночі.", "Греблю зруйновано")],
    )
    assert [post.article for post in posts] == [english, ukrainian]
    assert timeline(ukrainian) == [
        ("Греблю зруйновано", "<p>Каховську греблю зруйновано вночі.</p>", True)
    ]
    assert timeline(english)[0][2] is True
    assert posts[0].published_at == posts[1].published_at
    assert all(post.is_pinned and post.author == author for post in posts)
    ukrainian.refresh_from_db()
    assert "Каховську" in ukrainian.live_text  # searchable in its own edition


def test_a_key_event_is_checked_on_both_editions_and_is_all_or_nothing(live):
    english, ukrainian = live
    other = ArticleFactory(published=True, language="uk")
    workflow.start_coverage(other, by=editor())
    cases = [
        (EditionPost(ukrainian, "   "), workflow.WorkflowError, "Write the Ukrainian post"),
        (EditionPost(other, "Текст"), workflow.WorkflowError, "this story's Ukrainian edition"),
    ]
    for also, error, message in cases:
        with pytest.raises(error, match=message):
            workflow.post_key_event(english, by=editor(), body="Text", also=[also])
    workflow.end_coverage(ukrainian, by=editor())
    with pytest.raises(workflow.WorkflowError, match="Start live coverage of the Ukrainian"):
        workflow.post_key_event(
            english, by=editor(), body="Text", also=[EditionPost(ukrainian, "Т")]
        )
    assert not LivePost.objects.exists()


def test_a_writer_who_may_not_open_the_other_edition_cannot_post_there(two_languages):
    owner, stranger = writer(), writer()
    english = ArticleFactory(published=True)
    draft = edition_of(english, created_by=owner)  # a draft, its writer's own
    for story in (english, draft):
        workflow.start_coverage(story, by=editor())
    assert workflow.key_event_editions(english, by=stranger) == []
    assert workflow.key_event_editions(english, by=owner) == [draft]
    with pytest.raises(workflow.NotAllowed, match="may not post to the Ukrainian edition"):
        workflow.post_key_event(english, by=stranger, body="Text", also=[EditionPost(draft, "Т")])
    assert not LivePost.objects.exists()


# The posting page -------------------------------------------------------------------------------


def test_the_posting_page_offers_the_other_live_edition_and_posts_to_both(client, live):
    english, ukrainian = live
    client.force_login(writer())
    page = client.get(live_url(english)).content.decode()
    assert "Also post this key event to the Ukrainian edition" in page
    assert 'name="body_uk"' in page and 'lang="uk"' in page
    response = client.post(
        live_url(english),
        {
            "action": "post",
            "headline": "Dam breached",
            "body": "The dam was breached.",
            "also_uk": "on",
            "headline_uk": "Греблю зруйновано",
            "body_uk": "Греблю зруйновано.",
        },
        follow=True,
    )
    assert "Posted as a key event here and in the Ukrainian edition" in response.content.decode()
    assert timeline(english) == [("Dam breached", "<p>The dam was breached.</p>", True)]
    assert timeline(ukrainian) == [("Греблю зруйновано", "<p>Греблю зруйновано.</p>", True)]
    # And the other way: the Ukrainian edition's page offers the English one.
    assert "Also post this key event to the English edition" in (
        client.get(live_url(ukrainian)).content.decode()
    )


def test_a_key_event_for_both_without_the_other_words_keeps_the_text_and_posts_nothing(
    client, live
):
    english, _ = live
    client.force_login(writer())
    response = client.post(
        live_url(english),
        {"action": "post", "body": "The dam was breached.", "also_uk": "on", "body_uk": " "},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write the post in Ukrainian, or untick" in html
    assert "The dam was breached." in html  # the typed text is kept
    assert not LivePost.objects.exists()


def test_an_edition_whose_coverage_ended_is_not_offered_and_a_stale_tick_is_refused(client, live):
    english, ukrainian = live
    workflow.end_coverage(ukrainian, by=editor())
    client.force_login(writer())
    page = client.get(live_url(english)).content.decode()
    assert 'name="also_uk"' not in page
    assert "Ukrainian edition</a>'s live coverage is off" in page
    response = client.post(
        live_url(english),
        {"action": "post", "body": "The dam was breached.", "also_uk": "on", "body_uk": "Т"},
    )
    assert response.status_code == 200
    assert "The Ukrainian edition takes no posts now" in response.content.decode()
    assert not LivePost.objects.exists()


def test_a_one_language_posting_page_is_unchanged(client):
    story = ArticleFactory(published=True)
    workflow.start_coverage(story, by=editor())
    client.force_login(writer())
    page = client.get(live_url(story)).content.decode()
    assert "Also post" not in page and "edition" not in page
