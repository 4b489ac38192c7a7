"""`{% picture image "fill-1200x675" sizes="…" %}`: a responsive `<picture>` of a library image."""

import logging

from django import template
from django.db import DatabaseError

from media.renditions import FALLBACK_FORMAT, SOURCE_FORMATS, get_renditions, plan_picture
from media.specs import PICTURE_SPECS, Spec

logger = logging.getLogger(__name__)
register = template.Library()


@register.inclusion_tag("components/picture.html")
def picture(image, spec, sizes="100vw", *, lead=False, css_class="", alt=None):
    """AVIF and WebP `srcset`s at the spec's widths, a JPEG `<img>` with its width and height.

    `lead` marks the page's lead image: fetched first (`fetchpriority="high"`), never lazily.
    `alt` replaces the image's alt text, e.g. `alt=""` beside a caption that says it all.
    Missing renditions are made on the spot (once); `manage.py renditions warm` makes them ahead.
    """
    if spec not in PICTURE_SPECS:
        raise template.TemplateSyntaxError(
            f"{spec!r} is not in media.specs.PICTURE_SPECS; add it there so `renditions warm` "
            "and `renditions clean` know about it."
        )
    context = {"sizes": sizes, "lead": lead, "css_class": css_class}
    if image is None:
        return context
    if not image.file:
        # Kept as a link (an import): shown as it is, with no renditions to offer.
        context.update(linked=image, alt=image.alt_text if alt is None else alt)
        return context
    plan = plan_picture(image, Spec.parse(spec))
    if plan is None:
        return context
    jobs = plan.jobs()
    try:
        found = get_renditions(image, jobs)
    except DatabaseError:
        raise  # the database is down: that is the page's problem, not this picture's
    except Exception:  # noqa: BLE001 - a missing or broken original must not take the page down
        logger.exception("Could not make %s renditions of image %s", spec, image.pk)
        return context
    fallback = found.get(next(job for job in jobs if job.format == FALLBACK_FORMAT))
    if fallback is None:
        return context
    sources = []
    for fmt in SOURCE_FORMATS:
        renditions = [found[job] for job in jobs if job.format == fmt and job in found]
        if renditions:
            srcset = ", ".join(f"{r.url} {r.width}w" for r in renditions)
            sources.append({"type": f"image/{fmt}", "srcset": srcset})
    context.update(
        sources=sources,
        img=fallback,
        alt=image.alt_text if alt is None else alt,
    )
    return context
