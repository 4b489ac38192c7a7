import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from media.models import Image
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def test_an_image_is_an_upload_or_a_link():
    uploaded = ImageFactory()
    linked = Image.objects.create(title="Linked", source_url="https://images.example.org/a.jpg")
    assert uploaded.url == uploaded.file.url
    assert linked.url == "https://images.example.org/a.jpg"

    with pytest.raises(ValidationError, match="Upload an image file or give"):
        Image(title="Nothing").full_clean()
    with pytest.raises(IntegrityError):
        Image.objects.create(title="Nothing")
