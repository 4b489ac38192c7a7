import functools
import posixpath
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import empty
from django.utils.text import slugify

from .specs import Spec, focal_key
from .uploads import ACCEPTED, CheckedFile, check_image, read_upload

RIGHTS_WARNING_DAYS = 30
# Where the library stores originals (below MEDIA_ROOT); renditions go beside, in renditions/.
ORIGINALS_FOLDER = "images"


def storage_token(*parts) -> str:
    """16 hex digits that no one without SECRET_KEY can work out from an image's id or file.

    Stored file names carry one, so a scheduled story's lead photo cannot be found by counting
    through ids before it is published.
    """
    value = ":".join(str(part) for part in parts)
    return salted_hmac("media.storage-name", value, algorithm="sha256").hexdigest()[:16]


def original_upload_to(instance, filename):
    stem = slugify(posixpath.splitext(posixpath.basename(filename))[0])[:60] or "image"
    ext = posixpath.splitext(filename)[1].lower()
    when = timezone.now()
    return f"{ORIGINALS_FOLDER}/{when:%Y/%m}/{stem}-{storage_token(instance.content_hash)}{ext}"


# An original's stored name as original_upload_to makes it (and storage may suffix it): below
# ORIGINALS_FOLDER, plain characters only, no part that starts with a dot.
_ORIGINAL_NAME = re.compile(rf"{ORIGINALS_FOLDER}(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")


def original_name_problem(name: str) -> str | None:
    """What keeps `name` from being an original's stored name, or None: a restore checks the
    names an archive gives before it writes a file under them."""
    if not _ORIGINAL_NAME.fullmatch(name):
        return (
            f"it is not a name the media library gives an original ({ORIGINALS_FOLDER}/…, "
            "in letters, digits, '-', '_' and '.')"
        )
    extensions = sorted(set(ACCEPTED.values()))
    if posixpath.splitext(name)[1][1:] not in extensions:
        return "the media library stores only ." + ", .".join(extensions) + " files"
    return None


def rendition_folder(image_id: int, content_hash: str) -> str:
    """Where an image's renditions are stored; a new file for the image means a new folder."""
    return f"renditions/{storage_token(image_id, content_hash)}"


def rendition_upload_to(instance, filename):
    return f"{rendition_folder(instance.image_id, instance.image.content_hash)}/{filename}"


def duplicate_error(duplicate) -> ValidationError:
    return ValidationError(
        'This file is already in the library as "%(title)s" (image %(id)s): use that one.',
        code="duplicate",
        params={"title": duplicate.title, "id": duplicate.pk},
    )


class ImageQuerySet(models.QuerySet):
    def duplicate_of(self, content_hash: str, *, exclude_pk=None):
        """The library's image with this file already, if any (one image per file)."""
        return self.filter(content_hash=content_hash).exclude(pk=exclude_pk).first()

    def missing_alt_or_credit(self):
        return self.filter(Q(alt_text="") | Q(credit=""))

    def search(self, query: str):
        """Images whose title, caption, credit or alt text contain each word of `query`."""
        queryset = self
        for word in query.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
                | Q(alt_text__icontains=word)
            )
        return queryset

    def rights_attention(self, today=None):
        """Images whose usage rights have expired or expire within 30 days."""
        today = today or timezone.localdate()
        return self.filter(rights_expire_on__lte=today + timedelta(days=RIGHTS_WARNING_DAYS))


