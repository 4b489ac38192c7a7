"""Publish scheduled stories whose time has come.

Run it from cron every minute, or keep it running with `--loop 30`. Two copies running at
once (two app servers, an overlapping cron) never publish a story twice: each story is
claimed with a row lock (see articles.workflow.publish_due).

With --loop it is a service that must outlive the database and the cache: a failed cycle is
logged and retried after 1, 2, 4 … up to 60 seconds, and only Ctrl+C or SIGTERM stop it
(SIGTERM lets the current cycle finish, then exits 0). Each cycle also logs a warning for
stories that are still scheduled well after their time, and records a heartbeat
(operations.heartbeats): a scheduler that died logs nothing, so `/readyz?deep`, `manage.py
doctor` and the desk notice the missing beat instead. In a loop, what it publishes is logged
(time, level, one line each) rather than printed, as a service's output should be.
"""

import argparse
import logging
import signal
import time
from datetime import UTC, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, InterfaceError, close_old_connections, connections
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles import workflow
from operations import heartbeats

logger = logging.getLogger("articles.publish_scheduled")

BACKOFF_CAP_SECONDS = 60
# Run from cron, a run is expected every minute.
CRON_EVERY_SECONDS = 60


class Stop(BaseException):
    """SIGTERM during the pause between cycles."""


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
        # For tests: stop after this many cycles instead of running until stopped.
        parser.add_argument("--max-cycles", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, loop=None, dry_run=False, verbosity=1, max_cycles=None, **options):
        if loop is not None and loop <= 0:
            raise CommandError("--loop needs a positive number of seconds.")
        self.verbosity = verbosity
        self.every, self.looping = loop or CRON_EVERY_SECONDS, loop is not None
        if loop is None:
            self.run_once(dry_run)
            return
        if verbosity:
            self.say(f"Checking for due stories every {loop:g} s; Ctrl+C stops.")
        self.stopping = self.pausing = False
        previous = self.handle_sigterm()
        try:
            self.run_forever(loop, dry_run, max_cycles)
        except (KeyboardInterrupt, Stop):
            pass
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        self.say("Stopped.")

    def run_forever(self, loop: float, dry_run: bool, max_cycles: int | None) -> None:
        failures = cycles = 0
        while True:
            # As Django does around each request: drop a connection that broke or outlived
            # CONN_MAX_AGE, so a restarted database is picked up again.
            close_old_connections()
            try:
                self.run_once(dry_run)
            except (DatabaseError, InterfaceError) as error:
                failures += 1
                connections.close_all()
                logger.error(
                    "Database error, retrying in %g s (failure %d): %s: %s",
                    backoff(failures),
                    failures,
                    type(error).__name__,
                    " ".join(str(error).split()),  # psycopg's messages span lines
                )
            except Exception:
                # The cache (Redis) or anything else: the next cycle may well succeed.
                failures += 1
                logger.exception(
                    "Cycle failed, retrying in %g s (failure %d)", backoff(failures), failures
                )
            else:
                if failures:
                    logger.info("Recovered after %d failed cycles.", failures)
                failures = 0
            cycles += 1
            if self.stopping or (max_cycles and cycles >= max_cycles):
                return
            self.pause(backoff(failures) if failures else loop)
            if self.stopping:
                return

    def pause(self, seconds: float) -> None:
        self.pausing = True
        try:
            time.sleep(seconds)
        finally:
            self.pausing = False

    def handle_sigterm(self):
        """Stop on SIGTERM (systemd, Docker): after the running cycle, or at once in a pause."""

        def on_sigterm(signum, frame):
            self.stopping = True
            if self.pausing:
                raise Stop

        try:
            return signal.signal(signal.SIGTERM, on_sigterm)
        except ValueError:  # not the main thread: leave signals alone
            return None

    def run_once(self, dry_run: bool) -> None:
        now = timezone.now()
        if dry_run:
            due = list(workflow.due_for_publication(now))
            for article in due:
                self.report("Would publish", article)
            if self.verbosity:
                self.stdout.write(f"{len(due)} scheduled stories due (dry run, nothing changed).")
        else:
            published = workflow.publish_due(now=now)
            for article in published:
                self.report("Published", article)
            if published and self.verbosity:
                self.say(f"Published {len(published)} scheduled stories.", self.style.SUCCESS)
            elif self.verbosity >= 2:
                self.say("Nothing due.")
        self.warn_overdue(now)
        if not dry_run:
            heartbeats.beat(heartbeats.SCHEDULER, every=self.every)

    def warn_overdue(self, now) -> None:
        overdue = list(
            workflow.due_for_publication(workflow.overdue_before(now)).values_list(
                "pk", "published_at"
            )
        )
        if overdue:
            logger.warning(
                "%d scheduled stories overdue by more than %d s, oldest due %s: ids %s",
                len(overdue),
                workflow.OVERDUE_AFTER // timedelta(seconds=1),
                overdue[0][1].astimezone(UTC).isoformat(timespec="minutes"),
                ", ".join(str(pk) for pk, _ in overdue[:20]) + (" …" if len(overdue) > 20 else ""),
            )

    def report(self, verb: str, article) -> None:
        if self.verbosity:
            due = date_format(timezone.localtime(article.published_at), "j M Y H:i")
            self.say(f"{verb} “{article.title}” (id {article.pk}, due {due})")

    def say(self, message: str, style=None) -> None:
        """Print it for a person running the command; log it when running as a service."""
        if getattr(self, "looping", False):
            logger.info("%s", message)
        else:
            self.stdout.write(style(message) if style else message)


def backoff(failures: int) -> float:
    """Seconds to wait after the n-th failed cycle in a row: 1, 2, 4 … capped."""
    return min(2 ** (failures - 1), BACKOFF_CAP_SECONDS)
