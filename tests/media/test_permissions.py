"""Writers may change only their own images that nothing public uses; editors any image."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from media.models import Image
from media.usage import in_public_use
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    editor,
    superuser,
    writer,
)
from tests.media import files

pytestmark = pytest.mark.django_db


def change_url(image):
    return f"/admin/media/image/{image.pk}/change/"


def replacement(image, **fields):
    return {
        "file": SimpleUploadedFile("new.jpg", files.jpeg(640, 360, (200, 30, 30)), "image/jpeg"),
        "title": "Replaced",
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source": "",
        "licence": "",
        "rights_expire_on": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }


@pytest.mark.parametrize("use", ["published", "scheduled", "avatar"])
def test_writer_cannot_replace_an_image_in_public_use(client, use):
    user = writer()
    image = ImageFactory(uploaded_by=user)  # even their own upload
    if use == "avatar":
        AuthorFactory(avatar=image)
    else:
        ArticleFactory(lead_image=image, **{use: True})
    before = (image.file.name, image.content_hash, image.title)
    client.force_login(user)

    page = client.get(change_url(image))
    assert page.status_code == 200  # still visible, read-only
    html = page.content.decode()
    assert 'type="file"' not in html and 'name="_save"' not in html

    response = client.post(change_url(image), replacement(image))
    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.file.name, image.content_hash, image.title) == before


def test_writer_cannot_change_someone_elses_unused_image(client):
    image = ImageFactory(uploaded_by=editor())
    client.force_login(writer())
    assert client.post(change_url(image), replacement(image)).status_code == 403
    image.refresh_from_db()
    assert image.title != "Replaced"


def test_writer_can_change_their_own_image_while_only_drafts_use_it(client):
    user = writer()
    image = ImageFactory(uploaded_by=user)
    ArticleFactory(lead_image=image)  # a draft
    old_hash = image.content_hash
    client.force_login(user)
    response = client.post(change_url(image), replacement(image))
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.title == "Replaced" and image.content_hash != old_hash


@pytest.mark.parametrize("make_user", [editor, superuser])
def test_editor_can_change_a_published_lead_image(client, make_user):
    image = ImageFactory(uploaded_by=writer())
    ArticleFactory(lead_image=image, published=True)
    client.force_login(make_user())
    response = client.post(change_url(image), replacement(image))
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.title == "Replaced"


def test_bulk_delete_respects_the_per_image_rule(client):
    user = writer()
    # Writers hold no delete permission today; the per-image rule holds if they get one.
    user.user_permissions.add(Permission.objects.get(codename="delete_image"))
    own, public = ImageFactory(uploaded_by=user), ImageFactory(uploaded_by=user)
    ArticleFactory(lead_image=public, published=True)
    client.force_login(user)
    data = {"action": "delete_selected", "_selected_action": [own.pk, public.pk], "post": "yes"}
    assert client.post("/admin/media/image/", data).status_code == 403
    assert Image.objects.count() == 2
    data["_selected_action"] = [own.pk]
    assert client.post("/admin/media/image/", data).status_code == 302
    assert list(Image.objects.all()) == [public]


def test_in_public_use_falls_back_to_status_and_authors():
    image = ImageFactory()
    assert not in_public_use(image)
    story = ArticleFactory(lead_image=image)
    for status, public in [
        ("draft", False),
        ("in_review", False),
        ("unpublished", False),
        ("scheduled", True),
        ("published", True),
    ]:
        story.status = status
        story.save(update_fields=["status"])
        assert in_public_use(image) is public, status
    avatar = ImageFactory()
    AuthorFactory(avatar=avatar)
    assert in_public_use(avatar)


def test_in_public_use_asks_the_model_when_it_can_say(monkeypatch):
    image = ImageFactory()
    ArticleFactory(lead_image=image, published=True)
    monkeypatch.setattr(Article, "image_use_is_public", lambda self: False, raising=False)
    assert not in_public_use(image)
    monkeypatch.setattr(Article, "image_use_is_public", lambda self: True, raising=False)
    ArticleFactory(lead_image=(draft_image := ImageFactory()))
    assert in_public_use(draft_image)
