import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from media.forms import ImageForm
from media.models import Image
from tests.factories import UserFactory
from tests.media import files

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Flooded street",
    "alt_text": "Cars half under water on a flooded street",
    "caption": "",
    "credit": "Olena Marchenko/Meridian",
    "focal_x": "0.5",
    "focal_y": "0.5",
}


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def bad_uploads():
    """(file name, bytes, words the error must contain, settings to apply)."""
    return [
        pytest.param(
            "photo.jpg",
            b"MZ\x90\x00 not a picture at all" * 20,
            "not a JPEG",
            {},
            id="renamed-binary",
        ),
        pytest.param(
            "notes.jpg",
            b"Dear editor, here is the photo.\n" * 10,
            "not a JPEG",
            {},
            id="renamed-text",
        ),
        pytest.param(
            "logo.svg",
            files.SVG_WITH_SCRIPT,
            "SVG files are not accepted",
            {},
            id="svg-with-script",
        ),
        pytest.param(
            "logo.jpg",
            files.SVG_WITH_SCRIPT,
            "SVG files are not accepted",
            {},
            id="svg-renamed-jpg",
        ),
        pytest.param("scan.png", files.in_format("TIFF"), "not a JPEG", {}, id="tiff-renamed-png"),
        pytest.param(
            "cut.jpg", files.truncated_jpeg(), "damaged or incomplete", {}, id="truncated-jpeg"
        ),
        pytest.param(
            "bad.png", files.png_with_bad_checksum(), "damaged or incomplete", {}, id="corrupt-png"
        ),
        pytest.param("bomb.png", files.png_bomb(), "megapixels", {}, id="bomb-30000x30000"),
        pytest.param(
            "big.png",
            files.in_format("PNG", 200, 200),
            "200×200 pixels",
            {"IMAGE_MAX_PIXELS": 10_000},
            id="over-pixel-cap",
        ),
        pytest.param(
            "huge.jpg",
            files.noisy_jpeg(),
            "the limit is 50.0",
            {"IMAGE_MAX_UPLOAD_BYTES": 50 * 1024},
            id="oversized-file",
        ),
        pytest.param("empty.jpg", b"", "empty", {}, id="empty"),
    ]


@pytest.mark.parametrize(("name", "data", "message", "overrides"), bad_uploads())
def test_form_refuses_bad_upload_and_stores_nothing(settings, name, data, message, overrides):
    for key, value in overrides.items():
        setattr(settings, key, value)
    form = ImageForm(data=FIELDS, files={"file": SimpleUploadedFile(name, data, "image/jpeg")})
    assert not form.is_valid()
    assert message in " ".join(form.errors["file"])
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize(("name", "data", "message", "overrides"), bad_uploads())
def test_admin_upload_refuses_bad_file_and_stores_nothing(
    client, settings, name, data, message, overrides
):
    for key, value in overrides.items():
        setattr(settings, key, value)
    client.force_login(UserFactory(is_superuser=True))
    upload = SimpleUploadedFile(name, data, "image/jpeg")
    response = client.post("/admin/media/image/add/", {**FIELDS, "file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


@pytest.mark.parametrize(("name", "data", "message", "overrides"), bad_uploads())
def test_model_save_refuses_bad_file_and_stores_nothing(settings, name, data, message, overrides):
    for key, value in overrides.items():
        setattr(settings, key, value)
    with pytest.raises(ValidationError) as refused:
        Image(file=ContentFile(data, name=name), title="Bad").save()
    assert message in " ".join(refused.value.messages)
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the upload was read")


def test_file_over_cap_is_refused_before_it_is_read(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("photo.jpg", files.jpeg(), "image/jpeg")
    upload.file = Unreadable()
    form = ImageForm(data=FIELDS, files={"file": upload})
    assert not form.is_valid()
    assert "the limit is 1000" in form.errors["file"][0]


@pytest.mark.parametrize(
    ("fmt", "extension"),
    [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif"), ("AVIF", "avif")],
)
def test_accepted_formats_are_stored_with_their_real_extension(settings, fmt, extension):
    data = files.in_format(fmt, 160, 90)
    # The name lies; the file's content decides.
    form = ImageForm(data=FIELDS, files={"file": SimpleUploadedFile("upload.bmp", data, "x/y")})
    assert form.is_valid(), form.errors
    image = form.save()
    assert image.file.name.endswith(f".{extension}")
    assert (image.width, image.height) == (160, 90)
    assert image.file_size == len(data)
    assert len(image.content_hash) == 64
    assert len(stored_files(settings)) == 1


def test_seeder_style_construction_fills_dimensions_size_and_hash():
    data = files.jpeg(640, 360)
    image = Image(
        file=ContentFile(data, name="drawn.jpg"),
        title="Drawn",
        alt_text="A drawing",
        caption="Caption",
        credit="Meridian",
    )
    image.save()
    image.refresh_from_db()
    assert (image.width, image.height, image.file_size) == (640, 360, len(data))
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert image.content_hash
    # Created with objects.create(), and from a ContentFile that has no name.
    other = Image.objects.create(file=ContentFile(files.jpeg(300, 200)), title="No name")
    assert (other.width, other.height) == (300, 200)
    assert re.search(r"/no-name-[0-9a-f]{16}\.jpg$", other.file.name)


def test_same_file_twice_is_one_image(settings):
    data = files.jpeg()
    first = ImageForm(data=FIELDS, files={"file": SimpleUploadedFile("a.jpg", data)})
    assert first.is_valid()
    existing = first.save()
    again = ImageForm(data=FIELDS, files={"file": SimpleUploadedFile("b.jpg", data)})
    assert not again.is_valid()
    assert f'already in the library as "Flooded street" (image {existing.pk})' in " ".join(
        again.errors["file"]
    )
    with pytest.raises(ValidationError, match="already in the library"):
        Image(file=ContentFile(data, name="c.jpg"), title="Again").save()
    assert Image.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the 200×100 pixels show a 100×200 picture.
    image = Image.objects.create(
        file=ContentFile(files.jpeg_with_exif(orientation=6), name="turned.jpg"), title="Turned"
    )
    assert (image.width, image.height) == (100, 200)
    with image.file.open("rb") as handle, PILImage.open(handle) as stored:
        assert stored.size == (100, 200)
        assert stored.getexif().get(0x0112) in (None, 1)


def test_gps_position_is_stripped_and_other_exif_kept():
    image = Image.objects.create(
        file=ContentFile(files.jpeg_with_exif(gps=True), name="located.jpg"), title="Located"
    )
    with image.file.open("rb") as handle:
        data = handle.read()
    with PILImage.open(io.BytesIO(data)) as stored:
        exif = stored.getexif()
        assert 0x8825 not in exif
        assert exif.get(0x010F) == "Camera maker"
    # The hash is of the file as uploaded, so uploading it again is still caught.
    with pytest.raises(ValidationError, match="already in the library"):
        Image(file=ContentFile(files.jpeg_with_exif(gps=True), name="again.jpg"), title="x").save()


def test_failed_database_write_removes_the_stored_file(settings):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Image(file=ContentFile(files.jpeg(), name="a.jpg"), title=None).save()
    assert stored_files(settings) == []


def test_changing_details_keeps_the_file(settings):
    image = Image.objects.create(file=ContentFile(files.jpeg(), name="a.jpg"), title="A")
    name = image.file.name
    form = ImageForm(data={**FIELDS, "title": "Renamed"}, instance=image)
    assert form.is_valid(), form.errors
    form.save()
    image.refresh_from_db()
    assert (image.title, image.file.name) == ("Renamed", name)
    assert len(stored_files(settings)) == 1
