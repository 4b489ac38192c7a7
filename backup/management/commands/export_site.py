"""Write the whole site into one versioned archive, for backups and moving between databases.

A `pg_dump` plus a copy of the media folder is the operator's everyday backup; this export is
the site's own: independent of the database engine (SQLite to PostgreSQL and back), checked on
the way back in, and readable (JSON lines). See backup/site.py for what it holds. The archive
is written readable by its owner only (0600): it holds users' addresses, and with
--with-passwords their password hashes.
"""

import contextlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backup.archive import ArchiveError, writer_for
from backup.site import export_site


class Command(BaseCommand):
    help = (
        "Export stories, history, authors, sections, tags, banners, users named by them and the "
        "media library's originals into OUT (a .tar, .tar.gz or .tgz file, or a new folder)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="Archive to write: site.tar, site.tar.gz or a folder.")
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="Also export users' password hashes (keep such an archive secret).",
        )

    def handle(self, *args, out, with_passwords, **options):
        path = Path(out)
        self.verbose = options["verbosity"] > 1
        try:
            writer = writer_for(path)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        try:
            manifest = export_site(
                writer,
                with_passwords=with_passwords,
                progress=self.progress,
            )
            writer.close()
        except BaseException as error:
            with contextlib.suppress(OSError, ArchiveError):
                writer.close()
            if path.is_file():
                path.unlink()
            if isinstance(error, ArchiveError):
                raise CommandError(str(error)) from error
            raise
        counts = manifest["counts"]
        for name in manifest["missing_files"]:
            self.stderr.write(self.style.WARNING(f"Image file missing from storage: {name}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {counts.get('articles.article', 0)} stories, "
                f"{counts.get('articles.articlerevision', 0)} revisions, "
                f"{counts.get('articles.workflowevent', 0)} workflow events, "
                f"{counts.get('authors.author', 0)} authors, "
                f"{counts.get('media.image', 0)} images ({len(manifest['files'])} files), "
                f"{counts.get('auth.user', 0)} users to {path}"
                + (" (with password hashes)" if with_passwords else "")
                + "."
            )
        )

    def progress(self, line: str) -> None:
        if self.verbose:
            self.stdout.write(f"  {line}")
