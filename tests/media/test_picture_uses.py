"""A picture a story shows in its text (inline, in a gallery, as an embed's thumbnail, in a live
post) is a use like a lead image: the writers' rule, "Used by" and the delete page count it,
and "Used by" names only the stories the user may open."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles import workflow
from articles.models import Article
from media.models import Image
from media.usage import in_public_use, unused, used_by
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, editor, writer
from tests.media import files
from tests.media.bodies import body

pytestmark = pytest.mark.django_db

PLACES = ("inline", "gallery", "embed", "live post")


def show(image, place, **story) -> Article:
    """A story that shows `image` in `place` and nowhere else (not as its lead image)."""
    if place == "live post":
        article = ArticleFactory(coverage_started_at=timezone.now(), **story)
        workflow.add_live_post(article, by=None, body=body(image, place))
        return article
    return ArticleFactory(body=body(image, place), **story)


def change_url(image):
    return f"/admin/media/image/{image.pk}/change/"


def chooser_url(image):
    return f"/admin/media/image/chooser/{image.pk}/"


def change_form(image, **fields):
    return {
        "file": SimpleUploadedFile("new.jpg", files.jpeg(640, 360, (200, 30, 30)), "image/jpeg"),
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": "Someone else/Agency",
        "source": "",
        "licence": "",
        "rights_expire_on": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }


def chooser_form(image):
    return {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": "Someone else/Agency",
        "focal_x": "0.2",
        "focal_y": "0.2",
    }


def state(image) -> tuple:
    image.refresh_from_db()
    return (image.file.name, image.content_hash, image.credit, image.focal_x)


# Who may change it --------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["published", "scheduled"])
@pytest.mark.parametrize("place", PLACES)
def test_writer_cannot_change_a_picture_a_public_story_shows_in_its_text(client, place, status):
    user = writer()
    image = ImageFactory(uploaded_by=user)  # their own upload
    show(image, place, **{status: True})
    before = state(image)
    client.force_login(user)

    assert in_public_use(image)
    assert client.post(change_url(image), change_form(image)).status_code == 403
    assert client.post(chooser_url(image), chooser_form(image)).status_code == 403
    assert state(image) == before
    html = client.get(change_url(image)).content.decode()
    assert 'type="file"' not in html and 'name="_save"' not in html  # read-only


@pytest.mark.parametrize("place", PLACES)
def test_writer_may_change_their_picture_while_only_a_draft_shows_it(client, place):
    user = writer()
    image = ImageFactory(uploaded_by=user)
    show(image, place)  # a draft
    client.force_login(user)

    assert not in_public_use(image)
    response = client.post(chooser_url(image), chooser_form(image))
    assert response.status_code == 200 and response.json()["credit"] == "Someone else/Agency"
    old_hash = image.content_hash
    response = client.post(change_url(image), change_form(image, credit="Newer/Agency"))
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.credit == "Newer/Agency" and image.content_hash != old_hash


@pytest.mark.parametrize("place", PLACES)
def test_a_picture_is_free_again_once_no_public_story_shows_it(place):
    image = ImageFactory()
    story = show(image, place, published=True)
    assert in_public_use(image)
    if place == "live post":
        workflow.delete_live_post(story.live_posts.get(), by=editor())
    else:
        story.body = "<p>The picture was taken out.</p>"
        story.save()
    assert not in_public_use(image)


def test_taking_the_story_down_frees_its_pictures():
    image = ImageFactory()
    story = show(image, "gallery", published=True)
    workflow.unpublish(story, by=editor(), reason="Legal", notice="Removed.")
    assert not in_public_use(image)


def test_an_editor_may_change_a_published_body_picture(client):
    image = ImageFactory(uploaded_by=writer())
    show(image, "inline", published=True)
    client.force_login(editor())
    assert client.post(chooser_url(image), chooser_form(image)).status_code == 200
    image.refresh_from_db()
    assert image.credit == "Someone else/Agency"


# "Used by" and "Not used yet" -------------------------------------------------------------


def test_used_by_lists_every_place_a_story_shows_the_picture(client):
    image = ImageFactory()
    story = ArticleFactory(
        title="Budget vote", lead_image=image, body=body(image, "gallery"), published=True
    )
    live = show(image, "live post", title="Storm live", published=True)
    author = AuthorFactory(name="Olena Marchenko", avatar=image)
    client.force_login(editor())
    html = client.get(change_url(image)).content.decode()
    assert f'href="/admin/articles/article/{story.pk}/change/">Budget vote</a>' in html
    assert "(story · lead image)" in html and "(story · gallery picture)" in html
    assert f'href="/admin/articles/article/{live.pk}/change/">Storm live</a>' in html
    assert "(story · inline picture in a live post)" in html
    assert f'href="/admin/authors/author/{author.pk}/change/">Olena Marchenko</a>' in html


def test_a_picture_only_in_a_body_is_not_offered_as_unused():
    image, spare = ImageFactory(), ImageFactory()
    show(image, "embed")
    offered = set(unused(Image.objects.all()))
    assert spare in offered and image not in offered


def test_used_by_never_names_a_draft_the_writer_cannot_open(client):
    wanda = writer(username="wanda")
    image = ImageFactory(uploaded_by=wanda)
    show(image, "inline", title="Minister to resign")  # a colleague's draft
    ArticleFactory(title="Another secret draft", lead_image=image)
    mine = show(image, "gallery", title="My own draft", created_by=wanda)
    public = show(image, "embed", title="Out already", published=True)
    client.force_login(wanda)

    html = client.get(change_url(image)).content.decode()
    assert "Minister to resign" not in html and "Another secret draft" not in html
    assert "2 stories you cannot open" in html
    assert f'href="/admin/articles/article/{mine.pk}/change/">My own draft</a>' in html
    assert f'href="/admin/articles/article/{public.pk}/change/">Out already</a>' in html

    client.force_login(editor())
    html = client.get(change_url(image)).content.decode()
    assert "Minister to resign" in html and "Another secret draft" in html
    assert "you cannot open" not in html


def test_used_by_counts_a_story_once_however_many_places_hide_it():
    image = ImageFactory()
    ArticleFactory(title="Hidden", lead_image=image, body=body(image, "gallery"))
    found = used_by(image, writer())
    assert found.shown == [] and dict(found.hidden) == {("story", "stories"): 1}


# Deleting ---------------------------------------------------------------------------------


def test_the_delete_page_says_where_a_body_picture_is_used(client):
    image = ImageFactory()
    story = show(image, "inline", title="Budget vote", published=True)
    client.force_login(editor())
    html = client.get(f"/admin/media/image/{image.pk}/delete/").content.decode()
    assert f'href="/admin/articles/article/{story.pk}/change/">Budget vote</a>' in html
    assert "it will disappear from there" in html
    assert "picture in a story:" not in html.lower()  # the bookkeeping rows are not listed

    response = client.post(f"/admin/media/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert story.pictures.count() == 0
    assert "Budget vote" in client.get(story.get_absolute_url()).content.decode()


def test_a_writer_cannot_delete_a_picture_a_public_body_shows(client):
    user = writer()
    user.user_permissions.add(Permission.objects.get(codename="delete_image"))
    image = ImageFactory(uploaded_by=user)
    show(image, "gallery", published=True)
    client.force_login(user)
    assert client.post(f"/admin/media/image/{image.pk}/delete/", {"post": "yes"}).status_code == 403
    data = {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"}
    assert client.post("/admin/media/image/", data).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_writers_delete_page_names_no_draft_they_cannot_open(client):
    user = writer()
    user.user_permissions.add(Permission.objects.get(codename="delete_image"))
    image = ImageFactory(uploaded_by=user)
    show(image, "inline", title="Minister to resign")  # a colleague's draft
    client.force_login(user)
    for response in (
        client.get(f"/admin/media/image/{image.pk}/delete/"),
        client.post(
            "/admin/media/image/", {"action": "delete_selected", "_selected_action": [image.pk]}
        ),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Minister to resign" not in html and "1 story you cannot open" in html


def test_a_new_focal_point_makes_what_the_body_shows_at_once(
    client, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    show(image, "inline", published=True)
    client.force_login(editor())
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(chooser_url(image), chooser_form(image)).status_code == 200
    # No reader waits for the encoder: the body's uncropped picture is made with the crops.
    assert image.renditions.filter(spec__startswith="width-").exists()
