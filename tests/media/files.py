"""Image files for the media tests, made with Pillow (and a few made wrong on purpose)."""

import io
import struct
import zlib

from PIL import Image as PILImage
from PIL import ImageDraw


def encode(image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo(width=320, height=180, color=(40, 90, 160)):
    """A plain picture with some detail, so encoders have something to do."""
    image = PILImage.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    for step in range(0, width, 40):
        draw.line((step, 0, width - step, height), fill=(230, 200, 40), width=3)
    return image


def jpeg(width=320, height=180, color=(40, 90, 160)) -> bytes:
    return encode(photo(width, height, color), "JPEG", quality=85)


def noisy_jpeg(width=800, height=600) -> bytes:
    """A JPEG that does not compress well, for size limits and truncation."""
    noise = PILImage.effect_noise((width, height), 80).convert("RGB")
    return encode(noise, "JPEG", quality=95)


def in_format(fmt: str, width=160, height=90) -> bytes:
    image = photo(width, height)
    if fmt == "GIF":
        image = image.convert("P")
    return encode(image, fmt)


def marked(width=1600, height=900, mark=(0.9, 0.5), size=60) -> bytes:
    """White, with a red square centred on `mark` (fractions of the width and height)."""
    image = PILImage.new("RGB", (width, height), (255, 255, 255))
    x, y = mark[0] * width, mark[1] * height
    ImageDraw.Draw(image).rectangle(
        (x - size / 2, y - size / 2, x + size / 2, y + size / 2), fill=(220, 0, 0)
    )
    return encode(image, "PNG")


def jpeg_with_exif(*, orientation=None, gps=False, width=200, height=100) -> bytes:
    image = photo(width, height)
    exif = image.getexif()
    exif[0x010F] = "Camera maker"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (50.0, 27.0, 0.0), 3: "E", 4: (30.0, 31.0, 0.0)}
    return encode(image, "JPEG", quality=90, exif=exif)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=30000, height=30000) -> bytes:
    """A few hundred bytes that declare a width×height PNG (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def png_with_bad_checksum() -> bytes:
    data = bytearray(in_format("PNG"))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # a byte of pixel data, so its chunk's CRC no longer matches
    return bytes(data)


def truncated_jpeg() -> bytes:
    data = noisy_jpeg()
    return data[: len(data) // 2]


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
ADAM7 += ((0, 1, 1, 2),)


def flat_png(width, height, color=(40, 90, 160), *, interlace=False, cut=0, bad_row=None) -> bytes:
    """A single-colour RGB PNG built row by row, so a huge one costs little memory to make.

    `cut` drops that many bytes from the end of the compressed pixel data (the chunk's CRC is
    still right); `bad_row` gives that row an unknown filter type.
    """
    compressor = zlib.compressobj(9)
    parts = []
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    row_number = 0
    for x0, y0, dx, dy in passes:
        columns, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns <= 0 or rows <= 0:
            continue
        row = b"\x00" + bytes(color) * columns
        for _ in range(rows):
            line = b"\x07" + row[1:] if row_number == bad_row else row
            parts.append(compressor.compress(line))
            row_number += 1
    pixels = b"".join(parts) + compressor.flush()
    if cut:
        pixels = pixels[:-cut]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 1 if interlace else 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )
