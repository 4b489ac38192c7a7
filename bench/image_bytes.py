"""Bytes a reader downloads for a card image and a lead image: AVIF and WebP against JPEG.

Runs the renditions code the site uses (media/renditions.py: same crop, resize and encoder
settings) on each photo given, or on a generated photo-like picture when none is, and prints a
Markdown table. No database is needed.

    .venv/bin/python bench/image_bytes.py [PHOTO.jpg ...]

"card" is the 800×450 rendition (a ~280 CSS px card on a 2x screen), "lead" the 1200×675 one (the
article's lead image on a phone at 3x or a laptop at 2x). "JPEG q80" is the site's own JPEG at
that size; "upload" is the original file, what a site without renditions would send.
"""

import io
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.conf import settings  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from PIL import ImageDraw, ImageFilter  # noqa: E402

from media.models import Image  # noqa: E402
from media.renditions import QUALITY, Job, _decode, _encode, _resize  # noqa: E402
from media.specs import Spec  # noqa: E402

SIZES = {"card": Spec.parse("fill-800x450"), "lead": Spec.parse("fill-1200x675")}
FORMATS = ("jpeg", "webp", "avif")


def generated_photo() -> bytes:
    """A 3000×2000 picture with gradients, soft shapes and grain, saved as a camera would (q92)."""
    width, height = 3000, 2000
    ramp = PILImage.linear_gradient("L").resize((width, height))
    picture = PILImage.merge(
        "RGB",
        (
            ramp,
            ramp.transpose(PILImage.Transpose.ROTATE_90).resize((width, height)),
            PILImage.new("L", (width, height), 110),
        ),
    )
    draw = ImageDraw.Draw(picture)
    for n in range(400):
        x, y, r = (n * 7919) % width, (n * 104729) % height, 20 + (n * 31) % 260
        draw.ellipse((x, y, x + r, y + r), fill=((n * 53) % 256, (n * 97) % 256, (n * 193) % 256))
    picture = picture.filter(ImageFilter.GaussianBlur(4))
    grain = PILImage.effect_noise((width, height), 24).convert("RGB")
    picture = PILImage.blend(picture, grain, 0.12)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def measure(name: str, data: bytes) -> list[str]:
    with PILImage.open(io.BytesIO(data)) as probe:
        width, height = probe.size
    image = Image(width=width, height=height, focal_x=0.5, focal_y=0.5)
    rows = []
    for label, spec in SIZES.items():
        jobs = [Job(spec, fmt) for fmt in FORMATS]
        source, icc = _decode(data, image, jobs)
        picture = _resize(source, image, spec)
        sizes, seconds = {}, {}
        for fmt in FORMATS:
            started = time.perf_counter()
            sizes[fmt] = len(_encode(picture, fmt, icc))
            seconds[fmt] = time.perf_counter() - started
        jpeg = sizes["jpeg"]
        cells = [
            name,
            f"{label} {picture.width}×{picture.height}",
            kb(len(data)),
            kb(jpeg),
            f"{kb(sizes['webp'])} ({percent(sizes['webp'], jpeg)})",
            f"{kb(sizes['avif'])} ({percent(sizes['avif'], jpeg)})",
            " / ".join(f"{seconds[fmt] * 1000:.0f}" for fmt in FORMATS),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def percent(size: int, base: int) -> str:
    return f"{(size - base) / base * 100:+.0f}%"


def main(paths: list[str]) -> None:
    inputs = [(Path(p).name, Path(p).read_bytes()) for p in paths] or [
        ("generated 3000×2000", generated_photo())
    ]
    print(f"AVIF speed {settings.IMAGE_AVIF_SPEED}; quality: {QUALITY}.\n")
    print(
        "| photo | rendition | upload | JPEG q80 | WebP (vs JPEG) | AVIF (vs JPEG) "
        "| encode ms JPEG / WebP / AVIF |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, data in inputs:
        for row in measure(name, data):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
