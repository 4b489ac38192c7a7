from django import forms
from django.core.files.uploadedfile import UploadedFile

from .models import Image, duplicate_error
from .uploads import ACCEPT_ATTRIBUTE, CheckedFile, check_image, read_upload


class ImageForm(forms.ModelForm):
    """The desk's upload form: the file is checked by decoding it (media/uploads.py), so a
    refused file is a form error and nothing reaches storage."""

    # A plain file field: Django's ImageField would open the upload with every Pillow plugin.
    file = forms.FileField(
        label="Image file",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=Image._meta.get_field("file").help_text,
    )

    class Meta:
        model = Image
        fields = (
            "file",
            "title",
            "alt_text",
            "caption",
            "credit",
            "source",
            "licence",
            "rights_expire_on",
            "focal_x",
            "focal_y",
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not isinstance(upload, UploadedFile):
            return upload  # the file already stored, unchanged
        checked = check_image(read_upload(upload))
        duplicate = Image.objects.duplicate_of(checked.content_hash, exclude_pk=self.instance.pk)
        if duplicate is not None:
            raise duplicate_error(duplicate)
        return CheckedFile(checked, name=upload.name)
