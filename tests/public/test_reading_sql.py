"""The read model's written-out statements (public.reading.sql) give, row for row, what the ORM
gives for the same question: the same rows, values (converted as the ORM converts them), order,
ties, keyset bounds and exclusions."""

import pytest

from articles.models import Section
from media.models import Image, Rendition
from media.pictures import Picture, RenditionFile
from media.renditions import warm
from media.specs import LEAD, SHARE
from public.reading import sql
from tests.factories import ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def orm_picture(pk, formats=None) -> Picture:
    image = Image.objects.get(pk=pk)
    renditions = Rendition.objects.filter(image=image)
    if formats:
        renditions = renditions.filter(format__in=formats)
    return Picture.of(image, load=False).with_renditions(
        {r.key: RenditionFile.of(r) for r in renditions}
    )


def same_picture(got: Picture, expected: Picture):
    assert got == expected  # every field (renditions aside)
    assert got.updated_at.tzinfo is not None
    assert got.renditions == expected.renditions


def test_pictures_load_as_the_orm_loads_them(django_assert_num_queries):
    known, wanted, linked, bare = (ImageFactory(focal_x=0.25) for _ in range(4))
    for image in (known, wanted, linked, bare):
        warm(image, [LEAD, SHARE])
    linked.file, linked.source_url = "", "https://example.org/photo.jpg"  # kept as a link
    linked.save()
    Rendition.objects.filter(image=bare).delete()  # never shown yet
    page_has = Picture.of(Image.objects.get(pk=known.pk), load=False)

    with django_assert_num_queries(2):  # the renditions, then the images that have none
        loaded = sql.pictures([wanted.pk, linked.pk, bare.pk, known.pk], known=[page_has, None])

    assert set(loaded) == {wanted.pk, linked.pk, bare.pk, known.pk}
    for pk, found in loaded.items():
        same_picture(found, orm_picture(pk))
    assert len(loaded[wanted.pk].renditions) >= 4  # a picture set and the share JPEG
    jpegs = sql.pictures([wanted.pk], formats=["jpeg"])[wanted.pk]
    same_picture(jpegs, orm_picture(wanted.pk, formats=["jpeg"]))
    assert {r.format for r in jpegs.renditions.values()} == {"jpeg"}
    with django_assert_num_queries(0):
        assert sql.pictures([]) == {}


def test_sections_are_the_navigations_order():
    for name, position in [("World", 2), ("Culture", 1), ("Business", 2)]:
        SectionFactory(name=name, slug=name.lower(), position=position)
    expected = list(Section.objects.order_by("position", "name").values_list("id", "name", "slug"))
    assert [tuple(row) for row in sql.sections()] == expected
