"""Pictures as pages show them: a library image's facts and its loaded renditions as plain,
frozen data (`Picture`), and the `<picture>` element drawn from one (`draw`).

Readers' pages hold no Image instances: public.reading builds Pictures straight from rows,
their renditions loaded in one query for the whole page, and the card renderer and
`{% picture %}` draw them. A rendition missing from a Picture's loaded ones is made there and
then, once (media.renditions loads the Image row to make it), and added to them. The desk
converts an Image with `Picture.of(image)`.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape

from django.db import DatabaseError
from django.utils.safestring import SafeString, mark_safe

from .models import Image, Rendition, rendition_file_url, stored_file_url
from .renditions import (
    FALLBACK_FORMAT,
    SOURCE_FORMATS,
    Job,
    get_renditions,
    jobs_for,
    plan_picture,
)
from .specs import SHARE, parsed

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RenditionFile:
    """One stored rendition of a picture: a size in a format."""

    spec: str
    format: str
    focal_key: str
    file: str  # its stored name
    width: int
    height: int
    file_size: int

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.spec, self.format, self.focal_key)

    @property
    def url(self) -> str:
        return rendition_file_url(self.file)

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"

    @classmethod
    def of(cls, rendition: Rendition) -> "RenditionFile":
        return cls(
            rendition.spec,
            rendition.format,
            rendition.focal_key,
            rendition.file.name,
            rendition.width,
            rendition.height,
            rendition.file_size,
        )


@dataclass(frozen=True, slots=True)
class Picture:
    """A library image as a page shows it. Fields in the order public.reading reads them."""

    id: int
    file: str  # its stored name; empty for an image kept as a link
    source_url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    focal_x: float
    focal_y: float
    updated_at: datetime
    # Loaded renditions by key (None: not loaded; drawing then looks them up). media adds the
    # ones it makes, so a picture shown twice on a page is made once.
    renditions: dict | None = field(default=None, compare=False)

    @property
    def url(self) -> str:
        """Where readers load the original: the uploaded file, else the linked address."""
        return stored_file_url(self.file) if self.file else self.source_url

    def shown(self) -> tuple:
        """What drawing it depends on (cache keys): a save of the image moves `updated_at`."""
        return (self.id, self.file, self.source_url, self.alt, self.updated_at)

    def with_renditions(self, renditions: dict) -> "Picture":
        return replace(self, renditions=renditions)

    @classmethod
    def of(cls, image: Image | None, *, load: bool = True) -> "Picture | None":
        """The picture of an Image (the desk, tests), with its renditions (prefetched ones, or
        one query) unless `load` is false."""
        if image is None:
            return None
        renditions = None
        if load:
            renditions = {r.key: RenditionFile.of(r) for r in image.renditions.all()}
        return cls(
            image.pk,
            image.file.name or "",
            image.source_url,
            image.width,
            image.height,
            image.alt_text,
            image.caption,
            image.credit,
            image.focal_x,
            image.focal_y,
            image.updated_at,
            renditions,
        )


def picture_renditions(picture: Picture, jobs: list[Job]) -> dict[Job, RenditionFile]:
    """The picture's renditions for `jobs`: from its loaded ones, the missing ones made now
    (from the Image row, loaded for that) and added to them."""
    index = picture.renditions
    if index is None:  # not loaded with the page: looked up for this drawing
        index = {r.key: RenditionFile.of(r) for r in Rendition.objects.filter(image=picture.id)}
    keys = {job: Rendition.key_for(picture, job.spec, job.format) for job in jobs}
    missing = [job for job, key in keys.items() if key not in index]
    if missing:
        image = Image.objects.filter(pk=picture.id).first()
        if image is not None:  # (deleted since the page's queries ran: nothing to make)
            for rendition in get_renditions(image, missing, index={}).values():
                index[rendition.key] = RenditionFile.of(rendition)
    return {job: index[key] for job, key in keys.items() if key in index}


def has_whole_picture(picture: Picture, spec: str) -> bool:
    """Whether every rendition a drawing of `spec` shows is among the picture's loaded ones
    (after it was drawn: False when one could not be made)."""
    if not picture.file:
        return True  # kept as a link: shown as it is
    plan = plan_picture(picture, parsed(spec))
    if plan is None:
        return True
    index = picture.renditions or {}
    return all(Rendition.key_for(picture, job.spec, job.format) in index for job in plan.jobs())


def fallback_rendition(picture: Picture, spec: str) -> RenditionFile | None:
    """The JPEG a drawing of `spec` falls back to: one plain file for feeds and structured
    data, and already among the renditions the page loaded."""
    plan = plan_picture(picture, parsed(spec)) if picture.file else None
    if plan is None:
        return None
    job = Job(plan.fallback, FALLBACK_FORMAT)
    return picture_renditions(picture, [job]).get(job)


def share_rendition(picture: Picture) -> RenditionFile | None:
    """The one JPEG that social cards, feeds and JSON-LD show for a picture."""
    jobs = jobs_for(picture, SHARE) if picture.file else []
    return picture_renditions(picture, jobs).get(jobs[0]) if jobs else None


def escape_html(value) -> str:
    """Django's conditional_escape without its lazy-string checks: what is already safe HTML
    stays as it is (also used by the card renderer)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def draw(
    picture: Picture | None, spec: str, sizes="100vw", *, lead=False, css_class="", alt=None
) -> SafeString:
    """AVIF and WebP `srcset`s at the spec's widths, a JPEG `<img>` with its width and height.

    `lead` marks the page's lead image: fetched first (`fetchpriority="high"`), never lazily.
    `alt` replaces the image's alt text, e.g. `alt=""` beside a caption that says it all.
    Built as plain strings with the standard library's escape: a listing draws twenty, and
    format_html's lazy-string checks were half of a card's cost.
    """
    if picture is None:
        return mark_safe("")
    attrs = _img_attrs(lead, css_class)
    alt = escape_html(picture.alt if alt is None else alt)
    if not picture.file:
        # Kept as a link (an import): shown as it is, with no renditions to offer.
        return mark_safe(f'<img src="{escape(picture.source_url)}" alt="{alt}"{attrs}>')
    plan = plan_picture(picture, parsed(spec))
    if plan is None:
        return mark_safe("")
    jobs = plan.jobs()
    try:
        found = picture_renditions(picture, jobs)
    except DatabaseError:
        raise  # the database is down: that is the page's problem, not this picture's
    except Exception:  # noqa: BLE001 - a missing or broken original must not take the page down
        logger.exception("Could not make %s renditions of image %s", spec, picture.id)
        return mark_safe("")
    fallback = found.get(next(job for job in jobs if job.format == FALLBACK_FORMAT))
    if fallback is None:
        return mark_safe("")
    sizes = escape_html(sizes)
    sources = []
    for fmt in SOURCE_FORMATS:
        renditions = [found[job] for job in jobs if job.format == fmt and job in found]
        if renditions:
            srcset = escape(", ".join(f"{r.url} {r.width}w" for r in renditions))
            sources.append(f'<source type="image/{fmt}" srcset="{srcset}" sizes="{sizes}">')
    return mark_safe(
        f'<picture>{"".join(sources)}<img src="{escape(fallback.url)}" alt="{alt}" '
        f'width="{fallback.width}" height="{fallback.height}"{attrs}></picture>'
    )


def _img_attrs(lead: bool, css_class: str) -> str:
    """The lead image is fetched first; the others lazily, off the main thread."""
    loading = ' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"'
    if css_class:
        return f'{loading} class="{escape_html(css_class)}"'
    return loading
