"""Headless Chromium (Debian's build) driven by Playwright, against pytest-django's live server."""

import os
import shutil
import threading

import pytest

from tests.browser.pages import close_context

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are
# still synchronous, so Django's async-safety check must be told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        raise RuntimeError(
            "Chromium is missing: run `make test` (it installs it) or apt-get install chromium"
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _RequestsInFlight:
    """WSGI wrapper that counts the live server's unanswered requests, to wait for none."""

    def __init__(self, app):
        self.app = app
        self.count = 0
        self.closed = False
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            if self.closed:
                # Sent before the page closed but taken by the server only now, when the test
                # has ended: answered without the app, which would reach the database.
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"The test has ended."]
            self.count += 1
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _Answer(body, self._done)

    def _done(self) -> None:
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def open(self) -> None:
        with self.changed:
            self.closed = False

    def close_and_wait(self, timeout: float) -> None:
        """Take no more requests to the app, and wait until those taken are answered."""
        with self.changed:
            self.closed = True
            if not self.changed.wait_for(lambda: self.count == 0, timeout=timeout):
                raise RuntimeError(f"the live server still answers {self.count} request(s)")


class _Answer:
    """A response body that tells the counter when the server has finished sending it."""

    def __init__(self, body, done):
        self.body, self.done = body, done

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.done()


@pytest.fixture(autouse=True)
def _live_server_answers_before_flush(request):
    """After a browser test, wait until the live server has answered every request it took,
    and answer any it takes later without the app.

    The test database is emptied when the test ends (TRUNCATE on PostgreSQL, DELETE on SQLite,
    whose in-memory connection the server thread shares); a request still being answered then,
    such as a desk page's closing autosave or a tag suggestion, deadlocks or fails the flush.
    This fixture is set up after the database and before the pages, so it is torn down after
    every page is closed and before the database is emptied.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    httpd = request.getfixturevalue("live_server").thread.httpd
    if not isinstance(httpd.get_app(), _RequestsInFlight):
        httpd.set_app(_RequestsInFlight(httpd.get_app()))
    httpd.get_app().open()
    yield
    httpd.get_app().close_and_wait(timeout=15)


def _window(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    close_context(context)


@pytest.fixture
def page(browser):
    yield from _window(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser):
    yield from _window(browser, viewport={"width": 390, "height": 844}, is_mobile=True)


@pytest.fixture
def other_window(browser):
    """A second browser window with its own session (another member of staff, say)."""
    yield from _window(browser, viewport={"width": 1280, "height": 900})
