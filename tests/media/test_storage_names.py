"""Stored files cannot be found from an image's id, and the desk's previews are for staff only."""

import re

import pytest

from media.models import Rendition
from media.renditions import get_rendition, get_renditions, jobs_for
from media.specs import ADMIN_THUMB, LEAD
from tests.factories import ArticleFactory, ImageFactory, UserFactory, writer

pytestmark = pytest.mark.django_db


def preview_path(image, spec=ADMIN_THUMB):
    return f"/admin/media/image/{image.pk}/preview/{spec}/"


def test_rendition_names_are_not_derived_from_the_id_alone(settings):
    image = ImageFactory()
    ArticleFactory(lead_image=image, scheduled=True)  # embargoed: must not be found by counting
    made = get_renditions(image, jobs_for(image, LEAD)).values()
    names = [rendition.file.name for rendition in made]
    assert names
    for name in names:
        folder = name.split("/")[1]
        assert re.fullmatch(r"[0-9a-f]{16}", folder), name
        assert f"/{image.pk}/" not in f"/{name}"
    # Keyed with SECRET_KEY: knowing the scheme and the id is not enough.
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    Rendition.objects.all().delete()
    image.forget_renditions()
    other = get_rendition(image, ADMIN_THUMB).file.name
    assert other.split("/")[1] not in names[0]


def test_original_names_carry_a_keyed_token_not_the_content_hash():
    image = ImageFactory()
    assert image.content_hash[:10] not in image.file.name
    assert re.fullmatch(r"images/\d{4}/\d{2}/photo-\d+-[0-9a-f]{16}\.jpg", image.file.name)


def test_a_new_file_moves_the_renditions_to_a_new_folder():
    image = ImageFactory()
    before = get_rendition(image, ADMIN_THUMB).file.name
    replacement = ImageFactory.build().file
    image.file = replacement
    image.save()
    after = get_rendition(image, ADMIN_THUMB).file.name
    assert before.split("/")[1] != after.split("/")[1]


def test_anonymous_preview_goes_to_the_login_page(client):
    image = ImageFactory()
    response = client.get(preview_path(image))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert not Rendition.objects.exists()  # nothing made for an anonymous request


def test_staff_without_image_permission_get_no_preview(client):
    client.force_login(UserFactory())  # staff, no permissions
    assert client.get(preview_path(ImageFactory())).status_code == 403


def test_staff_preview_streams_the_rendition_privately(client):
    image = ImageFactory()
    client.force_login(writer())
    response = client.get(preview_path(image))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    rendition = Rendition.objects.get(image=image, spec=ADMIN_THUMB)
    with rendition.file.open("rb") as handle:
        assert body == handle.read()
    assert response["Content-Type"] == "image/webp"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize("spec", ["fill-1200x675", "max-4000x4000", "nonsense"])
def test_preview_serves_only_the_desks_specs(client, spec):
    client.force_login(writer())
    assert client.get(preview_path(ImageFactory(), spec)).status_code == 404


def test_change_page_shows_previews_through_the_staff_path(client):
    image = ImageFactory()
    client.force_login(UserFactory(is_superuser=True))
    html = client.get(f"/admin/media/image/{image.pk}/change/").content.decode()
    assert f'src="/admin/media/image/{image.pk}/preview/max-800x800/?v=' in html
    assert "/media/renditions/" not in html
