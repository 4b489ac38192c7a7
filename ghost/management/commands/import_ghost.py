"""Import a Ghost JSON export (Ghost admin → Settings → Labs → Export your content).

Newsrooms moving from Ghost bring their archive: authors with their bios and profile images,
tags, and posts with their feature images, times, status and slugs. Running it again with the
same export changes nothing; a bad record stops it with an error naming the record and nothing
is imported. Old Ghost URLs keep working through permanent redirects (ghost/redirects.py).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Section
from ghost.importer import GhostImportError, import_ghost, read_export


class Command(BaseCommand):
    help = "Import authors, tags and posts from a Ghost JSON export, idempotently."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The Ghost export file (.json).")
        parser.add_argument(
            "--ghost-url",
            default="",
            help=(
                "The old Ghost site's address, for images the export lists as __GHOST_URL__/… "
                "or /content/images/…; without it those images are skipped."
            ),
        )
        parser.add_argument(
            "--section", help="Slug of the section to file newly imported stories under."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the export and report; change nothing."
        )

    def handle(self, *args, export, ghost_url, section, dry_run, **options):
        if section:
            try:
                section = Section.objects.get(slug=section)
            except Section.DoesNotExist:
                raise CommandError(f'There is no section "{section}".') from None
        try:
            report = import_ghost(
                read_export(export), ghost_url=ghost_url, section=section, dry_run=dry_run
            )
        except GhostImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
            for why in report.skipped_images:
                self.stdout.write(self.style.WARNING(f"Image skipped: {why}"))
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS(f"Imported {export.name}."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: already imported."))
