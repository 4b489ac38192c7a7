from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .chooser import describe
from .models import Image


class ImageChooserWidget(forms.Widget):
    """A library image for any ForeignKey to media.Image: its thumbnail, alt text and credit,
    with "Choose"/"Change" and "Clear" buttons that open the image chooser in a modal
    (static/js/image-chooser.js). The value travels in a hidden input, as the image's id."""

    template_name = "media/widgets/image_chooser.html"

    class Media:
        css = {"all": ("css/admin-media.css", "css/image-chooser.css")}
        js = ("js/focal-point.js", "js/image-chooser.js")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = self.image_for(value)
        context["image"] = image
        context["description"] = describe(image) if image else None
        context["chooser_url"] = reverse("admin:media_image_chooser")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates folder: Django's default form renderer sees only the apps'.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))

    def id_for_label(self, id_):
        # No <label for>: it would point at a hidden input, or rename the buttons after the
        # field ("Lead image") instead of what they do ("Change").
        return None

    @staticmethod
    def image_for(value) -> Image | None:
        if isinstance(value, Image):
            return value
        if value in (None, ""):
            return None
        try:
            return Image.objects.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return None
