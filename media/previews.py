"""The desk's own previews of library images: small WebP renditions served through a
staff-only address (ImageAdmin.preview_view), never the public rendition files."""

import logging

from django.urls import reverse
from django.utils.html import format_html

from .renditions import get_rendition
from .specs import ADMIN_THUMB

logger = logging.getLogger(__name__)


def desk_rendition(image, spec):
    """One of the desk's WebP previews of an image, or None (logged) if its file is broken."""
    if image is None or not image.file:
        return None
    try:
        return get_rendition(image, spec)
    except Exception:  # noqa: BLE001 - one broken file must not break a desk page
        logger.exception("No %s preview for image %s", spec, image.pk)
        return None


def preview_img(image, spec=ADMIN_THUMB, css_class="media-thumb"):
    """The desk's <img> of a library image (a small thumbnail by default), or a dash.

    Lists that show many should prefetch their images' renditions (see ImageAdmin and
    ArticleAdmin.get_queryset).
    """
    rendition = desk_rendition(image, spec)
    if rendition is None:
        return "—"
    return format_html(
        '<img class="{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        css_class,
        preview_url(image, rendition),
        rendition.width,
        rendition.height,
    )


def preview_url(image, rendition) -> str:
    """The staff-only address of a desk preview (never the rendition's public file name)."""
    url = reverse("admin:media_image_preview", args=[image.pk, rendition.spec])
    return f"{url}?v={rendition.pk}"
