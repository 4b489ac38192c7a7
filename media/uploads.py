"""Upload checks: only real JPEG, PNG, WebP, GIF and AVIF files get into the library.

The file is judged by decoding it with Pillow, never by its name or declared type. Files over
the size cap, images over the pixel cap (decompression bombs), truncated and corrupt files are
refused with a message an editor can act on. What is kept has its EXIF orientation applied and
no GPS position, so nothing served from the library tells where a photo was taken.
"""

import hashlib
import io
import struct
import warnings
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage
from PIL import ImageFile, ImageOps, UnidentifiedImageError

# Pillow format name -> file extension. Pillow only tries these decoders on an upload.
ACCEPTED = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "AVIF": "avif"}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif,image/avif"

EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825

# Never decode a partial file as if it were whole.
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass(frozen=True)
class CheckedImage:
    data: bytes  # what the library stores: orientation applied, no GPS
    format: str
    width: int
    height: int
    content_hash: str  # SHA-256 of the file as uploaded, so a second upload is recognised

    @property
    def extension(self) -> str:
        return ACCEPTED[self.format]


class CheckedFile(ContentFile):
    """A file that has passed `check_image`, carrying the result so it is not decoded twice."""

    def __init__(self, checked: CheckedImage, name: str):
        super().__init__(checked.data, name=name)
        self.checked = checked


def max_bytes() -> int:
    return settings.IMAGE_MAX_UPLOAD_BYTES


def max_pixels() -> int:
    return settings.IMAGE_MAX_PIXELS


def read_upload(file) -> bytes:
    """The bytes of an uploaded file, refusing one over the size cap before reading it all."""
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        raise _too_large(size)
    file.seek(0)
    data = file.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise _too_large(len(data))
    return data


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        "This file is %(size)s; the limit is %(limit)s. Export a smaller JPEG and upload that.",
        code="file_too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
    )


def check_image(data: bytes) -> CheckedImage:
    """Decode `data` fully and return what to store, or raise a ValidationError saying why not."""
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    if len(data) > max_bytes():
        raise _too_large(len(data))
    content_hash = hashlib.sha256(data).hexdigest()
    with warnings.catch_warnings():
        # Pillow's own bomb check warns below twice its limit: treat that as a refusal too.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            # Opening reads only the header, so the pixel cap is checked before any decoding.
            with PILImage.open(io.BytesIO(data), formats=tuple(ACCEPTED)) as probe:
                _check_pixels(*probe.size)
                probe.verify()  # checksums and structure (PNG chunk CRCs and the like)
            image = PILImage.open(io.BytesIO(data), formats=tuple(ACCEPTED))
            width, height = image.size
            _check_pixels(width, height)
            _decode_all(image, data)  # truncated or corrupt pixel data fails here
        except ValidationError:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except UnidentifiedImageError:
            raise _not_an_image(data) from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as error:
            raise ValidationError(
                "The image is damaged or incomplete (%(detail)s). Export it again and upload "
                "the new file.",
                code="corrupt",
                params={"detail": str(error) or type(error).__name__},
            ) from None
    with image:
        stored = _without_location(image, data)
        if stored is not data:
            width, height = _size_of(stored)
        return CheckedImage(stored, image.format, width, height, content_hash)


def check_original(name: str, data: bytes) -> CheckedImage:
    """An original read back from elsewhere (a restore): checked as an upload is, and named
    for what it is, as the library names what it stores (a PNG ends in .png)."""
    checked = check_image(data)
    if not name.endswith(f".{checked.extension}"):
        raise ValidationError(
            "It is a %(format)s image, which the media library names .%(extension)s.",
            code="misnamed",
            params={"format": checked.format, "extension": checked.extension},
        )
    return checked


