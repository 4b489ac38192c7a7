"""Renditions: resized copies of library images, made with Pillow, stored through Django's
storage API (local disk or S3-compatible object storage alike) and recorded as `Rendition` rows.

Each copy is made once. A page that finds one missing makes it there and then (a unique
constraint settles two requests racing for the same one); `manage.py renditions warm` makes them
ahead of time so readers never wait for an encoder.
"""

import functools
import io
import logging
import math
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import ImageOps

from .models import Image, Rendition
from .specs import ADMIN_SPECS, LEAD, PICTURE_SPECS, SHARE, WARM_FOR, Spec
from .uploads import ACCEPTED

logger = logging.getLogger(__name__)

SOURCE_FORMATS = (Rendition.Format.AVIF, Rendition.Format.WEBP)  # srcset formats, best first
FALLBACK_FORMAT = Rendition.Format.JPEG
ADMIN_FORMAT = Rendition.Format.WEBP
# Specs made as one file in one format rather than a responsive <picture> set: the desk's
# previews (WebP) and the share image that social cards, feeds and JSON-LD show (JPEG).
SINGLE_FILE_SPECS = dict.fromkeys(ADMIN_SPECS, ADMIN_FORMAT) | {SHARE: FALLBACK_FORMAT}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
QUALITY = {"avif": 55, "webp": 75, "jpeg": 80}


@dataclass(frozen=True)
class Job:
    spec: Spec
    format: str


@dataclass(frozen=True)
class PicturePlan:
    """The renditions one `{% picture %}` of an image shows: srcset steps and a JPEG fallback."""

    steps: tuple[Spec, ...]  # smallest first, one per distinct output size
    fallback: Spec

    def jobs(self) -> list[Job]:
        return list(_plan_jobs(self))


# Rendition plans are pure functions of sizes and specs: kept for the life of the process.
@functools.lru_cache(maxsize=1024)
def _plan_jobs(plan: PicturePlan) -> tuple[Job, ...]:
    jobs = [Job(step, fmt) for fmt in SOURCE_FORMATS for step in plan.steps]
    return (*jobs, Job(plan.fallback, FALLBACK_FORMAT))


def plan_picture(image, spec: Spec) -> PicturePlan | None:
    """The plan of a spec for an Image or a media.pictures.Picture (its size is all it reads)."""
    if not image.width or not image.height:
        return None
    return _plan(image.width, image.height, spec)


