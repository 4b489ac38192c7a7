"""Make renditions before readers ask for them, and remove the ones nothing uses.

A page that finds a rendition missing makes it there and then, but encoding AVIF takes a moment
and the first reader of a page should not wait for it: run `renditions warm` after a deploy that
changes specs, after an import, and in `make demo`. `renditions clean` removes renditions that
no template can show any more (a spec that is no longer used, a crop made for an old focal
point), renditions stored under a name that is not the current scheme's (before 2026-11 their
folder was the image's id, so anyone could count through them: see media.models.storage_token)
and files in storage that no row refers to. After `clean`, `warm` makes the missing ones again
under their new names.
"""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from media.models import Image, Rendition, rendition_folder
from media.renditions import get_renditions, jobs_for, known_specs, warm, warm_specs_by_image
from media.specs import InvalidSpec, Spec, focal_key

STORAGE_FOLDERS = ("renditions", "images")


class Progress:
    """A progress bar on a terminal; a line every tenth of the way in a log."""

    WIDTH = 30

    def __init__(self, out, total: int, label: str, *, enabled: bool = True):
        self.out, self.total, self.label, self.enabled = out, total, label, enabled
        self.done, self.tty, self.shown = 0, out.isatty(), -1

    def step(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled or not self.total:
            return
        if self.tty:
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.out.write(f"\r{self.label} [{bar}] {self.done}/{self.total}", ending="")
            self.out.flush()
        elif (tenth := 10 * self.done // self.total) > self.shown:
            self.shown = tenth
            self.out.write(f"{self.label}: {tenth * 10}% ({self.done}/{self.total})")

    def finish(self) -> None:
        if self.enabled and self.tty and self.total:
            self.out.write("")


class Command(BaseCommand):
    help = "Make renditions ahead of readers (warm), or remove those nothing uses (clean)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{warm,clean}")
        warm_parser = actions.add_parser(
            "warm", help="Make the renditions the templates will ask for, where missing."
        )
        warm_parser.add_argument(
            "--spec",
            action="append",
            dest="specs",
            metavar="SPEC",
            help="Make this spec (e.g. fill-1200x675) for every image instead of what each "
            "image's uses need. Repeatable.",
        )
        warm_parser.add_argument(
            "--image",
            action="append",
            type=int,
            dest="image_ids",
            metavar="ID",
            help="Only this image. Repeatable.",
        )
        warm_parser.add_argument(
            "--dry-run", action="store_true", help="Count what is missing; make nothing."
        )
        clean_parser = actions.add_parser(
            "clean", help="Remove renditions no template shows and files no row refers to."
        )
        clean_parser.add_argument(
            "--dry-run", action="store_true", help="Report what would go; remove nothing."
        )
        clean_parser.add_argument(
            "--min-age",
            type=float,
            default=1.0,
            metavar="HOURS",
            help="Leave files younger than this alone: an upload may still be saving (default 1).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["action"] == "warm":
            self.warm(options)
        else:
            self.clean(options)

    # warm

    def warm(self, options):
        specs = options["specs"]
        for spec in specs or ():
            try:
                Spec.parse(spec)
            except InvalidSpec as error:
                raise CommandError(str(error)) from None
        images = Image.objects.order_by("pk")
        if options["image_ids"]:
            images = images.filter(pk__in=options["image_ids"])
            missing_ids = set(options["image_ids"]) - set(images.values_list("pk", flat=True))
            if missing_ids:
                raise CommandError(f"No image with id {', '.join(map(str, sorted(missing_ids)))}.")
        specs_by_image = None if specs else warm_specs_by_image()
        started = time.monotonic()
        made = existing = linked = 0
        failed = []
        progress = Progress(self.stderr, images.count(), "warm", enabled=self.verbosity > 0)
        for image in self._in_batches(images.prefetch_related("renditions")):
            if not image.file:
                # Kept as a link (e.g. imported from Ghost): no original here to resize.
                linked += 1
                progress.step()
                continue
            image_specs = specs or specs_by_image(image.pk)
            try:
                if options["dry_run"]:
                    jobs = [job for spec in image_specs for job in jobs_for(image, spec)]
                    found = len(get_renditions(image, jobs, create=False))
                    made, existing = made + len(jobs) - found, existing + found
                else:
                    image_made, image_existing = warm(image, image_specs)
                    made, existing = made + image_made, existing + image_existing
                    if image_made and self.verbosity > 1:
                        self.stdout.write(f"  image {image.pk}: {image_made} made")
            except Exception as error:  # noqa: BLE001 - report the file and carry on
                failed.append(image.pk)
                if self.verbosity > 0:
                    self.stderr.write(f"  image {image.pk} ({image.file.name}): {error}")
            progress.step()
        progress.finish()
        seconds = time.monotonic() - started
        verb = "would make" if options["dry_run"] else "made"
        summary = (
            f"Warmed {progress.done} images in {seconds:.1f} s: {made} renditions {verb}, "
            f"{existing} already there, {len(failed)} images failed"
            + (f", {linked} kept as links skipped." if linked else ".")
        )
        self._report(summary, failed=failed)
        if failed:
            raise CommandError(f"{len(failed)} images could not be warmed; see above.")

    def _in_batches(self, queryset, size=200):
        # Paginated (not .iterator()) so each batch's renditions come in one prefetch query.
        paginator = Paginator(queryset, size)
        for number in paginator.page_range:
            yield from paginator.page(number).object_list

    # clean

    def clean(self, options):
        dry_run = options["dry_run"]
        started = time.monotonic()
        unused_specs = Rendition.objects.exclude(spec__in=known_specs())
        old_crops = self._old_crops()
        old_names = sorted(set(self._old_names()) - set(old_crops))
        stale = unused_specs.count() + len(old_crops) + len(old_names)
        if not dry_run:
            unused_specs.delete()  # files go too: see media.models._delete_stored_file
            ids = old_crops + old_names
            for start in range(0, len(ids), 500):
                Rendition.objects.filter(pk__in=ids[start : start + 500]).delete()
        orphans, orphan_bytes = self._orphan_files(options["min_age"], dry_run=dry_run)
        seconds = time.monotonic() - started
        verb = "Would remove" if dry_run else "Removed"
        self._report(
            f"{verb} {stale} renditions no template shows ({len(old_crops)} for an old focal "
            f"point, {len(old_names)} under an old file name) and {orphans} files nothing "
            f"refers to ({filesizeformat(orphan_bytes)}) in {seconds:.1f} s."
        )

    def _old_crops(self) -> list[int]:
        """Ids of crops made for a focal point the image no longer has."""
        rows = Rendition.objects.exclude(focal_key="").values_list(
            "pk", "spec", "focal_key", "image__focal_x", "image__focal_y"
        )
        old = []
        for pk, spec, key, focal_x, focal_y in rows.iterator(chunk_size=2000):
            try:
                current = focal_key(Spec.parse(spec), focal_x, focal_y)
            except InvalidSpec:
                continue  # an unknown spec: removed with the unused specs
            if key != current:
                old.append(pk)
        return old

    def _old_names(self) -> list[int]:
        """Ids of renditions (of specs still in use) stored outside their image's folder."""
        rows = Rendition.objects.filter(spec__in=known_specs()).values_list(
            "pk", "file", "image_id", "image__content_hash"
        )
        return [
            pk
            for pk, name, image_id, content_hash in rows.iterator(chunk_size=2000)
            if not name.startswith(f"{rendition_folder(image_id, content_hash)}/")
        ]

    def _orphan_files(self, min_age_hours: float, *, dry_run: bool) -> tuple[int, int]:
        storage = Image._meta.get_field("file").storage
        referenced = set(Image.objects.values_list("file", flat=True))
        referenced.update(Rendition.objects.values_list("file", flat=True))
        cutoff = timezone.now() - timedelta(hours=min_age_hours)
        names = [
            name
            for folder in STORAGE_FOLDERS
            for name in _walk(storage, folder)
            if name not in referenced
        ]
        progress = Progress(self.stderr, len(names), "clean", enabled=self.verbosity > 0)
        removed = removed_bytes = 0
        for name in names:
            progress.step()
            if storage.get_modified_time(name) > cutoff:
                continue
            size = storage.size(name)
            if not dry_run:
                storage.delete(name)
            removed, removed_bytes = removed + 1, removed_bytes + size
            if self.verbosity > 1:
                self.stdout.write(f"  {name}")
        progress.finish()
        return removed, removed_bytes

    def _report(self, summary: str, *, failed=()) -> None:
        if self.verbosity == 0:
            return
        if failed:
            self.stdout.write(self.style.WARNING(summary))
            self.stdout.write(f"Failed image ids: {', '.join(map(str, failed))}")
        else:
            self.stdout.write(self.style.SUCCESS(summary))


def _walk(storage, folder: str):
    """Every file name under `folder` in the storage (local disk and S3 alike)."""
    try:
        directories, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")
