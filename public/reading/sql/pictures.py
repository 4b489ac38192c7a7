"""Pictures with their renditions."""

from collections.abc import Iterable, Sequence

from media.models import Image, Rendition
from media.pictures import Picture, RenditionFile

from .door import Columns, Part, placeholders, read, table

# Pictures ------------------------------------------------------------------------------------

# A Picture's fields, in its dataclass's order.
PICTURE_FIELDS = (
    "id",
    "file",
    "source_url",
    "width",
    "height",
    "alt_text",
    "caption",
    "credit",
    "focal_x",
    "focal_y",
    "updated_at",
)
PICTURE_WIDTH = len(PICTURE_FIELDS)
RENDITION_FIELDS = ("image", "spec", "format", "focal_key", "file", "width", "height", "file_size")
RENDITIONS = Columns(Part(Rendition, RENDITION_FIELDS, "r"))
RENDITIONS_AND_IMAGES = Columns(
    Part(Rendition, RENDITION_FIELDS, "r"), Part(Image, PICTURE_FIELDS, "i", "img_")
)
IMAGES = Columns(Part(Image, PICTURE_FIELDS, "i"))


def picture(values: Sequence) -> Picture | None:
    """The Picture of the image columns of a row (None for the missing image of an outer
    join), its renditions not loaded."""
    return Picture(*values) if values[0] is not None else None


def pictures(
    wanted: Iterable[int], known: Iterable[Picture | None] = (), *, formats=None
) -> dict[int, Picture]:
    """Pictures with their renditions, by id: those of `wanted` ids and of `known` pictures
    (which the page's rows already gave), in one query; a second only for wanted images with
    no renditions yet (never shown, or kept as links). `formats`: only renditions in these (a
    feed shows JPEGs only: a third of the rows)."""
    known = {found.id: found for found in known if found is not None}
    wanted = set(wanted) - known.keys()
    if not wanted and not known:
        return {}
    ids = sorted(wanted | known.keys())
    columns = RENDITIONS_AND_IMAGES if wanted else RENDITIONS

    def statement(connection):
        # The image's columns are joined only for the images not known yet.
        sql = f"SELECT {columns.sql(connection)} FROM {table(Rendition, connection)} r"
        params = []
        if wanted:
            sql += (
                f" LEFT JOIN {table(Image, connection)} i ON i.id = r.image_id"
                f" AND i.id IN ({placeholders(wanted)})"
            )
            params += sorted(wanted)
        sql += f" WHERE r.image_id IN ({placeholders(ids)})"
        params += ids
        if formats is not None:
            sql += f" AND r.format IN ({placeholders(formats)})"
            params += list(formats)
        return sql, params

    found: dict[int, dict] = {pk: {} for pk in ids}
    bare = dict(known)
    for row in read(Rendition, columns, statement):
        rendition = RenditionFile(*row[1:8])
        found[row[0]][rendition.key] = rendition
        if wanted and row[0] not in bare and row[8] is not None:
            bare[row[0]] = Picture(*row[8:])
    missing = wanted - bare.keys()
    if missing:
        bare.update((p.id, p) for p in pictures_by_id(missing))
    return {pk: found_picture.with_renditions(found[pk]) for pk, found_picture in bare.items()}


def pictures_by_id(ids: Iterable[int]) -> list[Picture]:
    ids = sorted(ids)

    def statement(connection):
        sql = f"SELECT {IMAGES.sql(connection)} FROM {table(Image, connection)} i"
        return f"{sql} WHERE i.id IN ({placeholders(ids)})", ids

    return [Picture(*row) for row in read(Image, IMAGES, statement)]
