"""Server errors by email: one mail a minute per kind of error, a count of the rest, sent by a
thread of its own (newsroom.errormail)."""

import logging
import sys
import threading

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import OperationalError

from newsroom.errormail import ThrottledAdminEmailHandler, error_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_handler(settings):
    """The handler the site's logging configuration attached to the "django" logger."""
    settings.ADMINS = ["Night Desk <ops@example.org>"]
    (handler,) = [
        h for h in logging.getLogger("django").handlers if isinstance(h, ThrottledAdminEmailHandler)
    ]
    handler.reset()
    yield handler
    handler.reset()


@pytest.fixture
def database_down(monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection pool timeout")

    monkeypatch.setattr("public.reading.search_page", broken)


def test_an_outage_polled_thirty_times_is_one_mail_then_one_count(
    client, site_handler, database_down, mailoutbox
):
    for n in range(30):
        assert client.get(f"/search/?q=poll{n}").status_code == 503
    site_handler.flush()
    (first,) = mailoutbox
    assert first.to == ["Night Desk <ops@example.org>"]
    assert "Service Unavailable: /search/" in first.subject
    # When its minute is over, one mail counts the others.
    site_handler.clock = lambda: float("inf")
    site_handler.expire()
    site_handler.flush()
    assert len(mailoutbox) == 2
    assert "(29 more like this since " in mailoutbox[1].subject
    assert "Latest: Service Unavailable: /search/" in mailoutbox[1].body


def test_kinds_are_mailed_apart(client, site_handler, database_down, mailoutbox, monkeypatch):
    client.raise_request_exception = False
    client.get("/search/?q=a")
    monkeypatch.setattr("public.reading.search_page", lambda *a, **k: 1 / 0)
    client.get("/search/?q=b")
    client.get("/search/?q=c")
    site_handler.flush()
    subjects = [m.subject for m in mailoutbox]
    assert len(subjects) == 2
    assert "Service Unavailable" in subjects[0] and "Internal Server Error" in subjects[1]


def test_the_failed_request_does_not_wait_for_the_mail(
    client, site_handler, database_down, monkeypatch, mailoutbox
):
    release, sending = threading.Event(), threading.Event()
    real = mail.mail_admins

    def slow_smtp(*args, **kwargs):
        sending.set()
        release.wait(10)
        real(*args, **kwargs)

    monkeypatch.setattr(mail, "mail_admins", slow_smtp)
    assert client.get("/search/?q=kyiv").status_code == 503  # answered while SMTP hangs
    assert sending.wait(5) and mailoutbox == []
    release.set()
    site_handler.flush()
    assert len(mailoutbox) == 1


def record(name="django.request", status=503, message="Service Unavailable: /search/?q=1"):
    entry = logging.LogRecord(name, logging.ERROR, __file__, 1, message, None, None)
    entry.status_code = status
    return entry


def test_two_processes_share_the_minute_through_the_cache(settings, mailoutbox):
    settings.ADMINS = ["ops@example.org"]
    first, second = ThrottledAdminEmailHandler(), ThrottledAdminEmailHandler()
    first.handle(record())
    first.flush()
    for _ in range(3):
        second.handle(record(message="Service Unavailable: /search/?q=2"))
    second.flush()
    assert len(mailoutbox) == 1  # the second process only counted
    for handler in (second, first):  # the second's minute ends first: its count is shared
        handler.clock = lambda: float("inf")
        handler.expire()
        handler.flush()
    assert len(mailoutbox) == 2
    assert "(3 more like this since " in mailoutbox[1].subject


def test_without_the_cache_each_process_decides_alone(settings, mailoutbox, monkeypatch):
    settings.ADMINS = ["ops@example.org"]

    def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to cache:6379.")

    monkeypatch.setattr(type(caches["default"]), "add", unreachable)
    handler = ThrottledAdminEmailHandler()
    for _ in range(5):
        handler.handle(record())
    handler.flush()
    assert len(mailoutbox) == 1


def test_nothing_is_kept_without_admins(settings, mailoutbox):
    settings.ADMINS = []
    handler = ThrottledAdminEmailHandler()
    handler.handle(record())
    handler.flush()
    assert mailoutbox == [] and handler._windows == {}


def test_the_kind_leaves_out_the_path_and_keeps_the_status_and_the_exception():
    assert error_kind(record(message="Service Unavailable: /a")) == error_kind(
        record(message="Service Unavailable: /b?x=1")
    )
    assert error_kind(record(status=503)) != error_kind(record(status=502))
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        failing = record(status=500)
        failing.exc_info = sys.exc_info()
    assert "builtins.ZeroDivisionError|" in error_kind(failing)
    assert error_kind(record("articles.publish_scheduled", None, "Cycle %s failed")) == (
        "articles.publish_scheduled||Cycle %s failed"
    )
