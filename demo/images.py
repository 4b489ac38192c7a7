"""Pillow-drawn pictures for the demo newsroom: landscapes for stories, portraits for authors."""

import hashlib
import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

from media import models as media

PALETTES = [
    # sky top, sky bottom, land, accent
    ((24, 42, 84), (235, 146, 92), (38, 44, 52), (255, 214, 150)),
    ((114, 168, 214), (222, 236, 246), (92, 128, 62), (250, 250, 240)),
    ((44, 62, 80), (140, 160, 176), (70, 76, 84), (210, 70, 60)),
    ((250, 196, 120), (252, 232, 196), (160, 120, 60), (90, 60, 40)),
    ((16, 20, 40), (60, 70, 120), (20, 24, 30), (255, 226, 120)),
    ((120, 180, 200), (200, 230, 235), (40, 90, 120), (255, 255, 255)),
]


def _gradient(draw, width, height, top, bottom):
    for y in range(height):
        t = y / max(1, height - 1)
        color = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=color)


def landscape_jpeg(index: int, width: int = 1600, height: int = 900) -> bytes:
    """A distinct scene per index: skyline, hills, sea or field under a graded sky."""
    rng = random.Random(index)
    sky_top, sky_bottom, land, accent = PALETTES[index % len(PALETTES)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.55, 0.72))
    _gradient(draw, width, horizon, sky_top, sky_bottom)
    sun_x, sun_r = rng.randint(width // 5, width * 4 // 5), rng.randint(40, 90)
    draw.ellipse([sun_x - sun_r, horizon - sun_r * 3, sun_x + sun_r, horizon - sun_r], fill=accent)
    scene = index % 4
    if scene == 0:  # city skyline with lit windows
        x = 0
        while x < width:
            w, h = rng.randint(60, 160), rng.randint(80, int(height * 0.45))
            draw.rectangle([x, horizon - h, x + w, height], fill=land)
            for wy in range(horizon - h + 12, horizon, 26):
                for wx in range(x + 10, x + w - 10, 22):
                    if rng.random() < 0.35:
                        draw.rectangle([wx, wy, wx + 9, wy + 13], fill=accent)
            x += w + rng.randint(4, 20)
        draw.rectangle([0, horizon, width, height], fill=land)
    elif scene == 1:  # rolling hills
        for layer in range(3):
            shade = tuple(max(0, c - layer * 18) for c in land)
            base = horizon + layer * 60
            points = [(0, height)]
            for x in range(0, width + 80, 80):
                points.append((x, base - int(60 * rng.random()) - layer * 10))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    elif scene == 2:  # sea with ships
        for y in range(horizon, height):
            t = (y - horizon) / max(1, height - horizon)
            color = tuple(int(land[i] * (0.6 + 0.4 * t)) for i in range(3))
            draw.line([(0, y), (width, y)], fill=color)
        for _ in range(rng.randint(2, 4)):
            sx, sw = rng.randint(50, width - 300), rng.randint(160, 280)
            sy = horizon + rng.randint(10, 60)
            draw.polygon(
                [(sx, sy), (sx + sw, sy), (sx + sw - 30, sy + 28), (sx + 20, sy + 28)],
                fill=(30, 30, 36),
            )
            draw.rectangle([sx + sw // 3, sy - 40, sx + sw // 3 + 50, sy], fill=(200, 60, 50))
    else:  # field with rows and a lone tree
        draw.rectangle([0, horizon, width, height], fill=land)
        for row in range(0, width * 2, 70):
            draw.line(
                [(width // 2, horizon), (row - width // 2, height)],
                fill=tuple(min(255, c + 30) for c in land),
                width=6,
            )
        tx = rng.randint(width // 6, width * 5 // 6)
        draw.rectangle([tx - 8, horizon - 120, tx + 8, horizon + 10], fill=(50, 36, 28))
        draw.ellipse([tx - 90, horizon - 230, tx + 90, horizon - 80], fill=(40, 70, 40))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def portrait_jpeg(index: int, size: int = 400) -> bytes:
    """A head-and-shoulders silhouette on a coloured ground, for author avatars."""
    rng = random.Random(1000 + index)
    sky_top, sky_bottom, _land, _accent = PALETTES[index % len(PALETTES)]
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    _gradient(draw, size, size, sky_bottom, sky_top)
    skin = rng.choice([(241, 204, 176), (198, 146, 110), (141, 95, 66), (224, 180, 140)])
    clothes = rng.choice([(40, 50, 70), (120, 30, 40), (60, 90, 70), (30, 30, 30)])
    draw.ellipse([size * 0.18, size * 0.62, size * 0.82, size * 1.3], fill=clothes)
    draw.rectangle([size * 0.43, size * 0.5, size * 0.57, size * 0.68], fill=skin)
    draw.ellipse([size * 0.32, size * 0.18, size * 0.68, size * 0.6], fill=skin)
    hair = rng.choice([(40, 30, 24), (90, 60, 30), (20, 20, 20), (160, 150, 140)])
    draw.chord([size * 0.3, size * 0.14, size * 0.7, size * 0.5], 180, 360, fill=hair)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def library_image(data: bytes, name: str, **fields) -> media.Image:
    """The library's image for these bytes, made on first use (the library keeps one per file)."""
    existing = media.Image.objects.filter(content_hash=hashlib.sha256(data).hexdigest()).first()
    return existing or media.Image.objects.create(file=ContentFile(data, name=name), **fields)
