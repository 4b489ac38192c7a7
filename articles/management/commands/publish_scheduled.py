"""Publish scheduled stories whose time has come.

Run it from cron every minute, or keep it running with `--loop 30`. Two copies running at
once (two app servers, an overlapping cron) never publish a story twice: each story is
claimed with a row lock (see articles.workflow.publish_due).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles import workflow


class Command(BaseCommand):
    help = "Publish scheduled stories that are due, once, or every SECONDS with --loop."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=float,
            metavar="SECONDS",
            help="Keep running, checking for due stories every SECONDS.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due without publishing it."
        )

    def handle(self, *args, loop=None, dry_run=False, verbosity=1, **options):
        if loop is not None and loop <= 0:
            raise CommandError("--loop needs a positive number of seconds.")
        self.verbosity = verbosity
        if loop is None:
            self.run_once(dry_run)
            return
        if verbosity:
            self.stdout.write(f"Checking for due stories every {loop:g} s; Ctrl+C stops.")
        try:
            while True:
                self.run_once(dry_run)
                time.sleep(loop)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def run_once(self, dry_run: bool) -> None:
        now = timezone.now()
        if dry_run:
            due = list(workflow.due_for_publication(now))
            for article in due:
                self.report("Would publish", article)
            if self.verbosity:
                self.stdout.write(f"{len(due)} scheduled stories due (dry run, nothing changed).")
            return
        published = workflow.publish_due(now=now)
        for article in published:
            self.report("Published", article)
        if published and self.verbosity:
            self.stdout.write(self.style.SUCCESS(f"Published {len(published)} scheduled stories."))
        elif self.verbosity >= 2:
            self.stdout.write("Nothing due.")

    def report(self, verb: str, article) -> None:
        if self.verbosity:
            due = date_format(timezone.localtime(article.published_at), "j M Y H:i")
            self.stdout.write(f"{verb} “{article.title}” (id {article.pk}, due {due})")
