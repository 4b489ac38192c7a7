import io
import json
import logging
import re
import sys
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.utils.log import configure_logging

from newsroom.logging import FORMATTERS, JSONFormatter, TextFormatter

pytestmark = pytest.mark.django_db

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
def log_lines(monkeypatch):
    """Lines the site's console handler writes, configured from settings.LOGGING."""
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    yield lambda: stream.getvalue().splitlines()
    monkeypatch.undo()
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.fixture
def json_lines(monkeypatch, log_lines):
    config = {**settings.LOGGING, "formatters": {"operator": {"()": FORMATTERS["json"]}}}
    configure_logging(settings.LOGGING_CONFIG, config)
    return lambda: [json.loads(line) for line in log_lines()]


def record(message="Something happened", name="articles", exc_info=None, args=None):
    return logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, exc_info)


def test_each_response_carries_a_fresh_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_proxys_request_id_is_kept_when_well_formed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "4f1c9d2e8a7b6c5d4e3f2a1b0c9d8e7f"})
    assert response["X-Request-ID"] == "4f1c9d2e8a7b6c5d4e3f2a1b0c9d8e7f"


@pytest.mark.parametrize("sent", ["short", "x" * 129, "abc def ghi", 'a"\nFORGED line'])
def test_a_malformed_request_id_is_replaced(client, sent):
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_log_records_carry_the_request_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/news/no-such-story/", headers={"X-Request-ID": "req-1234abcd"})
    assert response.status_code == 404
    (logged,) = [r for r in caplog.records if r.name == "django.request"]
    assert logged.request_id == "req-1234abcd"
    # Outside a request there is none.
    logging.getLogger("articles").warning("between requests")
    assert caplog.records[-1].request_id == "-"


def test_text_lines_have_utc_time_level_logger_and_request_id(client, log_lines):
    client.get("/news/no-such-story/", headers={"X-Request-ID": "req-1234abcd"})
    (line,) = [line for line in log_lines() if "django.request" in line]
    time, level, name, rid, message = line.split(" ", 4)
    assert ISO_UTC.fullmatch(time)
    assert (level, name, rid) == ("WARNING", "django.request", "[req-1234abcd]")
    assert message == "Not Found: /news/no-such-story/"


def test_times_are_utc_whatever_the_newsroom_zone():
    at_noon = record()
    at_noon.created = datetime(2026, 1, 5, 12, 0, 0, 250000, tzinfo=UTC).timestamp()
    assert TextFormatter().format(at_noon).startswith("2026-01-05T12:00:00.250Z WARNING articles")


def test_json_lines_are_valid_json_with_the_fields():
    try:
        raise ValueError("boom")
    except ValueError:
        failing = record("Cycle %s failed", args=(3,), exc_info=sys.exc_info())
    failing.request_id = "req-1234abcd"
    entry = json.loads(JSONFormatter().format(failing))
    assert ISO_UTC.fullmatch(entry.pop("time"))
    assert "ValueError: boom" in entry.pop("exception")
    assert entry.pop("error") == (
        "ValueError: boom (at tests/ops/test_logging.py:88 in "
        "test_json_lines_are_valid_json_with_the_fields)"
    )
    assert entry == {
        "level": "WARNING",
        "logger": "articles",
        "request_id": "req-1234abcd",
        "message": "Cycle 3 failed",
    }


def test_json_mode_is_one_object_per_line(client, json_lines):
    client.get("/news/no-such-story/", headers={"X-Request-ID": "req-1234abcd"})
    (entry,) = json_lines()
    assert entry["logger"] == "django.request"
    assert entry["request_id"] == "req-1234abcd"
    assert entry["message"] == "Not Found: /news/no-such-story/"


def test_gunicorn_access_lines_take_the_id_from_the_response():
    atoms = {"{x-request-id}o": "req-1234abcd", "m": "GET", "U": "/", "s": "200", "M": 12}
    access = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(m)s %(U)s", atoms, None)
    assert "[req-1234abcd] GET /" in TextFormatter().format(access)
    entry = json.loads(JSONFormatter().format(access))
    assert entry["request_id"] == "req-1234abcd"
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"]) == (
        "GET",
        "/",
        "200",
        12,
    )


