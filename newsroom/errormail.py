"""Server errors by email: grouped, at most one mail a minute per kind, sent off the request.

Django's AdminEmailHandler mails every error from the thread that logged it: a database
outage answered with 503s mails one report per request (thirty for a fourteen-second outage
polled by one client), each sent over SMTP while the reader waits. Here:

- Errors are grouped by kind: the logger, the status code, and for an exception its type and
  the line that raised it; for other records the message's template. Paths and queries are
  not part of the kind: `/search/?q=a` and `/search/?q=b` failing alike are one problem.
- The first error of a kind is mailed (the full report, as Django writes it); those that
  follow within a minute are only counted. When the minute ends with some counted, one mail
  says how many ("29 more like this in the last 60 s") and the next minute starts counting,
  so a kind costs at most one mail a minute however long it lasts.
- Processes agree through the cache (Redis in production): the first process to claim a
  kind for the minute mails it, the others add to its count. With the cache unreachable each
  process decides alone (at most one mail a minute per kind and process).
- Mails are sent by a thread of the process's own; the request that failed only renders the
  report (once a minute per kind at most) and goes on. A process that exits (a worker
  replaced, a restart) hands the count it holds to the cache, for the next mail of its kind.
"""

import contextlib
import hashlib
import logging
import os
import queue
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.utils.log import AdminEmailHandler

logger = logging.getLogger("newsroom.errormail")

INTERVAL_SECONDS = 60


def error_kind(record: logging.LogRecord) -> str:
    """What makes two errors the same problem, whatever the URL or the values involved."""
    parts = [record.name, str(getattr(record, "status_code", "") or "")]
    if record.exc_info and record.exc_info[0] is not None:
        exc_type, _, tb = record.exc_info
        parts.append(f"{exc_type.__module__}.{exc_type.__qualname__}")
        frames = traceback.extract_tb(tb) if tb else []
        if frames:
            parts.append(f"{frames[-1].filename}:{frames[-1].lineno}")
    elif record.name != "django.request":
        # django.request's message names the path; elsewhere the template is the kind.
        parts.append(str(record.msg))
    return "|".join(parts)


@dataclass
class Window:
    """One kind's current minute in this process."""

    ends: float  # on the handler's clock
    started_at: datetime
    subject: str = ""
    latest: str = ""
    mails: bool = False  # this process mailed the kind and owes the count
    shared: bool = False  # the cache took the claim: counts go there
    counted: int = 0  # errors counted here, not yet added to the cache's count
    pending: list = field(default_factory=list)


