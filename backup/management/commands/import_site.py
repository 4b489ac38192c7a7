"""Restore an `export_site` archive into an empty site (a freshly migrated database and empty
media storage), in one transaction: all of it or nothing.

Primary keys are kept, so every URL and reference holds. Renditions are not in the archive;
they are made again afterwards (as `renditions warm` would), unless --skip-renditions.
Users come back without a usable password unless the export was made with --with-passwords:
they set one with "Forgotten your password?" or `manage.py changepassword`.
"""

from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from backup.archive import ArchiveError, reader_for
from backup.site import ImportRefused, import_site, read_manifest


class Command(BaseCommand):
    help = "Restore an export_site archive (a tar file or folder) into an empty site."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by export_site.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the archive and load it, then roll everything back; write no file.",
        )
        parser.add_argument(
            "--skip-renditions",
            action="store_true",
            help="Don't make the images' renditions now; pages make them on first view.",
        )

    def handle(self, *args, archive, dry_run, skip_renditions, **options):
        self.verbose = options["verbosity"] > 1
        try:
            reader = reader_for(Path(archive))
            try:
                manifest = read_manifest(reader)
                counts = import_site(
                    reader,
                    dry_run=dry_run,
                    progress=self.progress,
                )
            finally:
                reader.close()
        except (ArchiveError, ImportRefused) as error:
            raise CommandError(str(error)) from error
        summary = (
            f"{counts.get('articles.article', 0)} stories, "
            f"{counts.get('articles.articlerevision', 0)} revisions, "
            f"{counts.get('articles.workflowevent', 0)} workflow events, "
            f"{counts.get('authors.author', 0)} authors, "
            f"{counts.get('media.image', 0)} images ({len(manifest.get('files', []))} files), "
            f"{counts.get('auth.user', 0)} users"
        )
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"Dry run: the archive is sound ({summary}); nothing kept.")
            )
            return
        # No page cached before the restore may be served after it.
        cache.clear()
        self.stdout.write(
            self.style.SUCCESS(f"Restored {summary} from {archive} ({manifest['created_at']}).")
        )
        if not skip_renditions:
            call_command("renditions", "warm", verbosity=options["verbosity"], stdout=self.stdout)
        if counts.get("auth.user") and not manifest.get("with_passwords"):
            self.stdout.write(
                "Users were restored without passwords: set them with `manage.py "
                "changepassword USER` or the desk's password reset."
            )

    def progress(self, line: str) -> None:
        if self.verbose:
            self.stdout.write(f"  {line}")
