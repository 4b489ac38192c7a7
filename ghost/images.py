"""Pictures from a Ghost export: addresses resolved against the old site, files found in
its images folder, each one a library Image (a file, or a link a later run can fill in).
An image never stops the import: one that cannot be used is listed in the report."""

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from media.models import Image

from .export import Record, describe

GHOST_URL_PLACEHOLDER = "__GHOST_URL__"
# Ghost's resized copies (/content/images/size/w600/2024/01/x.jpg) and format conversions
# (/format/webp/) stand for the original upload.
_SIZE_VARIANT = re.compile(r"^(?:size/w\d+(?:h\d+)?/)?(?:format/\w+/)?")


class ImageImport:
    """The importer's pictures (mixed into GhostImporter: ghost_url, images_dir, report)."""

    def image_url(self, value) -> tuple[str, str]:
        """(absolute address, "") for an image address as Ghost exports it, or ("", why not)."""
        if value is None:
            return "", ""
        if not isinstance(value, str):
            return "", "is not text"
        url = value.strip()
        if url.startswith(GHOST_URL_PLACEHOLDER):
            url = url.removeprefix(GHOST_URL_PLACEHOLDER)
            if self.ghost_url:
                url = self.ghost_url + url
        if not url:
            return "", ""
        if url.startswith("//"):
            # Ghost's default Gravatar profile images are protocol-relative.
            url = "https:" + url
        try:
            relative = not urlsplit(url).scheme
        except ValueError:
            return "", "is not a web address"
        if relative:
            if not self.ghost_url and self.images_dir and "/content/images/" in url:
                return url, ""  # looked up in --images; without the file it is skipped
            if not self.ghost_url:
                return "", "is on the old Ghost site: pass --ghost-url with its address"
            url = urljoin(self.ghost_url + "/", url)
        try:
            if urlsplit(url).scheme not in {"http", "https"}:
                raise ValidationError("not on the web")
            Image._meta.get_field("source_url").run_validators(url)
        except (ValueError, ValidationError):
            return "", "is not a web address"
        return url, ""

    def image_values(
        self, name: str, record: Record, key: str, *, title: str, alt: str = ""
    ) -> dict[str, int | None]:
        """{name: the image's pk or None}; {} (keep what is there) when the address is unusable.

        An image never stops the import: one that cannot be used is listed in the report.
        """
        value = record.raw.get(key)
        url, problem = self.image_url(value)
        if problem:
            self.report.skip_image(f"{record.label}: {key} {describe(value)} {problem}")
            return {}
        if not url:
            return {name: None}
        image = self.library_image(url, record, title=title, alt=alt)
        return {name: image.pk if image else None}

    def library_image(self, url: str, record: Record, *, title: str, alt: str = "", caption=""):
        """The library's Image for an address: the file itself when --images has it (one image
        per file, whoever used it first), else a linked image that a later run can fill in."""
        data, missing = self.local_file(url)
        absolute = url if url.startswith(("http://", "https://")) else ""
        if data is None and not absolute:
            self.report.skip_image(f"{record.label}: {url}: {missing or 'not found'}")
            return None
        linked = Image.objects.filter(source_url=absolute).first() if absolute else None
        image = None
        if data is not None:
            image = Image.objects.duplicate_of(hashlib.sha256(data).hexdigest())
            if image is None and linked is not None and not linked.file:
                image = linked  # found on disk this time: the link becomes a library file
                image.file = ContentFile(data, name=Path(urlsplit(url).path).name)
                self.save_image(image, record, "updated")
            elif image is None:
                image = Image(
                    file=ContentFile(data, name=Path(urlsplit(url).path).name),
                    source_url=absolute,
                    title=(title or Path(urlsplit(url).path).stem)[:255],
                )
                self.save_image(image, record, "created")
        else:
            if missing:
                self.report.note(f"{record.label}: {missing}; kept as a link to {url}")
            image = linked
            if image is None:
                image = Image(source_url=url, title=(title or url)[:255])
                self.save_image(image, record, "created", exclude=["file"])
        if image is None:
            return None
        # A picture shared by several posts gets the first alt text and caption anyone gave.
        filled = {
            key: value[:limit]
            for key, value, limit in (("alt_text", alt, 300), ("caption", caption, 1000))
            if value and not getattr(image, key)
        }
        if filled:
            Image.objects.filter(pk=image.pk).update(**filled)
            for key, value in filled.items():
                setattr(image, key, value)
        return image

    def save_image(self, image: Image, record: Record, outcome: str, exclude=()) -> None:
        record.validate(image, exclude=["file", *exclude])
        try:
            image.save()
        except ValidationError as error:
            raise record.error(f"image {image.source_url}: {' '.join(error.messages)}") from None
        self.report.count("images", outcome)

    def local_file(self, url: str) -> tuple[bytes | None, str]:
        """The original upload in --images for a Ghost content image, and why not if absent."""
        if self.images_dir is None:
            return None, ""
        path = urlsplit(url).path
        marker = "/content/images/"
        if marker not in path:
            return None, ""
        relative = _SIZE_VARIANT.sub("", path.split(marker, 1)[1])
        candidate = (self.images_dir / relative).resolve()
        if not candidate.is_relative_to(self.images_dir) or not candidate.is_file():
            return None, f"{relative} is not in the images folder"
        return candidate.read_bytes(), ""