class ThrottledAdminEmailHandler(AdminEmailHandler):
    """AdminEmailHandler with errors grouped, rate-limited and mailed from a thread."""

    def __init__(self, *args, interval: float = INTERVAL_SECONDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.interval = interval
        self.clock = time.monotonic
        self._lock = threading.Lock()
        self._windows: dict[str, Window] = {}
        self._outbox: queue.Queue = queue.Queue()
        self._sender: threading.Thread | None = None
        self._pid = os.getpid()

    # In the thread that logged the error ------------------------------------------------------

    def emit(self, record):
        if not settings.ADMINS:
            return
        kind = error_kind(record)
        now = self.clock()
        with self._lock:
            self._forget_parent_state()
            window = self._windows.get(kind)
            if window is not None and now < window.ends:
                self._outbox.put(("count", kind, record.getMessage()))
                self._start_sender()
                return
            self._windows[kind] = Window(ends=now + self.interval, started_at=datetime.now(UTC))
        self._kind = kind  # read by send_mail below, in this same call
        try:
            super().emit(record)  # renders the report, then calls send_mail()
        finally:
            self._kind = None

    def send_mail(self, subject, message, *args, **kwargs):
        self._outbox.put(("mail", self._kind, subject, message, args, kwargs))
        with self._lock:
            self._start_sender()

    def _start_sender(self) -> None:
        if self._sender is None or not self._sender.is_alive():
            self._sender = threading.Thread(
                target=self._send_forever, name="errormail", daemon=True
            )
            self._sender.start()

    def _forget_parent_state(self) -> None:
        # A forked process (a gunicorn worker) inherits neither the thread nor its duties.
        if os.getpid() != self._pid:
            self._pid, self._sender, self._windows = os.getpid(), None, {}
            self._outbox = queue.Queue()

    # In the sending thread -------------------------------------------------------------------

    def _send_forever(self) -> None:
        while True:
            try:
                item = self._outbox.get(timeout=self._seconds_to_next_end())
            except queue.Empty:
                item = None
            try:
                if item is not None:
                    self._handle(item)
                if self._outbox.empty():  # counts still queued belong to their window
                    self.expire()
            except Exception as error:  # noqa: BLE001 - never let the sender die
                # Not under "django": this warning is logged, never mailed.
                logger.warning("Error mail not sent: %s: %s", type(error).__name__, error)
            finally:
                if item is not None:
                    self._outbox.task_done()

    def _seconds_to_next_end(self) -> float:
        with self._lock:
            ends = [w.ends for w in self._windows.values()]
        return max(0.05, min(ends) - self.clock()) if ends else 3600.0

    def _handle(self, item) -> None:
        what, kind, *rest = item
        with self._lock:
            window = self._windows.get(kind)
        if window is None:  # expired meanwhile: the count goes to the next window
            return
        if what == "count":
            window.latest = rest[0]
            self._count(kind, window)
            return
        subject, message, args, kwargs = rest
        window.subject = subject
        claimed = self._claim(kind)
        window.shared = claimed is not None
        if claimed is False:
            self._count(kind, window)  # another process mails this minute
            return
        window.mails = True
        self._deliver(subject, message, *args, **kwargs)

    def _count(self, kind: str, window: Window) -> None:
        window.counted += 1
        if window.shared and self._add_to_shared_count(kind, window.counted):
            window.counted = 0

    def expire(self) -> None:
        """Close the windows whose minute is over, mailing the count of the errors held back."""
        now = self.clock()
        with self._lock:
            over = {k: w for k, w in self._windows.items() if now >= w.ends}
            for kind in over:
                del self._windows[kind]
        for kind, window in over.items():
            if not window.mails:
                if window.counted and window.shared:
                    self._add_to_shared_count(kind, window.counted)
                continue
            more = window.counted + (self._take_shared_count(kind) if window.shared else 0)
            if more:
                self._summarise(kind, window, more, now)

    def _summarise(self, kind: str, window: Window, more: int, now: float) -> None:
        since = window.started_at.strftime("%H:%M:%S")
        subject = f"{window.subject} ({more} more like this since {since} UTC)"
        message = (
            f"{more} more errors of the kind mailed at {since} UTC happened within the "
            f"following {self.interval:g} seconds and were not mailed one by one.\n\n"
            f"Kind: {kind}\nFirst: {window.subject}\nLatest: {window.latest or window.subject}\n"
        )
        # The next minute counts again rather than mailing: at most one mail a minute.
        with self._lock:
            self._windows[kind] = Window(
                ends=now + self.interval,
                started_at=datetime.now(UTC),
                subject=window.subject,
                mails=True,
                shared=window.shared and self._claim(kind, renew=True) is not None,
            )
        self._deliver(self.format_subject(subject), message)

    def _deliver(self, subject, message, *args, **kwargs) -> None:
        AdminEmailHandler.send_mail(self, subject, message, *args, **kwargs)

    # The cache, shared by every process --------------------------------------------------------

    def _key(self, kind: str) -> str:
        return "errormail:" + hashlib.sha256(kind.encode()).hexdigest()[:32]

    def _claim(self, kind: str, *, renew: bool = False) -> bool | None:
        """True: this process mails the kind this minute; False: another does; None: no cache."""
        from django.core.cache import cache

        try:
            if renew:
                cache.set(self._key(kind), os.getpid(), self.interval)
                return True
            return cache.add(self._key(kind), os.getpid(), self.interval)
        except Exception:  # noqa: BLE001 - the cache is down: decide alone
            return None

    def _add_to_shared_count(self, kind: str, n: int) -> bool:
        from django.core.cache import cache

        key = self._key(kind) + ":more"
        try:
            cache.add(key, 0, 10 * self.interval)  # a count nobody reports soon is stale
            cache.incr(key, n)
            return True
        except Exception:  # noqa: BLE001 - kept here, mailed with this process's count
            return False

    def _take_shared_count(self, kind: str) -> int:
        from django.core.cache import cache

        key = self._key(kind) + ":more"
        try:
            count = cache.get(key) or 0
            if count:
                cache.decr(key, count)
            return count
        except Exception:  # noqa: BLE001
            return 0

    # Tests and shutdown --------------------------------------------------------------------

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every mail queued so far is sent (or `timeout` seconds pass)."""
        deadline = time.monotonic() + timeout
        while self._outbox.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)

    def reset(self) -> None:
        """Forget every window (tests)."""
        self.flush()
        with self._lock:
            self._windows.clear()

    def close(self):
        """At exit (logging.shutdown): hand the counts still held to the cache, where the next
        mail of their kind reports them; without the cache, mail them now."""
        self.flush()
        with self._lock:
            windows, self._windows = self._windows, {}
        for kind, window in windows.items():
            with contextlib.suppress(Exception):  # exiting anyway
                if window.shared and window.counted:
                    self._add_to_shared_count(kind, window.counted)
                elif window.mails and window.counted:
                    self._summarise(kind, window, window.counted, self.clock())
        super().close()