# (A pure function too, as _plan_jobs.)
@functools.lru_cache(maxsize=4096)
def _plan(width: int, height: int, spec: Spec) -> PicturePlan:
    """The same for every image of this size: a page of cards asks for it twenty times."""
    by_size: dict[tuple[int, int], Spec] = {}
    for step in spec.steps():
        by_size.setdefault(step.output_size(width, height), step)
    ladder = spec.steps()
    middle = ladder[len(ladder) // 2]
    fallback = by_size[middle.output_size(width, height)]
    return PicturePlan(tuple(by_size.values()), fallback)


def jobs_for(image: Image, spec: str) -> list[Job]:
    """Everything a spec needs for an image: a picture's set, or the one file of a single-file
    spec (SINGLE_FILE_SPECS)."""
    parsed = Spec.parse(spec)
    if spec in SINGLE_FILE_SPECS:
        return [Job(parsed, SINGLE_FILE_SPECS[spec])]
    plan = plan_picture(image, parsed)
    return plan.jobs() if plan else []


def known_specs() -> set[str]:
    """Every concrete spec that templates, the desk and `warm` can ask for."""
    specs = set(SINGLE_FILE_SPECS)
    for spec in PICTURE_SPECS:
        specs.update(str(step) for step in Spec.parse(spec).steps())
    return specs


def get_renditions(
    image: Image, jobs: list[Job], *, create: bool = True, index: dict | None = None
) -> dict[Job, Rendition]:
    """The renditions for `jobs`, making the missing ones (all from one decode of the original).

    `index`: the image's renditions by key, if the caller has them (it gets the made ones
    too); else those prefetched with `prefetch_related("renditions")` (no query when they are
    all there), else one query.
    """
    if index is None:
        index = renditions_index(image)
    keys = {job: Rendition.key_for(image, job.spec, job.format) for job in jobs}
    missing = [job for job, key in keys.items() if key not in index]
    if missing and create:
        # Another request may have made them since this page's queries ran.
        for rendition in Rendition.objects.filter(
            image=image, spec__in={str(job.spec) for job in missing}
        ):
            index[rendition.key] = rendition
        missing = [job for job in missing if keys[job] not in index]
        if missing:
            for rendition in _make(image, missing):
                index[rendition.key] = rendition
    return {job: index[key] for job, key in keys.items() if key in index}


def renditions_index(image: Image) -> dict:
    """The image's renditions by key: those prefetched with it, else one query."""
    return {rendition.key: rendition for rendition in image.renditions.all()}


def get_rendition(image: Image, spec: str) -> Rendition | None:
    """The one file of a single-file spec (SINGLE_FILE_SPECS): a desk preview, the share image."""
    jobs = jobs_for(image, spec)
    return get_renditions(image, jobs).get(jobs[0]) if jobs else None


def get_share_rendition(image: Image) -> Rendition | None:
    """The one JPEG that social cards, feeds and JSON-LD show for an image."""
    return get_rendition(image, SHARE)


def warm(image: Image, specs: Iterable[str]) -> tuple[int, int]:
    """Make whatever of `specs` the image lacks. Returns (made, already there)."""
    jobs = [job for spec in specs for job in jobs_for(image, spec)]
    index = renditions_index(image)
    before = len(index)
    found = get_renditions(image, jobs, index=index)
    made = len(index) - before
    return made, len(found) - made


def _make(image: Image, jobs: list[Job]) -> list[Rendition]:
    with image.file.storage.open(image.file.name, "rb") as handle:
        data = handle.read()
    source, icc = _decode(data, image, jobs)
    by_spec: dict[Spec, list[Job]] = defaultdict(list)
    for job in jobs:
        by_spec[job.spec].append(job)
    made = []
    with source:
        for spec, spec_jobs in by_spec.items():
            picture = _resize(source, image, spec)
            for job in spec_jobs:
                made.append(_store(image, job, picture.size, _encode(picture, job.format, icc)))
    return made


def _decode(data: bytes, image: Image, jobs: list[Job]):
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        source = PILImage.open(io.BytesIO(data), formats=tuple(ACCEPTED))
        if source.width * source.height > settings.IMAGE_MAX_PIXELS:
            raise OSError(f"image {image.pk} is over the pixel limit")
    if source.format == "JPEG":
        # Decode big JPEGs at 1/2, 1/4 or 1/8 scale when even the largest rendition allows it.
        scale = max(
            job.spec.output_size(image.width, image.height)[0] / _crop_width(job.spec, image)
            for job in jobs
        )
        wanted = (math.ceil(source.width * scale), math.ceil(source.height * scale))
        source.draft(source.mode if source.mode in ("RGB", "L") else "RGB", wanted)
    icc = source.info.get("icc_profile") if source.mode != "CMYK" else None
    ImageOps.exif_transpose(source, in_place=True)
    has_alpha = source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info
    mode = "RGBA" if has_alpha else "RGB"
    if source.mode != mode:
        converted = source.convert(mode)
        source.close()
        source = converted
    return source, icc


def _crop_width(spec: Spec, image: Image) -> int:
    left, _, right, _ = spec.crop_box(image.width, image.height, image.focal_x, image.focal_y)
    return right - left


def _resize(source, image: Image, spec: Spec):
    # Geometry is planned on the original's size; the decoded copy may be a draft-scaled one.
    size = spec.output_size(image.width, image.height)
    scale_x, scale_y = source.width / image.width, source.height / image.height
    left, top, right, bottom = spec.crop_box(
        image.width, image.height, image.focal_x, image.focal_y
    )
    box = (left * scale_x, top * scale_y, right * scale_x, bottom * scale_y)
    return source.resize(size, PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def _encode(picture, fmt: str, icc: bytes | None) -> bytes:
    options: dict = {"quality": QUALITY[fmt]}
    if fmt == "avif":
        options["speed"] = settings.IMAGE_AVIF_SPEED
    elif fmt == "webp":
        options["method"] = 4
    else:
        options.update(optimize=True, progressive=True)
        if picture.mode == "RGBA":
            background = PILImage.new("RGBA", picture.size, (255, 255, 255, 255))
            picture = PILImage.alpha_composite(background, picture).convert("RGB")
    if icc:
        options["icc_profile"] = icc
    buffer = io.BytesIO()
    picture.save(buffer, fmt.upper(), **options)
    return buffer.getvalue()


def _store(image: Image, job: Job, size: tuple[int, int], data: bytes) -> Rendition:
    spec, focal = str(job.spec), Rendition.key_for(image, job.spec, job.format)[2]
    focal_part = "".join(f"-{round(float(v) * 1000)}" for v in focal.split(",") if focal)
    filename = f"{spec}{focal_part}.{EXTENSIONS[job.format]}"
    rendition = Rendition(
        image=image,
        spec=spec,
        format=job.format,
        focal_key=focal,
        width=size[0],
        height=size[1],
        file_size=len(data),
    )
    rendition.file.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made the same rendition first: use theirs, drop this copy.
        rendition.file.storage.delete(rendition.file.name)
        return Rendition.objects.get(image=image, spec=spec, format=job.format, focal_key=focal)
    logger.debug("Made rendition %s of image %s", rendition, image.pk)
    return rendition


def specs_in_use(image: Image) -> list[str]:
    """What pages show this image with (as a lead image and card if it has no use yet), and
    the desk's previews."""
    specs = []
    for (model, field), reference_specs in _references():
        if model._default_manager.filter(**{field: image}).exists():
            specs.extend(spec for spec in reference_specs if spec not in specs)
    return [*(specs or [LEAD]), *ADMIN_SPECS]


def warm_specs_by_image():
    """A function from image id to the specs `renditions warm` makes for it, one query per use
    in media.specs.WARM_FOR (images with no use get only the desk's previews)."""
    used = [
        (set(model._default_manager.exclude(**{field: None}).values_list(field, flat=True)), specs)
        for (model, field), specs in _references()
    ]

    def specs_for(image_id: int) -> list[str]:
        specs = []
        for ids, reference_specs in used:
            if image_id in ids:
                specs.extend(spec for spec in reference_specs if spec not in specs)
        return [*specs, *ADMIN_SPECS]

    return specs_for


def _references():
    for reference, specs in WARM_FOR.items():
        app_label, model_name, field = reference.split(".")
        yield (apps.get_model(app_label, model_name), field), specs
