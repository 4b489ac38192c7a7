"""Rendition specs: what size and shape a rendition of an image is.

A spec is a short string:

- `fill-1200x675`: crop to that aspect ratio around the image's focal point, then scale to
  1200×675 (never up: a smaller original gives the largest crop it has).
- `width-800`: scale to 800 px wide, keeping the aspect ratio (never up).
- `max-400x400`: scale to fit inside 400×400, keeping the aspect ratio (never up).

Templates use only the specs in `PICTURE_SPECS`, so `renditions warm` can make ahead of time
exactly what pages will ask for and `renditions clean` knows what nothing uses any more.
"""

import functools
import re
from dataclasses import dataclass
from fractions import Fraction

# What the public templates use. The srcset widths of each come from the spec (see `steps`).
LEAD = "fill-1200x675"  # lead images and story cards: 16:9, one set of files for both
AVATAR = "fill-240x240"  # author avatars, shown at 72-120 CSS px
BODY = "width-1600"  # pictures inside a story, uncropped: column, wide and full width

# The specs by what they are for: templates name them so (`{% picture image "lead" %}`).
PURPOSES = {"lead": LEAD, "avatar": AVATAR, "body": BODY}

PICTURE_SPECS = {
    LEAD: "Lead images (article page, home lead story) and story cards: 16:9, focal point",
    AVATAR: "Author avatars: square around the focal point",
    BODY: "Pictures in a story's body, as the photographer framed them (533-1600 px wide)",
}

# Social cards, feed enclosures and JSON-LD: one JPEG at the size share previews expect.
SHARE = "fill-1200x630"

# The desk's own previews: one WebP file each, not responsive.
ADMIN_THUMB = "max-160x160"
ADMIN_PREVIEW = "max-800x800"
ADMIN_SPECS = (ADMIN_THUMB, ADMIN_PREVIEW)

# Which images `renditions warm` makes each picture spec for: images referenced by these
# foreign keys ("app_label.Model.field"), as the apps that own them register (`warm_for`).
WARM_FOR: dict[str, tuple[str, ...]] = {}


def warm_for(field, specs: tuple[str, ...]) -> None:
    """Have `renditions warm` make `specs` for the images `field` (a foreign key to Image)
    points to. Called by the app that owns the field, from its AppConfig.ready(): media
    knows nothing of the apps above it."""
    WARM_FOR[f"{field.model._meta.label}.{field.name}"] = tuple(specs)


_SPEC = re.compile(r"^(?:(fill|max)-(\d{1,4})x(\d{1,4})|(width)-(\d{1,4}))$")
MAX_SIDE = 4000


class InvalidSpec(ValueError):
    pass


@dataclass(frozen=True)
class Spec:
    kind: str  # "fill", "width" or "max"
    width: int
    height: int | None = None

    @classmethod
    def parse(cls, value: str) -> "Spec":
        match = _SPEC.match(value or "")
        if not match:
            raise InvalidSpec(
                f"{value!r} is not a rendition spec: use fill-WxH, width-W or max-WxH."
            )
        if match[4]:
            spec = cls("width", int(match[5]))
        else:
            spec = cls(match[1], int(match[2]), int(match[3]))
        if not all(0 < side <= MAX_SIDE for side in (spec.width, spec.height or 1)):
            raise InvalidSpec(f"{value!r}: sides must be between 1 and {MAX_SIDE} px.")
        return spec

    def __str__(self) -> str:
        if self.kind == "width":
            return f"width-{self.width}"
        return f"{self.kind}-{self.width}x{self.height}"

    @property
    def uses_focal_point(self) -> bool:
        return self.kind == "fill"

    def scaled(self, factor: Fraction) -> "Spec":
        width = max(1, round(self.width * factor))
        height = None if self.height is None else max(1, round(self.height * factor))
        return Spec(self.kind, width, height)

    def steps(self) -> list["Spec"]:
        """The srcset ladder, smallest first: the spec itself and smaller copies of it."""
        if self.width >= 900:
            factors = (Fraction(1, 3), Fraction(2, 3), Fraction(1))
        elif self.width >= 160:
            factors = (Fraction(1, 2), Fraction(1))
        else:
            factors = (Fraction(1),)
        return [self.scaled(factor) for factor in factors]

    def crop_box(self, width: int, height: int, focal_x: float, focal_y: float):
        """The part of a width×height image this spec keeps, as (left, top, right, bottom).

        For `fill` it is the largest box of the spec's aspect ratio, centred on the focal point
        as far as the edges allow, so the focal point is always inside it.
        """
        if self.kind != "fill":
            return (0, 0, width, height)
        aspect = self.width / self.height
        if width / height > aspect:
            crop_w, crop_h = min(width, max(1, round(height * aspect))), height
        else:
            crop_w, crop_h = width, min(height, max(1, round(width / aspect)))
        left = _clamp(focal_x * width - crop_w / 2, 0, width - crop_w)
        top = _clamp(focal_y * height - crop_h / 2, 0, height - crop_h)
        left, top = round(left), round(top)
        return (left, top, left + crop_w, top + crop_h)

    def output_size(self, width: int, height: int) -> tuple[int, int]:
        """Size of the rendition of a width×height original (never larger than the original)."""
        if self.kind == "fill":
            left, top, right, bottom = self.crop_box(width, height, 0.5, 0.5)
            crop_w, crop_h = right - left, bottom - top
            scale = min(1, self.width / crop_w)
            if scale == 1:
                return crop_w, crop_h
            return self.width, max(1, round(self.width * crop_h / crop_w))
        if self.kind == "width":
            scale = min(1, self.width / width)
        else:
            scale = min(1, self.width / width, self.height / height)
        return max(1, round(width * scale)), max(1, round(height * scale))


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))


def focal_key(spec: Spec, focal_x: float, focal_y: float) -> str:
    """Part of a rendition's identity: crops made for another focal point are never reused."""
    return f"{focal_x:.3f},{focal_y:.3f}" if spec.uses_focal_point else ""


# A pure function of the spec string: kept for the life of the process.
@functools.lru_cache(maxsize=64)
def parsed(spec: str) -> Spec:
    """A picture spec by its purpose ("lead") or its string, parsed."""
    return Spec.parse(PURPOSES.get(spec, spec))