def _decode_all(image, data: bytes) -> None:
    """Decode every byte of pixel data without holding the whole picture in memory, so a small
    file that declares millions of pixels costs a few megabytes to check, not hundreds.

    JPEGs are decoded at 1/8 scale (libjpeg still reads every scan); a PNG's pixel data is
    inflated a megabyte at a time. Other formats Pillow can only decode whole.
    """
    width, height = image.size
    if image.format == "JPEG":
        image.draft(None, (-(-width // 8), -(-height // 8)))
        image.load()
    elif image.format == "PNG":
        metadata = _check_png_data(data)
        # Metadata after the pixel data: give it to Pillow, or getexif() would decode it all.
        image.info.setdefault("exif", metadata.get("exif", b""))
        if "xmp" in metadata:
            image.info.setdefault("xmp", metadata["xmp"])
    else:
        image.load()


PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type
# Adam7 interlacing: each pass's first column and row, and its steps across and down.
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2))
ADAM7 += ((0, 1, 1, 2),)
INFLATE_STEP = 1024 * 1024
PNG_XMP_KEYWORD = b"XML:com.adobe.xmp"


def _png_passes(header: bytes) -> list[tuple[int, int]]:
    """(rows, bytes per row with its filter byte) of each pass of a PNG's pixel data."""
    width, height, bits, color_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if color_type not in PNG_CHANNELS:
        raise ValueError(f"unknown PNG colour type {color_type}")
    bits_per_pixel = bits * PNG_CHANNELS[color_type]
    passes = []
    for x0, y0, dx, dy in ADAM7 if interlace else ((0, 0, 1, 1),):
        columns, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns > 0 and rows > 0:
            passes.append((rows, 1 + (columns * bits_per_pixel + 7) // 8))
    return passes


def _png_chunks(data: bytes):
    view = memoryview(data)
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", view[position : position + 8])
        yield kind, view[position + 8 : position + 8 + length]
        if kind == b"IEND":
            return
        position += 12 + length


def _check_png_data(data: bytes) -> dict[str, bytes]:
    """Inflate a PNG's pixel data piece by piece, checking its length and every row's filter
    type. Returns the eXIf and XMP metadata wherever they are in the file."""
    passes, metadata = None, {}
    inflater = zlib.decompressobj()
    pass_index = pass_position = 0
    for kind, payload in _png_chunks(data):
        if kind == b"IHDR":
            passes = _png_passes(bytes(payload[:13]))
        elif kind == b"IDAT" and passes is not None:
            pending = bytes(payload)
            while pending and pass_index < len(passes):
                out = inflater.decompress(pending, INFLATE_STEP)
                pending = inflater.unconsumed_tail
                position = 0
                while position < len(out) and pass_index < len(passes):
                    rows, row_size = passes[pass_index]
                    take = min(len(out) - position, rows * row_size - pass_position)
                    piece = out[position : position + take]
                    if max(piece[-pass_position % row_size :: row_size], default=0) > 4:
                        raise ValueError("bad PNG row filter")
                    position, pass_position = position + take, pass_position + take
                    if pass_position == rows * row_size:
                        pass_index, pass_position = pass_index + 1, 0
        elif kind == b"eXIf":
            metadata["exif"] = b"Exif\x00\x00" + bytes(payload)
        elif kind == b"iTXt" and bytes(payload[: len(PNG_XMP_KEYWORD) + 1]) == (
            PNG_XMP_KEYWORD + b"\x00"
        ):
            metadata["xmp"] = _itxt_text(bytes(payload[len(PNG_XMP_KEYWORD) + 1 :]))
    if passes is None or pass_index < len(passes):
        raise OSError("image file is truncated")
    return metadata


def _itxt_text(rest: bytes) -> bytes:
    """The text of an iTXt chunk after its keyword: flag, method, language, keyword, text."""
    compressed = rest[:1] == b"\x01"
    _language, _keyword, text = (rest[2:].split(b"\x00", 2) + [b"", b""])[:3]
    if compressed:
        inflater = zlib.decompressobj()
        text = inflater.decompress(text, INFLATE_STEP)  # a megabyte of XMP is plenty to search
    return text


def _check_pixels(width: int, height: int) -> None:
    if width < 1 or height < 1 or width * height > max_pixels():
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    size = f"{width}×{height} pixels" if width else "too many pixels"
    return ValidationError(
        "The image is %(size)s; the limit is %(limit)s megapixels. Resize it and upload again.",
        code="too_many_pixels",
        params={"size": size, "limit": round(max_pixels() / 1_000_000)},
    )


def _not_an_image(data: bytes) -> ValidationError:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        return ValidationError(
            "SVG files are not accepted (they can carry scripts). Export the graphic as PNG.",
            code="svg",
        )
    return ValidationError(
        "This is not a JPEG, PNG, WebP, GIF or AVIF image, whatever its name says.",
        code="not_an_image",
    )


def _without_location(checked, data: bytes) -> bytes:
    """`data`, or a re-encoded copy when it needs turning upright or carries a GPS position."""
    exif = checked.getexif()
    orientation = exif.get(EXIF_ORIENTATION, 1)
    xmp = checked.info.get("xmp") or b""
    has_gps = EXIF_GPS_IFD in exif or b"GPSLatitude" in _as_bytes(xmp)
    if orientation in (0, 1) and not has_gps:
        return data
    # Re-encoding needs the whole picture at full size (the check above may have decoded less).
    with PILImage.open(io.BytesIO(data), formats=tuple(ACCEPTED)) as image:
        return _reencoded(image)


def _reencoded(image) -> bytes:
    upright = ImageOps.exif_transpose(image)
    exif = upright.getexif()
    exif.pop(EXIF_ORIENTATION, None)
    exif.pop(EXIF_GPS_IFD, None)
    options = {"exif": exif.tobytes()}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    if image.format == "JPEG":
        options.update(quality=92, subsampling=0 if _is_444(image) else 2)
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
    elif image.format in ("WEBP", "AVIF"):
        options.update(quality=90)
    elif image.format == "GIF":
        options = {}
    buffer = io.BytesIO()
    upright.save(buffer, image.format, **options)
    return buffer.getvalue()


def _is_444(image) -> bool:
    try:
        from PIL import JpegImagePlugin

        return JpegImagePlugin.get_sampling(image) == 0
    except Exception:  # noqa: BLE001 - sampling is only a quality hint
        return False


def _as_bytes(value) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def _size_of(data: bytes) -> tuple[int, int]:
    with PILImage.open(io.BytesIO(data)) as image:
        return image.size
