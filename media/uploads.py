"""Upload checks: only real JPEG, PNG, WebP, GIF and AVIF files get into the library.

The file is judged by decoding it with Pillow, never by its name or declared type. Files over
the size cap, images over the pixel cap (decompression bombs), truncated and corrupt files are
refused with a message an editor can act on. What is kept has its EXIF orientation applied and
no GPS position, so nothing served from the library tells where a photo was taken.
"""

import hashlib
import io
import warnings
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
            with PILImage.open(io.BytesIO(data), formats=tuple(ACCEPTED)) as probe:
                _check_pixels(*probe.size)
                probe.verify()  # checksums and structure (PNG chunk CRCs and the like)
            image = PILImage.open(io.BytesIO(data), formats=tuple(ACCEPTED))
            image.load()  # a full decode: truncated or corrupt pixel data fails here
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
        width, height = image.size
        stored = _without_location(image, data)
        if stored is not data:
            width, height = _size_of(stored)
        return CheckedImage(stored, image.format, width, height, content_hash)


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


def _without_location(image, data: bytes) -> bytes:
    """`data`, or a re-encoded copy when it needs turning upright or carries a GPS position."""
    exif = image.getexif()
    orientation = exif.get(EXIF_ORIENTATION, 1)
    xmp = image.info.get("xmp") or b""
    has_gps = EXIF_GPS_IFD in exif or b"GPSLatitude" in _as_bytes(xmp)
    if orientation in (0, 1) and not has_gps:
        return data
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
