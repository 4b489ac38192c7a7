"""Images and renditions are built from their rows without Model.__init__ (media.models
._from_row): what that skips must stay unneeded, and what it builds must be what the ORM would."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import post_init

from media.models import Image, Rendition
from media.renditions import load_with_renditions, warm
from media.specs import LEAD, SHARE
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Image, Rendition])
def test_nothing_listens_to_their_post_init(model):
    # A receiver (or dimension fields on Image.file, which connect one) would be skipped.
    assert not post_init.has_listeners(model)


def test_a_loaded_image_and_its_renditions_are_what_the_orm_builds():
    ImageFactory(title="Harbour at dawn", alt_text="Boats", focal_x=0.25)
    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())
    for model in (Image, Rendition):
        for loaded in model.objects.all():
            built = model(**{f.attname: getattr(loaded, f.attname) for f in model._meta.fields})
            for field in model._meta.concrete_fields:
                assert getattr(loaded, field.attname) == getattr(built, field.attname), field
            assert loaded._state.adding is False
    image = Image.objects.get()
    assert image.file.name and image.file.url == image.url
    image.alt_text = "Fishing boats at dawn"
    image.save()  # the stored state it remembers lets it save without touching renditions
    assert Rendition.objects.filter(image=image).count() > 0
    deferred = Image.objects.only("title").get()  # a deferred load goes the ORM's way
    assert deferred.alt_text == "Fishing boats at dawn"


def same_fields(model, got, expected):
    for field in model._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(expected, field.attname), field.attname


def test_renditions_load_as_the_orm_loads_them():
    known, wanted, linked, bare = (ImageFactory() for _ in range(4))
    for image in (known, wanted, linked, bare):
        warm(image, [LEAD, SHARE])
    linked.file, linked.source_url = "", "https://example.org/photo.jpg"  # kept as a link
    linked.save()
    Rendition.objects.filter(image=bare).delete()  # never shown yet
    known = Image.objects.get(pk=known.pk)

    loaded = load_with_renditions([wanted.pk, linked.pk, bare.pk, known.pk], alongside=[known])

    assert set(loaded) == {wanted.pk, linked.pk, bare.pk, known.pk}
    assert loaded[known.pk] is known  # the page's own instance, given its renditions
    for pk, image in loaded.items():
        same_fields(Image, image, Image.objects.get(pk=pk))
        expected = {r.pk: r for r in Rendition.objects.filter(image_id=pk)}
        index = image.__dict__["_rendition_index"]
        assert sorted(r.pk for r in index.values()) == sorted(expected)
        for rendition in index.values():
            same_fields(Rendition, rendition, expected[rendition.pk])
            assert rendition.created_at.tzinfo is not None
    assert (
        len(loaded[wanted.pk].__dict__["_rendition_index"]) >= 4
    )  # a picture set and the share JPEG
    jpegs = load_with_renditions([wanted.pk], formats=["jpeg"])[wanted.pk]
    assert {r.format for r in jpegs.__dict__["_rendition_index"].values()} == {"jpeg"}


def test_a_reader_leaves_unread_fields_deferred_and_honours_post_init():
    from articles.models import Article
    from media.rows import RowReader
    from tests.factories import ArticleFactory

    story = ArticleFactory(title="Dam holds")
    loaded = RowReader(Article, ("id", "title"))([story.pk, "Dam holds"])
    assert {"body", "slug"} <= loaded.get_deferred_fields()
    assert (loaded.title, loaded.slug) == ("Dam holds", story.slug)  # slug read when asked
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Article)
    try:  # a model whose __init__ someone listens to is built through it
        built = RowReader(Article, ("id", "title"))([story.pk, "Dam holds"])
    finally:
        post_init.disconnect(receiver, sender=Article)
    assert seen == [built]
