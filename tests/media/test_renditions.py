import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from media import renditions
from media.models import Image, Rendition, rendition_folder
from media.renditions import Job, get_renditions, jobs_for, plan_picture
from media.specs import LEAD, InvalidSpec, Spec
from tests.media import files

pytestmark = pytest.mark.django_db


def make_image(data=None, name="photo.png", **fields) -> Image:
    return Image.objects.create(
        file=ContentFile(data or files.marked(), name=name), title="Photo", **fields
    )


def decode(rendition):
    with rendition.file.open("rb") as handle:
        data = handle.read()
    image = PILImage.open(io.BytesIO(data))
    image.load()
    return image


def red_share(picture) -> float:
    rgb = picture.convert("RGB")
    colors = rgb.getcolors(rgb.width * rgb.height)
    red = sum(count for count, (r, g, b) in colors if r > 150 and g < 90 and b < 90)
    return red / (rgb.width * rgb.height)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fill-1200x675", Spec("fill", 1200, 675)),
        ("width-800", Spec("width", 800)),
        ("max-400x400", Spec("max", 400, 400)),
    ],
)
def test_spec_parses_and_prints(value, expected):
    assert Spec.parse(value) == expected
    assert str(expected) == value


@pytest.mark.parametrize(
    "value", ["", "fill-0x10", "crop-10x10", "width-99999", "fill-10", "max-1x"]
)
def test_bad_spec_is_refused(value):
    with pytest.raises(InvalidSpec):
        Spec.parse(value)


def test_srcset_steps():
    assert [str(s) for s in Spec.parse("fill-1200x675").steps()] == [
        "fill-400x225",
        "fill-800x450",
        "fill-1200x675",
    ]
    assert [str(s) for s in Spec.parse("fill-240x240").steps()] == ["fill-120x120", "fill-240x240"]
    assert [str(s) for s in Spec.parse("width-800").steps()] == ["width-400", "width-800"]


@pytest.mark.parametrize("spec", ["fill-400x400", "fill-1200x675", "fill-300x900", "fill-50x10"])
@pytest.mark.parametrize("size", [(1600, 900), (900, 1600), (1000, 1000), (37, 2000)])
def test_focal_point_is_always_inside_the_crop(spec, size):
    spec = Spec.parse(spec)
    for fx, fy in itertools.product([0, 0.01, 0.2, 0.5, 0.77, 0.99, 1], repeat=2):
        left, top, right, bottom = spec.crop_box(*size, fx, fy)
        assert 0 <= left <= fx * size[0] <= right <= size[0]
        assert 0 <= top <= fy * size[1] <= bottom <= size[1]
        # The spec's aspect ratio, to the nearest pixel, and as large as the picture allows.
        aspect = spec.width / spec.height
        assert abs((right - left) / aspect - (bottom - top)) <= 1
        assert (right - left) == size[0] or (bottom - top) == size[1]


@pytest.mark.parametrize("mark", [(0.9, 0.5), (0.08, 0.5), (0.5, 0.5)])
def test_focal_crop_keeps_the_point_in_frame(mark):
    # A square crop of a 16:9 picture keeps only 56% of its width: the mark must stay in.
    image = make_image(files.marked(mark=mark), focal_x=mark[0], focal_y=mark[1])
    job = Job(Spec.parse("fill-400x400"), "jpeg")
    picture = decode(get_renditions(image, [job])[job])
    assert picture.size == (400, 400)
    assert red_share(picture) > 0.003
    # The same crop around the opposite side loses it.
    image.focal_x = 1 - mark[0]
    image.save()
    if mark[0] != 0.5:
        picture = decode(get_renditions(image, [job])[job])
        assert red_share(picture) == 0


def test_picture_renditions_have_the_planned_sizes_and_formats():
    image = make_image(files.marked(2400, 1350))
    plan = plan_picture(image, Spec.parse(LEAD))
    made = get_renditions(image, plan.jobs())
    sizes = {(job.format, (r.width, r.height)) for job, r in made.items()}
    assert sizes == {
        ("avif", (400, 225)),
        ("avif", (800, 450)),
        ("avif", (1200, 675)),
        ("webp", (400, 225)),
        ("webp", (800, 450)),
        ("webp", (1200, 675)),
        ("jpeg", (800, 450)),
    }
    for job, rendition in made.items():
        picture = decode(rendition)
        assert picture.format == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[job.format]
        assert picture.size == (rendition.width, rendition.height)
        assert rendition.file_size == rendition.file.size
        assert not picture.getexif()  # nothing of the original's EXIF is served


