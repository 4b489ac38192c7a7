"""Every change to a story goes through the workflow: version, revision, event, signal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import signals, workflow
from articles.models import Article
from media.models import Image
from tests.desk import change_url, form_data
from tests.factories import ArticleFactory, ready_article

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def heard():
    """What the workflow told listeners, as (signal name, story id, action)."""
    received = []
    names = {
        signals.story_published: "published",
        signals.story_updated: "updated",
        signals.story_withdrawn: "withdrawn",
    }
    handlers = []
    for signal, name in names.items():

        def handler(sender, article, action, name=name, **kwargs):
            received.append((name, article.pk, action))

        signal.connect(handler)
        handlers.append((signal, handler))
    yield received
    for signal, handler in handlers:
        signal.disconnect(handler)


def test_a_change_post_without_base_version_is_refused_and_changes_nothing(client, edith):
    article = ready_article(status=S.IN_REVIEW, title="Original headline")
    client.force_login(edith)
    data = form_data(article, title="Overwritten headline")
    del data["base_version"]
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "reload the story" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Original headline"
    assert not article.revisions.exists()


def test_save_article_needs_the_version_for_an_existing_story(edith):
    article = ready_article(status=S.DRAFT)
    with pytest.raises(workflow.WorkflowError, match="reload the story"):
        workflow.save_article(article, by=edith, expected_version=None)


def test_save_article_keeps_a_revision_and_signals_updates_to_public_stories(
    edith, heard, django_capture_on_commit_callbacks
):
    article = ready_article(status=S.PUBLISHED, published_at=timezone.now())
    article.title = "Sharper headline"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article(article, by=edith, expected_version=article.version)
    assert article.revisions.get().data["title"] == "Sharper headline"
    assert heard == [("updated", article.pk, "edit")]


def test_drafts_saved_tell_readers_nothing(edith, heard, django_capture_on_commit_callbacks):
    article = ready_article(status=S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article(article, by=edith, expected_version=article.version)
    assert heard == []


def test_moves_signal_publication_and_withdrawal(edith, heard, django_capture_on_commit_callbacks):
    article = ready_article(status=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=edith)
        workflow.unpublish(article, by=edith, reason="Legal")
    assert heard == [("published", article.pk, "publish"), ("withdrawn", article.pk, "unpublish")]


def test_scheduled_publication_signals_too(heard, django_capture_on_commit_callbacks):
    article = ready_article(status=S.SCHEDULED, published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_due()
    assert heard == [("published", article.pk, "publish_scheduled")]


def test_every_desk_action_is_registered_once():
    assert set(workflow.transitions._ACTIONS) == set(workflow.TRANSITIONS)


def test_a_desk_action_with_an_invalid_form_changes_nothing(client, edith):
    article = ready_article(status=S.IN_REVIEW)
    client.force_login(edith)
    response = client.post(
        change_url(article),
        form_data(article, _workflow="schedule", **{"wf-at": "next tuesday"}),
        follow=True,
    )
    assert "Enter a valid date/time" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    assert not article.events.exists()


def test_an_unknown_desk_action_is_refused(client, edith):
    article = ready_article(status=S.IN_REVIEW)
    client.force_login(edith)
    response = client.post(change_url(article), form_data(article, _workflow="delete"), follow=True)
    assert "Unknown desk action" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_restore_keeps_the_current_slug_when_another_story_took_the_old_one(client, edith):
    article = ready_article(status=S.DRAFT, slug="old-address")
    old = workflow.record_revision(article, by=edith)
    article.slug = "new-address"
    workflow.save_article(article, by=edith, expected_version=article.version)
    ArticleFactory(slug="old-address")
    client.force_login(edith)
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, old.pk]), follow=True
    )
    assert response.status_code == 200
    assert "another story has it now" in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "new-address"


def test_a_restore_names_both_addresses_as_the_site_serves_them(edith, settings):
    # Reversed, never written out: a site that serves stories elsewhere is told its own.
    settings.ROOT_URLCONF = "tests.articles.urls_elsewhere"
    article = ready_article(status=S.DRAFT, slug="old-address")
    old = workflow.record_revision(article, by=edith)
    article.slug = "new-address"
    workflow.save_article(article, by=edith, expected_version=article.version)
    ArticleFactory(slug="old-address")
    restored = workflow.restore_revision(old, by=edith)
    assert restored.left_out == [
        "the address /elsewhere/old-address/ (another story has it now; "
        "this one keeps /elsewhere/new-address/)"
    ]


def test_restore_without_a_deleted_lead_image_says_so(client, edith):
    article = ready_article(status=S.DRAFT)
    old = workflow.record_revision(article, by=edith)
    Image.objects.filter(pk=article.lead_image_id).delete()
    client.force_login(edith)
    response = client.post(
        reverse("admin:articles_article_restore", args=[article.pk, old.pk]), follow=True
    )
    assert response.status_code == 200
    assert "the lead image (it was deleted from the library)" in response.content.decode()
    article.refresh_from_db()
    assert article.lead_image_id is None
    assert article.events.filter(action="restore").exists()


def test_the_roundup_is_composed_through_the_workflow(edith):
    with pytest.raises(workflow.WorkflowError, match="at least one story"):
        workflow.compose_roundup(by=edith)  # nothing published today yet
    ArticleFactory(published=True, published_at=timezone.now())
    roundup = workflow.compose_roundup(by=edith)
    assert roundup.events.get().action == "compose_roundup"
    assert roundup.revisions.count() == 1
    assert roundup.created_by == edith


def test_new_stories_and_roundups_take_free_addresses_from_one_helper(edith):
    ArticleFactory(slug="harbour-reopens")
    ArticleFactory(slug="harbour-reopens-2")
    text = "<p>The harbour is open again.</p>"
    story = workflow.save_article(
        Article(title="Harbour reopens!", body=text), by=edith, expected_version=None
    )
    assert story.slug == "harbour-reopens-3"
    untitled = Article(title="?!", body=text)
    assert workflow.save_article(untitled, by=edith, expected_version=None).slug == "story"
    # Cut short of the field's length, with room for a number and no hyphen left dangling.
    assert workflow.slug_for("word " * 100) == ("word-" * 48)[:-1]
    assert workflow.free_slug("Key developments on 2026-11-27") == "key-developments-on-2026-11-27"
    ArticleFactory(published=True, published_at=timezone.now())
    first, second = (workflow.compose_roundup(by=edith) for _ in range(2))
    day = timezone.localdate().isoformat()
    assert (first.slug, second.slug) == (f"key-developments-{day}", f"key-developments-{day}-2")


# Headlines are one line on every path that saves a story: a line feed in one broke the desk's
# emails, and one in a <title> or a feed title is never what the writer meant.
BROKEN_LINE = "Line\nfeed\r\n\tand\u2028more\x00\x07"


def test_save_article_keeps_headlines_and_titles_on_one_line(edith):
    article = ArticleFactory(status=S.DRAFT)
    article.title = BROKEN_LINE
    article.seo_title = " Search\ntitle "
    article.share_title = "Social\u2029title"
    article.dek = "First line.\nSecond line."  # a standfirst may have lines
    workflow.save_article(article, by=edith, expected_version=article.version)
    article.refresh_from_db()
    assert article.title == "Line feed and more"
    assert (article.seo_title, article.share_title) == ("Search title", "Social title")
    assert article.dek == "First line.\nSecond line."
    assert article.revisions.get().data["title"] == "Line feed and more"


def test_a_new_story_and_a_restored_version_are_kept_on_one_line(edith):
    article = workflow.save_article(
        Article(title="New\nstory", body="<p>Text.</p>"), by=edith, expected_version=None
    )
    assert Article.objects.get(pk=article.pk).title == "New story"
    assert article.slug == "new-story"
    old = article.revisions.get()
    old.data["title"] = "Old\nheadline"  # kept before headlines were cleaned
    old.save()
    workflow.restore_revision(old, by=edith)
    assert Article.objects.get(pk=article.pk).title == "Old headline"


def test_a_headline_of_control_characters_alone_is_refused_by_the_form(client, edith):
    article = ready_article(status=S.DRAFT, title="Harbour reopens")
    client.force_login(edith)
    response = client.post(change_url(article), form_data(article, title="\x01\x02\u2028"))
    assert response.status_code == 200
    assert "this one has no letters" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Harbour reopens"
    assert not article.revisions.exists()
