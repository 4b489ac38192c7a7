"""Logs for operators: UTC ISO 8601 timestamps, level, logger and request id on every line.

One format for Django, gunicorn (gunicorn.conf.py uses the same formatters) and management
commands (Django configures logging for them too): plain text by default, one JSON object per
line with LOG_FORMAT=json, and in both one line per record, tracebacks included.

The request id comes from the proxy's X-Request-ID header when it is well formed (NGINX sets
it), or is made here; it is echoed on the response so a reader's bug report, the proxy's log
and ours can be matched up.
"""

import contextvars
import json
import logging
import os
import re
import traceback
import uuid
from datetime import UTC, datetime
from pathlib import Path

REQUEST_ID_HEADER = "X-Request-ID"
# NGINX's $request_id is 32 hex digits, other proxies send UUIDs; anything else (too long,
# spaces, quotes, newlines that would forge log lines) is replaced by an id of our own.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
NO_REQUEST = "-"

request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# LOG_FORMAT value -> formatter, for settings.LOGGING and gunicorn.conf.py's logconfig_dict.
FORMATTERS = {
    "text": "newsroom.logging.TextFormatter",
    "json": "newsroom.logging.JSONFormatter",
}


class RequestIdMiddleware:
    """Give each request an id, make it the current one for logging, send it back."""

    def __init__(self, get_response):
        from django.core.signals import request_finished

        self.get_response = get_response
        # Django logs 4xx and 5xx responses after the middleware chain returns, so the id
        # stays current until the response is closed, not just until this method returns.
        request_finished.connect(_forget_request_id, dispatch_uid="newsroom.logging")

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        rid = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid
        request_id.set(rid)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = rid
        return response


def _forget_request_id(**kwargs) -> None:
    request_id.set(NO_REQUEST)


def install_record_factory() -> None:
    """Put the current request id on every log record, whichever handler gets it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    factory.adds_request_id = True
    logging.setLogRecordFactory(factory)


def configure(config: dict) -> None:
    """LOGGING_CONFIG: Django's dictConfig, plus request ids on records."""
    import logging.config

    install_record_factory()
    logging.config.dictConfig(config)


def _request_id_of(record: logging.LogRecord) -> str:
    # gunicorn's access records carry the response headers as "atoms" in their args; the id
    # there is the one this request was served with, whatever thread writes the line.
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        return record.args.get("{x-request-id}o") or NO_REQUEST
    return getattr(record, "request_id", NO_REQUEST)


def one_line(text: str) -> str:
    """A message as one line: psycopg's and others' line breaks become spaces."""
    return MESSAGE_BREAKS.sub(" ", text.strip())


MESSAGE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def exception_summary(exc_info) -> str:
    """`ConnectionError: Error 111 connecting (at articles/presence.py:27 in _seen)`: the
    exception and the last line of our own code it went through (else the last line)."""
    exc_type, exc, tb = exc_info
    text = f"{exc_type.__name__}: {one_line(str(exc))}" if str(exc) else exc_type.__name__
    frames = traceback.extract_tb(tb) if tb else []
    ours = [f for f in frames if f.filename.startswith(PROJECT) and "-packages" not in f.filename]
    if frame := (ours or frames or [None])[-1]:
        where = frame.filename.removeprefix(PROJECT)
        text += f" (at {where}:{frame.lineno} in {frame.name})"
    return text


PROJECT = str(Path(__file__).resolve().parent.parent) + os.sep


class TextFormatter(logging.Formatter):
    """`2026-01-05T14:05:09.123Z WARNING django.request [1f0c…] Not Found: /x`.

    Every record is one line, so that a line is a record for grep, the journal and whatever
    ships logs. A record with an exception ends with its summary (type, message, where); an
    error's, or any record's when the root logger is at DEBUG, also carries the traceback,
    its line breaks written as `\\n` (`sed 's/\\\\n/\\n/g'` unfolds it). A warning's traceback
    (a cache that could not be reached, say) is noise at every occurrence: its summary says it.
    """

    def __init__(self, fmt=TEXT_FORMAT, datefmt=None, style="%", **kwargs):
        super().__init__(fmt, datefmt, style, **kwargs)

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        # UTC whatever TIME_ZONE is: Django sets the process's zone to the newsroom's.
        moment = datetime.fromtimestamp(record.created, UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def format(self, record):
        record.request_id = _request_id_of(record)
        record.message = one_line(record.getMessage())
        record.asctime = self.formatTime(record)
        line = self.formatMessage(record)
        if record.exc_info and record.exc_info[0] is not None:
            line += " | " + exception_summary(record.exc_info)
            if wants_traceback(record):
                line += " | " + fold(self.formatException(record.exc_info))
        if record.stack_info:
            line += " | " + fold(self.formatStack(record.stack_info))
        return line


def wants_traceback(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR or logging.getLogger().isEnabledFor(logging.DEBUG)


def fold(text: str) -> str:
    return text.strip().replace("\r", "").replace("\n", "\\n")


class JSONFormatter(TextFormatter):
    """One JSON object per line: time, level, logger, request_id, message (and exception)."""

    ACCESS_FIELDS = {
        "remote": "{x-forwarded-for}i",
        "method": "m",
        "path": "U",
        "query": "q",
        "status": "s",
        "bytes": "B",
        "duration_ms": "M",
        "referer": "f",
        "user_agent": "a",
    }

    def format(self, record):
        entry = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": _request_id_of(record),
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update({key: record.args.get(atom) for key, atom in self.ACCESS_FIELDS.items()})
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = exception_summary(record.exc_info)
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OneLineWarning(logging.Filter):
    """Log a record as a warning without its traceback.

    For django.security.DisallowedHost: scanners sending other Host headers are routine, and
    Django logs each as an error with a traceback, drowning real errors (and mailing admins).
    """

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
