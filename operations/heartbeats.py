"""Heartbeats of the background processes: the scheduler and the task worker.

A process that runs no request still has to say that it is alive, or its death goes
unnoticed: a dead scheduler publishes nothing and logs nothing. Each beats into a row of
`Heartbeat` (the scheduler at the end of every cycle, the worker from a thread every few
seconds, idle or not); `/readyz?deep`, `manage.py doctor` and the desk read the rows.
"""

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .models import Heartbeat

SCHEDULER = "scheduler"
WORKER = "worker"
# What each process is called in messages, and how an operator starts it again.
PROCESSES = {
    SCHEDULER: ("the scheduler", "newsroom-scheduler"),
    WORKER: ("the task worker", "newsroom-worker"),
}
# A beat may be late by twice its interval, plus this, before the process counts as gone: a
# cycle that takes a while (a burst of stories, a slow database) is not a death.
GRACE = timedelta(seconds=30)


def beat(name: str, *, every: float) -> None:
    """Record that the process `name` is alive now and will beat again within `every` s."""
    Heartbeat.objects.update_or_create(
        name=name,
        defaults={
            "beat_at": timezone.now(),
            "every_seconds": every,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


@dataclass(frozen=True)
class Pulse:
    """What is known of one process: its last beat, or none."""

    name: str
    beat_at: datetime | None = None
    every_seconds: float = 0
    host: str = ""
    pid: int = 0

    @property
    def due_by(self) -> datetime | None:
        if self.beat_at is None:
            return None
        return self.beat_at + 2 * timedelta(seconds=self.every_seconds) + GRACE

    def alive(self, now: datetime | None = None) -> bool:
        return self.beat_at is not None and (now or timezone.now()) <= self.due_by

    def problem(self, now: datetime | None = None) -> str | None:
        """One line saying what is wrong, or None while it beats."""
        now = now or timezone.now()
        if self.alive(now):
            return None
        what, unit = PROCESSES.get(self.name, (self.name, ""))
        if self.beat_at is None:
            said = f"{what} has never run on this site"
        else:
            said = f"{what} last beat {_ago(now - self.beat_at)} ago"
        return f"{said} (is {unit} running?)" if unit else said


def pulses(names=(SCHEDULER, WORKER)) -> dict[str, Pulse]:
    """The last beat of each process, in one query."""
    found = {row.name: row for row in Heartbeat.objects.filter(name__in=names)}
    return {
        name: Pulse(name, row.beat_at, row.every_seconds, row.host, row.pid)
        if (row := found.get(name))
        else Pulse(name)
        for name in names
    }


def _ago(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 2 * 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"
