"""Headless Chromium (Debian's build) driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest

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


def _close(context) -> None:
    """Close a browser context without letting it reach the live server on its way out.

    Desk pages send an autosave beacon when they close and a presence heartbeat every few
    seconds; one landing while the test database is being emptied (TRUNCATE on PostgreSQL)
    deadlocks with it. New requests are refused, and one already sent is given time to end.
    """
    context.route("**/*", lambda route: route.abort())
    if context.pages:
        context.pages[0].wait_for_timeout(300)
    context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    _close(context)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    _close(context)
