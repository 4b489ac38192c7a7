"""Import a Ghost JSON export (Ghost admin → Settings → Labs → Export your content).

Newsrooms moving from Ghost bring their archive: authors with their bios and profile images,
tags, posts and pages with their bodies (cards become our body blocks, whether the export holds
Ghost's html, lexical or mobiledoc), feature images, SEO and social fields, times, status and
slugs. With `--images` (a copy of the Ghost site's content/images folder) every picture comes
into the media library, so nothing depends on the old server. Members-only and paid posts are
never made public unless `--members=public-part` says to publish what Ghost showed everyone.
Running it again with the same export changes nothing; a bad record stops it with an error
naming the record and nothing is imported. Old Ghost URLs keep working through permanent
redirects (ghost/redirects.py).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Section
from authors import languages
from ghost.importer import (
    MEMBERS_CHOICES,
    MEMBERS_DRAFT,
    GhostImportError,
    import_ghost,
    read_export,
)
from ghost.translations import read_map


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
            "--images",
            type=Path,
            help=(
                "A copy of the Ghost site's content/images folder: every picture the export "
                "uses is brought into the media library from it (size variants resolved to the "
                "original). Pictures it lacks are listed and stay links until a later run."
            ),
        )
        parser.add_argument(
            "--members",
            choices=MEMBERS_CHOICES,
            default=MEMBERS_DRAFT,
            help=(
                "Members-only and paid posts: 'draft' (default) imports them as drafts for "
                "the desk; 'public-part' publishes only what Ghost showed everyone, before "
                "its paywall marker."
            ),
        )
        parser.add_argument(
            "--language",
            default="",
            help=(
                "The language the Ghost site writes in (one of NEWSROOM_LANGUAGES); its posts "
                "become editions in it. The main language when not given."
            ),
        )
        parser.add_argument(
            "--translations",
            type=Path,
            help=(
                "A CSV file of slug pairs, a main-language story's then its edition's in "
                "--language (a first row naming the two languages is a header): each pair "
                "becomes one story's two editions."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the export and report; change nothing."
        )

    def handle(
        self,
        *args,
        export,
        ghost_url,
        section,
        images,
        members,
        language,
        translations,
        dry_run,
        **options,
    ):
        if section:
            try:
                section = Section.objects.get(slug=section)
            except Section.DoesNotExist:
                raise CommandError(f'There is no section "{section}".') from None
        try:
            translation_map = None
            if translations is not None:
                pair = (languages.main(), language or languages.main())
                translation_map = read_map(translations, languages=pair)
            report = import_ghost(
                read_export(export),
                ghost_url=ghost_url,
                section=section,
                images=images,
                members=members,
                language=language,
                translation_map=translation_map,
                dry_run=dry_run,
                progress=self.progress if options["verbosity"] >= 1 else None,
            )
        except GhostImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
            for why in report.skipped_images:
                self.stdout.write(self.style.WARNING(f"Image skipped: {why}"))
            for why in report.notes:
                self.stdout.write(self.style.WARNING(f"Note: {why}"))
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        elif report.changed:
            self.stdout.write(self.style.SUCCESS(f"Imported {export.name}."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: already imported."))

    def progress(self, line: str) -> None:
        # On stderr, so the report on stdout stays one line per fact.
        self.stderr.write(line)