def test_a_disallowed_host_is_one_warning_line_without_traceback(
    client, settings, log_lines, mailoutbox
):
    settings.ADMINS = ["Ops <ops@example.org>"]
    response = client.get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    lines = log_lines()
    assert len(lines) == 1, lines
    assert " WARNING django.security.DisallowedHost [" in lines[0]
    assert "Invalid HTTP_HOST header: 'evil.example.com'" in lines[0]
    assert mailoutbox == []


def test_server_errors_are_mailed_to_admins(client, settings, mailoutbox, monkeypatch, log_lines):
    def broken(*args, **kwargs):
        raise RuntimeError("search index corrupted")

    monkeypatch.setattr("public.reading.search_page", broken)
    client.raise_request_exception = False
    assert client.get("/search/?q=kyiv").status_code == 500
    assert mailoutbox == []  # nobody to tell

    settings.ADMINS = ["Ops <ops@example.org>"]
    (handler,) = [h for h in logging.getLogger("django").handlers if hasattr(h, "flush")]
    handler.reset()
    assert client.get("/search/?q=kyiv").status_code == 500
    handler.flush()  # mailed from a thread of its own (tests/ops/test_errormail.py)
    handler.reset()
    (mail,) = mailoutbox
    assert mail.to == ["Ops <ops@example.org>"]
    assert "Internal Server Error: /search/" in mail.subject


def test_failed_readiness_probes_are_not_mailed(client, settings, mailoutbox, monkeypatch):
    def database_down():
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", database_down)
    settings.ADMINS = ["Ops <ops@example.org>"]
    assert client.get("/readyz").status_code == 503
    assert mailoutbox == []


# Every record is one line: the journal, grep and log shippers count on it.


def failing_record(level, message="Presence: cache unavailable"):
    try:
        raise ConnectionError("Error 111 connecting to cache:6379.\nConnection refused.")
    except ConnectionError:
        entry = logging.LogRecord("articles.presence", level, __file__, 1, message, None, None)
        entry.exc_info = sys.exc_info()
    return entry


def test_a_warnings_traceback_is_its_summary_on_the_same_line():
    line = TextFormatter().format(failing_record(logging.WARNING))
    assert "\n" not in line and "Traceback" not in line
    assert re.search(
        r" WARNING articles.presence \[-\] Presence: cache unavailable \| ConnectionError: Error "
        r"111 connecting to cache:6379. Connection refused. \(at tests/ops/test_logging.py:\d+ in "
        r"failing_record\)$",
        line,
    )


def test_an_errors_traceback_is_folded_into_its_line():
    line = TextFormatter().format(failing_record(logging.ERROR, "Cycle failed"))
    assert "\n" not in line
    assert "Cycle failed | ConnectionError: Error 111" in line
    assert " | Traceback (most recent call last):\\n  File " in line


def test_at_debug_a_warning_keeps_its_traceback_too():
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        line = TextFormatter().format(failing_record(logging.WARNING))
    finally:
        root.setLevel(level)
    assert "\n" not in line and "Traceback (most recent call last):\\n" in line


def test_a_message_that_spans_lines_is_one_line():
    psycopg = 'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
    message = psycopg + "Connection refused\n\tIs the server running on that host?"
    line = TextFormatter().format(record(message))
    assert line.endswith("Connection refused Is the server running on that host?")


def test_the_desks_presence_with_the_cache_down_logs_one_line(log_lines, monkeypatch):
    from articles import presence

    def down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to cache:6379. Connection refused.")

    monkeypatch.setattr(presence.cache, "get", down)
    assert presence.others(1, type("User", (), {"pk": 2})()) == []
    (line,) = log_lines()
    assert " WARNING articles.presence [-] Presence: cache unavailable | ConnectionError" in line


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_logs_what_it_publishes_with_time_and_level(log_lines, monkeypatch):
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article
    from tests.factories import ready_article

    monkeypatch.setattr("articles.management.commands.publish_scheduled.time.sleep", list)
    story = ready_article(status=Article.Status.SCHEDULED, published_at=timezone.now())
    out = io.StringIO()
    call_command("publish_scheduled", "--loop", "30", "--max-cycles", "1", stdout=out)
    assert out.getvalue() == ""
    published = [line for line in log_lines() if "Published “" in line]
    assert len(published) == 1
    time, level, name, rid, message = published[0].split(" ", 4)
    assert ISO_UTC.fullmatch(time) and level == "INFO" and name == "articles.publish_scheduled"
    assert message.startswith(f"Published “{story.title}” (id {story.pk}, due ")
