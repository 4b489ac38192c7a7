"""A changed picture (credit, caption, file, focal point) purges every cached page showing it:
its key (`image:<id>`) is on every page that shows it, wherever it sits in the story."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticlePicture
from authors.models import Author
from media.usage import references
from tests.factories import AuthorFactory, ImageFactory, editor, ready_article
from tests.media.bodies import body

pytestmark = pytest.mark.django_db

OLD, NEW = "Old Credit/Agency", "New Credit/Wire"


def published_story_showing(image, place) -> Article:
    if place == "live post":
        story = ready_article(published=True, coverage_started_at=timezone.now())
        workflow.add_live_post(story, by=None, body=body(image, place))
        return story
    return ready_article(published=True, body=body(image, place))


def editor_changes(image, capture, **fields):
    """An editor saves the image's details in the chooser (the library's own save)."""
    desk = Client()
    desk.force_login(editor())
    data = {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
        **fields,
    }
    with capture(execute=True):
        assert desk.post(f"/admin/media/image/chooser/{image.pk}/", data).status_code == 200


@pytest.mark.parametrize("place", ["inline", "gallery", "embed", "live post"])
def test_a_cached_story_page_is_purged_when_its_picture_changes(
    client, place, django_capture_on_commit_callbacks
):
    image = ImageFactory(credit=OLD)
    url = published_story_showing(image, place).get_absolute_url()
    first = client.get(url)
    assert f"image:{image.pk}" in first["Surrogate-Key"].split(" ")
    assert client.get(url)["Cache-Status"] == "newsroom; hit"

    editor_changes(image, django_capture_on_commit_callbacks, credit=NEW, focal_x="0.1")

    again = client.get(url)
    assert again["Cache-Status"] == "newsroom; fwd=stale; stored"
    if place in ("inline", "gallery"):  # where readers see the credit
        html = again.content.decode()
        assert OLD in first.content.decode() and NEW in html and OLD not in html


def test_an_embed_thumbnail_shows_its_new_crop_on_a_cached_page(
    client, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    url = published_story_showing(image, "embed").get_absolute_url()
    before = client.get(url).content.decode()
    assert "embed-thumbnail" in before
    editor_changes(image, django_capture_on_commit_callbacks, focal_x="0.1", focal_y="0.9")
    after = client.get(url).content.decode()
    assert "embed-thumbnail" in after and after != before


def test_a_cached_feed_shows_a_gallery_pictures_new_credit(
    client, django_capture_on_commit_callbacks
):
    image = ImageFactory(credit=OLD)
    published_story_showing(image, "gallery")
    assert OLD in client.get("/feed/").content.decode()
    assert client.get("/feed/")["Cache-Status"] == "newsroom; hit"
    editor_changes(image, django_capture_on_commit_callbacks, credit=NEW)
    assert NEW in client.get("/feed/").content.decode()


def test_the_article_page_names_every_picture_the_library_counts_as_the_storys(client):
    # Every kind of use the library knows (media.usage finds them from the foreign keys). A
    # new one fails here until the pages that show it name its pictures.
    assert {f"{f.model._meta.label}.{f.name}" for f in references()} == {
        "articles.Article.lead_image",
        "articles.Article.share_image",
        "articles.ArticlePicture.image",
        "authors.Author.avatar",
    }
    inline, gallery, thumbnail, post_picture = (ImageFactory() for _ in range(4))
    author = AuthorFactory(avatar=ImageFactory())
    story = ready_article(
        published=True,
        authors=[author],
        share_image=ImageFactory(),
        coverage_started_at=timezone.now(),
        body=body(inline, "inline") + body(gallery, "gallery") + body(thumbnail, "embed"),
    )
    workflow.add_live_post(story, by=None, body=body(post_picture, "live post"))

    used = {story.lead_image_id, story.share_image_id}
    used |= set(ArticlePicture.objects.filter(article=story).values_list("image", flat=True))
    used |= set(Author.objects.filter(bylines__article=story).values_list("avatar", flat=True))
    assert {inline.pk, gallery.pk, thumbnail.pk, post_picture.pk, author.avatar_id} <= used
    keys = set(client.get(story.get_absolute_url())["Surrogate-Key"].split(" "))
    assert {f"image:{pk}" for pk in used} <= keys


def test_a_live_pages_earlier_posts_name_their_own_pictures(client):
    story = ready_article(published=True, coverage_started_at=timezone.now())
    early = ImageFactory()
    workflow.add_live_post(
        story,
        by=None,
        body=body(early, "live post"),
        published_at=timezone.now() - timedelta(hours=2),
    )
    for n in range(20):
        workflow.add_live_post(story, by=None, body=f"<p>Update {n}.</p>")
    url = story.get_absolute_url()
    assert f"image:{early.pk}" not in client.get(url)["Surrogate-Key"].split(" ")
    page = client.get(url).content.decode()
    older = url + page.split('href="?before=')[1].split('"')[0].join(("?before=", ""))
    for headers in ({}, {"X-Show-More": "1"}):
        response = client.get(older, headers=headers)
        assert f"image:{early.pk}" in response["Surrogate-Key"].split(" ")
