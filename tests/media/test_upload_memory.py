"""Checking an upload costs a few megabytes whatever the number of pixels it declares.

Pillow keeps decoded pictures in memory that tracemalloc does not see, so the checks run in a
fresh process and read its peak resident size as well.
"""

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from media.forms import ImageForm
from media.models import Image
from media.uploads import check_image
from tests.media import files

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc"),
]

MB = 1024 * 1024
BUDGET = 30 * MB

MEASURE = """
import json, re, sys, tracemalloc
import django
django.setup()
from django.conf import settings
from django.core.exceptions import ValidationError
from media.uploads import check_image
settings.IMAGE_MAX_PIXELS = int(sys.argv[2])
data = open(sys.argv[1], "rb").read()


def peak_resident():
    # VmHWM, not ru_maxrss: that one keeps the forking parent's peak across exec.
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1]) * 1024


before = peak_resident()
tracemalloc.start()
try:
    checked = check_image(data)
    outcome = f"accepted {checked.width}x{checked.height}"
except ValidationError as error:
    outcome = error.messages[0]
traced = tracemalloc.get_traced_memory()[1]
grown = peak_resident() - before
print(json.dumps({"outcome": outcome, "traced": traced, "grown": grown}))
"""


def measure(tmp_path, data: bytes, max_pixels: int) -> dict:
    path = tmp_path / "upload"
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), str(max_pixels)],
        cwd=Path(django_settings.BASE_DIR),
        env={"DJANGO_SETTINGS_MODULE": "newsroom.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def big_flat_png():
    return files.flat_png(6320, 6320)  # 40 million pixels in about 130 KB


def test_big_single_colour_png_is_checked_in_little_memory(tmp_path, big_flat_png):
    # Before: a full decode, about 160 MB for the picture alone.
    found = measure(tmp_path, big_flat_png, 40_000_000)
    assert found["outcome"] == "accepted 6320x6320"
    assert found["grown"] < BUDGET, found
    assert found["traced"] < BUDGET, found


def test_big_jpeg_is_checked_in_little_memory(tmp_path):
    buffer = io.BytesIO()
    PILImage.new("RGB", (6000, 6000), (40, 90, 160)).save(buffer, "JPEG", quality=50)
    found = measure(tmp_path, buffer.getvalue(), 40_000_000)
    assert found["outcome"] == "accepted 6000x6000"
    assert found["grown"] < BUDGET, found


def test_png_over_the_pixel_cap_is_refused_from_its_header(tmp_path, big_flat_png):
    found = measure(tmp_path, big_flat_png, 25_000_000)
    assert "6320×6320 pixels; the limit is 25 megapixels" in found["outcome"]
    assert found["grown"] < BUDGET and found["traced"] < BUDGET, found


def test_form_refuses_a_png_over_the_cap_and_stores_nothing(settings, big_flat_png):
    settings.IMAGE_MAX_PIXELS = 25_000_000
    upload = SimpleUploadedFile("poster.png", big_flat_png, "image/png")
    tracemalloc.start()
    try:
        form = ImageForm(
            data={"title": "Poster", "focal_x": "0.5", "focal_y": "0.5"}, files={"file": upload}
        )
        valid = form.is_valid()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not valid
    assert form.errors["file"] == [
        "The image is 6320×6320 pixels; the limit is 25 megapixels. Resize it and upload again."
    ]
    assert peak < BUDGET
    assert not Image.objects.exists()
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


@pytest.mark.parametrize("interlace", [False, True])
def test_png_pixel_data_is_checked_to_the_end(interlace):
    whole = files.flat_png(300, 200, interlace=interlace)
    with PILImage.open(io.BytesIO(whole)) as reference:
        reference.load()  # the test file itself is a good PNG
    assert (check_image(whole).width, check_image(whole).height) == (300, 200)
    for broken in [
        files.flat_png(300, 200, interlace=interlace, cut=40),
        files.flat_png(300, 200, interlace=interlace, bad_row=150),
    ]:
        with pytest.raises(ValidationError, match="damaged or incomplete"):
            check_image(broken)
