"""Run queued background tasks (the desk's emails): django-tasks-db's `db_worker`, made a
service that outlives its database and says that it is alive.

- A heartbeat (operations.heartbeats) every few seconds from a thread of its own, whether
  the worker is idle or busy with a task, so a dead worker shows in `/readyz?deep`, `manage.py
  doctor` and the logs of whoever watches them, rather than as emails that never arrive. A
  `--batch` run empties the queue and exits: it is not the service, so it does not beat.
- The upstream worker stops on the first database error it meets while looking for work (a
  restart of PostgreSQL, a connection pool that timed out): here the error is logged as one
  line and the loop starts again after 1, 2, 4 … seconds, at most 60, for as long as the
  outage lasts. Its other behaviour (SIGTERM finishes the running task, then exits) is kept.

Same name as the upstream command, which this app's place in INSTALLED_APPS overrides, so the
systemd unit runs it as before: `manage.py db_worker --interval 2`.
"""

import logging
import threading
import time

from django.db import DatabaseError, InterfaceError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker

from operations import heartbeats

logger = logging.getLogger("operations.db_worker")

BACKOFF_CAP_SECONDS = 60
# Seconds between heartbeats; /readyz?deep reports the worker after 2 × this + 30 s of silence.
BEAT_EVERY_SECONDS = 10


def backoff(failures: int) -> float:
    """Seconds to wait after the n-th failure in a row: 1, 2, 4 … capped."""
    return min(2 ** (failures - 1), BACKOFF_CAP_SECONDS)


class Heart(threading.Thread):
    """Beats every `every` seconds until stopped; a failed beat is logged once per streak."""

    def __init__(self, every: float = BEAT_EVERY_SECONDS):
        super().__init__(name="heartbeat", daemon=True)
        self.every, self.stopped = every, threading.Event()

    def run(self):
        failed = 0
        while not self.stopped.is_set():
            try:
                heartbeats.beat(heartbeats.WORKER, every=self.every)
            except Exception as error:  # noqa: BLE001 - the next beat may well succeed
                if not failed:
                    logger.warning(
                        "Heartbeat failed: %s: %s", type(error).__name__, _one_line(error)
                    )
                failed += 1
            else:
                if failed:
                    logger.info("Heartbeat recorded again after %d failed beats.", failed)
                failed = 0
            finally:
                # This thread's own connection: give it back (to the pool) between beats.
                connections.close_all()
            self.stopped.wait(self.every)


class Worker(db_worker.Worker):
    def run(self) -> None:
        heart = None if self.batch else Heart()
        if heart:
            heart.start()
        failures, last_failure = 0, 0.0
        try:
            while self.running:
                try:
                    super().run()
                    return  # --batch or --max-tasks: done
                except (DatabaseError, InterfaceError) as error:
                    # An error after a long quiet spell starts a new outage: back off from 1 s.
                    if time.monotonic() - last_failure > 2 * BACKOFF_CAP_SECONDS:
                        failures = 0
                    failures, last_failure = failures + 1, time.monotonic()
                    logger.error(
                        "Database error, retrying in %g s (failure %d): %s: %s",
                        backoff(failures),
                        failures,
                        type(error).__name__,
                        _one_line(error),
                    )
                    for connection in connections.all(initialized_only=True):
                        connection.close_if_unusable_or_obsolete()
                    close_old_connections()
                    time.sleep(backoff(failures))
        finally:
            if heart:
                heart.stopped.set()
                heart.join(BEAT_EVERY_SECONDS)  # let a beat under way finish on its connection


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())  # psycopg's messages span lines


class Command(db_worker.Command):
    help = "Run queued background tasks (desk emails), surviving database outages."

    def handle(self, **options):
        # The upstream handle() builds its Worker by name from its own module.
        original, db_worker.Worker = db_worker.Worker, Worker
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original