def test_small_original_is_never_scaled_up():
    image = make_image(files.jpeg(320, 180), name="small.jpg")
    plan = plan_picture(image, Spec.parse(LEAD))
    assert [str(s) for s in plan.steps] == ["fill-400x225"]
    made = get_renditions(image, plan.jobs())
    assert {(r.width, r.height) for r in made.values()} == {(320, 180)}
    assert len(made) == 3  # AVIF, WebP and the JPEG fallback of one size


def test_renditions_are_made_once_and_reused(django_assert_num_queries, monkeypatch):
    image = make_image()
    jobs = jobs_for(image, LEAD)
    first = get_renditions(image, jobs)
    files_before = sorted(r.file.name for r in Rendition.objects.all())
    assert len(files_before) == len(jobs)

    encoded = []
    monkeypatch.setattr(renditions, "_encode", lambda *a: encoded.append(a) or b"")
    again = Image.objects.get(pk=image.pk)
    with django_assert_num_queries(1):  # this instance's look-up, nothing made
        second = get_renditions(again, jobs)
    assert {j: r.pk for j, r in second.items()} == {j: r.pk for j, r in first.items()}
    prefetched = list(Image.objects.filter(pk=image.pk).prefetch_related("renditions"))
    with django_assert_num_queries(0):
        get_renditions(prefetched[0], jobs)
    assert encoded == []
    assert sorted(r.file.name for r in Rendition.objects.all()) == files_before


def test_a_racing_request_uses_the_first_rendition():
    image = make_image()
    job = Job(Spec.parse("fill-400x225"), "webp")
    late = Image.objects.get(pk=image.pk)  # read before the other request made it
    winner = get_renditions(image, [job])[job]
    # Both made it from the same stale view: the unique constraint keeps one row, one file.
    loser = renditions._store(late, job, (400, 225), b"late copy")
    assert loser.pk == winner.pk
    assert Rendition.objects.count() == 1
    assert len(default_storage.listdir(rendition_folder(image.pk, image.content_hash))[1]) == 1


def test_a_loaded_image_saves_without_touching_its_renditions():
    image = make_image()
    made = get_renditions(image, jobs_for(image, LEAD))
    loaded = Image.objects.get(pk=image.pk)
    loaded.alt_text = "Fishing boats at dawn"
    loaded.save()  # the stored state it remembers: same file, same focal point
    assert Rendition.objects.filter(pk__in=[r.pk for r in made.values()]).count() == len(made)


def test_new_focal_point_drops_old_crops_and_their_files(django_capture_on_commit_callbacks):
    image = make_image()
    get_renditions(image, jobs_for(image, LEAD) + jobs_for(image, "max-160x160"))
    crops = list(Rendition.objects.filter(image=image).exclude(focal_key=""))
    assert crops
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x, image.focal_y = 0.2, 0.3
        image.save()
    assert not Rendition.objects.filter(pk__in=[r.pk for r in crops]).exists()
    assert Rendition.objects.filter(image=image, spec="max-160x160").exists()
    assert not any(default_storage.exists(r.file.name) for r in crops)


def test_deleting_an_image_deletes_its_files(django_capture_on_commit_callbacks):
    image = make_image()
    get_renditions(image, jobs_for(image, LEAD))
    names = [image.file.name, *Rendition.objects.values_list("file", flat=True)]
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not any(default_storage.exists(name) for name in names)


def test_renditions_use_only_the_storage_api(settings):
    # In-memory storage has no path on disk: everything must go through the storage API.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    image = make_image()
    made = get_renditions(image, jobs_for(image, LEAD))
    assert all(r.file.storage.exists(r.file.name) for r in made.values())
    assert not settings.MEDIA_ROOT.exists()


def test_big_jpeg_is_decoded_at_reduced_scale():
    image = make_image(files.noisy_jpeg(4000, 2250), name="big.jpg")
    job = Job(Spec.parse("fill-400x225"), "jpeg")
    picture = decode(get_renditions(image, [job])[job])
    assert picture.size == (400, 225)
