from django.conf import settings
from django.db import models

from newsroom.pagecache import purge_public_pages


class Image(models.Model):
    """A photo or graphic with the credit line and alt text every use of it needs."""

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
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
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    file_size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file_size:
            self.file_size = self.file.size
        super().save(*args, **kwargs)
        purge_public_pages()

    @property
    def aspect_ratio(self) -> float:
        return self.width / self.height if self.height else 16 / 9
