import posixpath

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .models import Image, duplicate_error
from .uploads import ACCEPT_ATTRIBUTE, CheckedFile, check_image, read_upload


class ImageForm(forms.ModelForm):
    """The desk's upload form: the file is checked by decoding it (media/uploads.py), so a
    refused file is a form error and nothing reaches storage."""

    duplicate = None  # the library's image with the same file, when that is why it was refused

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
            self.duplicate = duplicate  # the chooser offers it instead
            raise duplicate_error(duplicate)
        return CheckedFile(checked, name=upload.name)


class ChooserUploadForm(ImageForm):
    """The image chooser's first step: just the file, with the library's checks. The image is
    titled after the file's name; the next step (ImageDetailsForm) describes it."""

    class Meta(ImageForm.Meta):
        fields = ("file",)

    def save(self, commit=True):
        image = super().save(commit=False)
        image.title = image.title or title_from_filename(self.cleaned_data["file"].name)
        if commit:
            image.save()
        return image


def title_from_filename(name: str) -> str:
    """ "kyiv_metro-2024.jpg" -> "Kyiv metro 2024": a start the writer can improve."""
    stem = posixpath.splitext(posixpath.basename(name or ""))[0]
    words = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:])[:255] or "Untitled image"


class ImageDetailsForm(forms.ModelForm):
    """What the chooser asks for after an upload: the words every use needs and the focal point."""

    class Meta:
        model = Image
        fields = ("title", "alt_text", "caption", "credit", "focal_x", "focal_y")
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 2}),
            "focal_x": forms.NumberInput(
                attrs={"step": "0.001", "min": "0", "max": "1", "data-focal": "x"}
            ),
            "focal_y": forms.NumberInput(
                attrs={"step": "0.001", "min": "0", "max": "1", "data-focal": "y"}
            ),
        }

    def __init__(self, *args, **kwargs):
        # Shown inside other forms (a story's): ids of its own, never "id_title".
        kwargs.setdefault("auto_id", "ic_%s")
        super().__init__(*args, **kwargs)