class Image(models.Model):
    """A photo or graphic with the credit line, rights and alt text every use of it needs."""

    class Licence(models.TextChoices):
        STAFF = "staff", "Staff photo"
        AGENCY = "agency", "Agency (subscription)"
        HANDOUT = "handout", "Handout / press release"
        PERMISSION = "permission", "Used with permission"
        CREATIVE_COMMONS = "cc", "Creative Commons"
        PUBLIC_DOMAIN = "public_domain", "Public domain"
        OTHER = "other", "Other (see source)"

    file = models.ImageField(
        upload_to=original_upload_to,
        max_length=255,
        blank=True,
        help_text="JPEG, PNG, WebP, GIF or AVIF. The same file uploaded twice is one image.",
    )
    source_url = models.URLField(
        "image address",
        max_length=2000,
        blank=True,
        help_text="For an image kept as a link (e.g. imported from Ghost) instead of an upload.",
    )
    title = models.CharField(max_length=255, help_text="For finding the image in the library.")
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Required to publish.",
    )
    caption = models.TextField(
        blank=True, help_text="Shown under the image. A story can override it."
    )
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text='Photographer and agency, e.g. "Jane Doe/Reuters". Required to publish.',
    )
    source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where it came from: agency feed and picture ID, handout, reader, a web address.",
    )
    licence = models.CharField(max_length=20, choices=Licence, blank=True)
    rights_expire_on = models.DateField(
        "usage rights expire on",
        null=True,
        blank=True,
        help_text="Leave empty if the rights do not expire. "
        "The library flags images within 30 days of this date.",
    )
    focal_x = models.FloatField(
        "focal point x",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the left edge, 1 the right. Crops keep this point in frame.",
    )
    focal_y = models.FloatField(
        "focal point y",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0 is the top edge, 1 the bottom.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    content_hash = models.CharField(max_length=64, editable=False, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="media_image_unique_content",
                violation_error_message="This file is already in the library.",
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="media_image_focal_point_in_image",
            ),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(source_url=""), name="image_file_or_source_url"
            ),
        ]
        indexes = [
            models.Index(fields=["rights_expire_on"]),
            models.Index(fields=["source_url"], name="image_source_url_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Check a new file (see media/uploads.py) and fill size and hash before storing it.

        `Image(file=ContentFile(data, name=...), title=...).save()` is all it takes; a bad
        file raises ValidationError and nothing is written.
        """
        new_file = self._pending_file()
        if new_file is not None:
            checked = getattr(new_file, "checked", None) or check_image(read_upload(new_file))
            duplicate = Image.objects.duplicate_of(checked.content_hash, exclude_pk=self.pk)
            if duplicate is not None:
                raise duplicate_error(duplicate)
            self.content_hash = checked.content_hash
            self.width, self.height = checked.width, checked.height
            self.file_size = len(checked.data)
            stem = posixpath.splitext(posixpath.basename(new_file.name or ""))[0] or self.title
            self.file = CheckedFile(
                checked, name=f"{slugify(stem)[:60] or 'image'}.{checked.extension}"
            )
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "file",
                    "width",
                    "height",
                    "file_size",
                    "content_hash",
                }
        stored_hash, stored_x, stored_y, stored_file = getattr(self, "_stored", (None,) * 4)
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
                if stored_hash is not None and stored_hash != self.content_hash:
                    self.renditions.all().delete()
                elif stored_x is not None and (stored_x, stored_y) != (self.focal_x, self.focal_y):
                    # Crops made for the old focal point are never shown again.
                    self.renditions.exclude(focal_key="").delete()
        except BaseException:
            if new_file is not None and self.file.name and self.file._committed:
                self.file.storage.delete(self.file.name)
            raise
        if new_file is not None and stored_file and stored_file != self.file.name:
            _delete_file_on_commit(self.file.storage, stored_file)
        self._stored = (self.content_hash, self.focal_x, self.focal_y, self.file.name)
        self.forget_renditions()

    def forget_renditions(self) -> None:
        """Drop renditions prefetched with this instance, so the next look-up reads them."""
        getattr(self, "_prefetched_objects_cache", {}).pop("renditions", None)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # Remember what was stored, so save() knows when old renditions stop being right.
        instance._stored = (
            instance.__dict__.get("content_hash"),
            instance.__dict__.get("focal_x"),
            instance.__dict__.get("focal_y"),
            instance.__dict__.get("file"),
        )
        return instance

    def _pending_file(self):
        """The file just assigned to `file` and not stored yet, if any."""
        field_file = self.file
        if field_file is None or getattr(field_file, "_committed", True):
            return None
        return field_file._file  # also a ContentFile given without a name

    def clean(self):
        if not self.file and not self.source_url:
            raise ValidationError("Upload an image file or give the image's address.")

    @property
    def url(self) -> str:
        """Where readers load the original: the uploaded file, else the linked address."""
        return self.file.url if self.file else self.source_url


class Rendition(models.Model):
    """One resized copy of an image in one format, made once and reused by every page."""

    class Format(models.TextChoices):
        AVIF = "avif", "AVIF"
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=32)
    format = models.CharField(max_length=4, choices=Format)
    # The focal point a crop was made for ("" for specs that do not crop).
    focal_key = models.CharField(max_length=16, blank=True)
    file = models.FileField(upload_to=rendition_upload_to, max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file_size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format", "focal_key"], name="media_rendition_once"
            )
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec} {self.format}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.spec, self.format, self.focal_key)

    @property
    def url(self) -> str:
        return rendition_file_url(self.file.name)

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"

    @staticmethod
    def key_for(image: Image, spec: Spec, format: str) -> tuple[str, str, str]:
        return _rendition_key(spec, format, image.focal_x, image.focal_y)


# A pure function of its arguments: kept for the life of the process.
@functools.lru_cache(maxsize=8192)
def _rendition_key(spec: Spec, format: str, focal_x: float, focal_y: float):
    return (str(spec), format, focal_key(spec, focal_x, focal_y))


def rendition_file_url(name: str) -> str:
    """The address of a stored rendition file. A page shows up to ~20 pictures × 3 formats ×
    3 widths: each name is resolved once (_rendition_url)."""
    storage = Rendition.file.field.storage
    # default_storage is a lazy proxy that forwards every attribute read (and the hash):
    # key the cache on the storage it stands for once that exists.
    real = getattr(storage, "_wrapped", storage)
    if real is empty:
        real = storage
    return _rendition_url(real, getattr(real, "base_url", None), name)


def stored_file_url(name: str) -> str:
    """The address of an uploaded original (Image.url without an instance)."""
    return Image.file.field.storage.url(name)


# A pure function of its arguments: a stored name never changes, nor its storage's address.
@functools.lru_cache(maxsize=8192)
def _rendition_url(storage, base_url, name: str) -> str:
    """A rendition's URL: fixed by its storage and its name."""
    return storage.url(name)


def _delete_file_on_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


@receiver(post_delete, sender=Image)
@receiver(post_delete, sender=Rendition)
def _delete_stored_file(sender, instance, **kwargs):
    # Also runs for cascades and admin bulk deletes, which never call Model.delete().
    if instance.file:
        _delete_file_on_commit(instance.file.storage, instance.file.name)
