import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from media.models import Image, Rendition
from media.renditions import get_renditions, jobs_for
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("renditions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_warm_makes_what_the_templates_use_once():
    lead, avatar, unused = ImageFactory(), ImageFactory(), ImageFactory()
    ArticleFactory(lead_image=lead)
    AuthorFactory(avatar=avatar)
    out, err = run("warm")
    specs = {
        image: set(Rendition.objects.filter(image=image).values_list("spec", "format"))
        for image in (lead, avatar, unused)
    }
    desk = {("max-160x160", "webp"), ("max-800x800", "webp")}
    assert (
        specs[lead]
        == {
            ("fill-400x225", "avif"),
            ("fill-400x225", "webp"),
            ("fill-400x225", "jpeg"),
            ("fill-1200x630", "jpeg"),  # the share image (as large as a 320x180 crop allows)
        }
        | desk
    )  # 320×180 originals: one size of each
    assert {spec for spec, _ in specs[avatar]} == {"fill-120x120", "fill-240x240"} | {
        s for s, _ in desk
    }
    assert specs[unused] == desk
    assert "Warmed 3 images" in out and "15 renditions made, 0 already there" in out
    assert "warm: 100% (3/3)" in err  # the progress bar, as log lines off a terminal
    out, _ = run("warm")
    assert "0 renditions made, 15 already there" in out


def test_warm_dry_run_and_options():
    image = ImageFactory()
    out, _ = run("warm", "--dry-run", "--spec", "fill-1200x675")
    assert "3 renditions would make" in out
    assert not Rendition.objects.exists()
    out, _ = run("warm", "--spec", "width-100", "--image", str(image.pk))
    assert "3 renditions made" in out  # width-100 is one size: AVIF, WebP and JPEG
    with pytest.raises(CommandError, match="not a rendition spec"):
        run("warm", "--spec", "huge")
    with pytest.raises(CommandError, match="No image with id 999"):
        run("warm", "--image", "999")


def test_warm_reports_a_broken_image_and_carries_on():
    broken, fine = ImageFactory(), ImageFactory()
    ArticleFactory(lead_image=broken)
    ArticleFactory(lead_image=fine)
    default_storage.delete(broken.file.name)
    with pytest.raises(CommandError, match="1 images could not be warmed"):
        run("warm")
    assert Rendition.objects.filter(image=fine).exists()
    assert not Rendition.objects.filter(image=broken).exists()


def age(name, hours=2):
    path = default_storage.path(name)
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_clean_removes_what_nothing_uses(django_capture_on_commit_callbacks):
    image = ImageFactory()
    ArticleFactory(lead_image=image)
    get_renditions(image, jobs_for(image, "fill-1200x675") + jobs_for(image, "width-500"))
    unused_spec = Rendition.objects.filter(spec__startswith="width-")
    assert unused_spec.count() == 5  # no template shows width-500
    # Crops made for a focal point the image no longer has (changed without save()).
    Image.objects.filter(pk=image.pk).update(focal_x=0.1)
    image.refresh_from_db()
    get_renditions(image, jobs_for(image, "fill-1200x675"))
    current = set(Rendition.objects.filter(focal_key="0.100,0.500").values_list("pk", flat=True))
    stale_files = list(Rendition.objects.exclude(pk__in=current).values_list("file", flat=True))
    assert len(stale_files) == 8
    orphan = default_storage.save("renditions/999/fill-400x225.webp", ContentFile(b"x" * 2048))
    fresh_orphan = default_storage.save("images/2026/01/uploading.jpg", ContentFile(b"y"))
    age(orphan)

    out, _ = run("clean", "--dry-run")
    assert (
        "Would remove 8 renditions no template shows "
        "(3 for an old focal point, 0 under an old file name) "
        "and 1 files nothing refers to (2.0\xa0KB)"
    ) in out
    assert Rendition.objects.count() == 11 and default_storage.exists(orphan)

    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("clean")
    assert "Removed 8 renditions" in out
    assert set(Rendition.objects.values_list("pk", flat=True)) == current
    assert not any(default_storage.exists(name) for name in stale_files)
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh_orphan)  # younger than --min-age: may be uploading
    assert default_storage.exists(image.file.name)
    assert all(r.file.storage.exists(r.file.name) for r in Rendition.objects.all())

    out, _ = run("clean", "--min-age", "0")
    assert "Removed 0 renditions" in out and "and 1 files" in out
    assert not default_storage.exists(fresh_orphan)


def test_clean_then_warm_renames_renditions_stored_under_the_image_id(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory()
    ArticleFactory(lead_image=image, scheduled=True)
    run("warm")
    # How renditions were stored before their names were keyed: renditions/<image id>/<spec>.
    legacy = []
    for rendition in Rendition.objects.filter(image=image):
        old_name = f"renditions/{image.pk}/{rendition.file.name.rsplit('/', 1)[1]}"
        with rendition.file.open("rb") as handle:
            default_storage.save(old_name, handle)
        default_storage.delete(rendition.file.name)
        Rendition.objects.filter(pk=rendition.pk).update(file=old_name)
        legacy.append(old_name)
    count = len(legacy)

    out, _ = run("clean", "--dry-run")
    assert f"Would remove {count} renditions" in out
    assert f"0 for an old focal point, {count} under an old file name" in out
    with django_capture_on_commit_callbacks(execute=True):
        run("clean")
    assert not Rendition.objects.exists()
    assert not any(default_storage.exists(name) for name in legacy)

    out, _ = run("warm")
    assert f"{count} renditions made" in out
    names = Rendition.objects.values_list("file", flat=True)
    assert not any(name.startswith(f"renditions/{image.pk}/") for name in names)
    assert "0 under an old file name" in run("clean", "--dry-run")[0]
