"""`{% picture picture "lead" sizes="…" %}`: a responsive `<picture>` of a library image."""

import functools
import logging
from html import escape

from django import template
from django.db import DatabaseError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from media.pictures import Picture, draw
from media.renditions import FALLBACK_FORMAT, SOURCE_FORMATS, get_renditions, plan_picture
from media.specs import PICTURE_SPECS, PURPOSES, Spec

logger = logging.getLogger(__name__)
register = template.Library()


@register.simple_tag
def picture(image, spec, sizes="100vw", *, lead=False, css_class="", alt=None) -> SafeString:
    """A Picture (media.pictures.draw), its spec named by purpose ("lead", "avatar", "body").

    Missing renditions are made on the spot (once); `manage.py renditions warm` makes them ahead.
    The HTML is built in Python, not in an included template: a listing shows twenty of them
    and an inclusion tag's template render cost more than finding the renditions.
    """
    if PURPOSES.get(spec, spec) not in PICTURE_SPECS:
        raise template.TemplateSyntaxError(
            f"{spec!r} is not in media.specs.PICTURE_SPECS; add it there so `renditions warm` "
            "and `renditions clean` know about it."
        )
    if isinstance(image, Picture):
        return draw(image, spec, sizes, lead=lead, css_class=css_class, alt=alt)
    return _draw_image(image, PURPOSES.get(spec, spec), sizes, lead, css_class, alt)


def _draw_image(image, spec, sizes, lead, css_class, alt) -> SafeString:
    # An Image instance with its renditions stashed by the page (until every page draws
    # Pictures).
    if image is None:
        return mark_safe("")
    attrs = _img_attrs(lead, css_class)
    if not image.file:
        # Kept as a link (an import): shown as it is, with no renditions to offer.
        return format_html(
            '<img src="{}" alt="{}"{}>',
            image.source_url,
            image.alt_text if alt is None else alt,
            mark_safe(attrs),
        )
    plan = plan_picture(image, _parse(spec))
    if plan is None:
        return mark_safe("")
    jobs = plan.jobs()
    try:
        found = get_renditions(image, jobs)
    except DatabaseError:
        raise  # the database is down: that is the page's problem, not this picture's
    except Exception:  # noqa: BLE001 - a missing or broken original must not take the page down
        logger.exception("Could not make %s renditions of image %s", spec, image.pk)
        return mark_safe("")
    fallback = found.get(next(job for job in jobs if job.format == FALLBACK_FORMAT))
    if fallback is None:
        return mark_safe("")
    # Plain string building with the standard library's escape: the same escaping as
    # format_html without its lazy-string checks, which were half of a card's cost.
    sizes = escape_html(sizes)
    sources = []
    for fmt in SOURCE_FORMATS:
        renditions = [found[job] for job in jobs if job.format == fmt and job in found]
        if renditions:
            srcset = escape(", ".join(f"{r.url} {r.width}w" for r in renditions))
            sources.append(f'<source type="image/{fmt}" srcset="{srcset}" sizes="{sizes}">')
    alt = escape_html(image.alt_text if alt is None else alt)
    return mark_safe(
        f'<picture>{"".join(sources)}<img src="{escape(fallback.url)}" alt="{alt}" '
        f'width="{fallback.width}" height="{fallback.height}"{attrs}></picture>'
    )


def escape_html(value) -> str:
    """Django's conditional_escape without its lazy-string checks: what is already safe HTML
    stays as it is (also used by public.cards)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


# A pure function of the spec string: kept for the life of the process.
@functools.lru_cache(maxsize=64)
def _parse(spec: str) -> Spec:
    return Spec.parse(spec)


def _img_attrs(lead: bool, css_class: str) -> str:
    """The lead image is fetched first; the others lazily, off the main thread."""
    loading = ' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"'
    if css_class:
        return f'{loading} class="{escape_html(css_class)}"'
    return loading
