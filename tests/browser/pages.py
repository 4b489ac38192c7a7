"""What browser tests share: signing in to the desk, the accessibility rules, closing a
context quietly."""

from playwright.sync_api import expect

PASSWORD = "correct horse battery"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#desk")).to_be_visible()


STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RULES = {"runOnly": {"type": "tag", "values": STANDARDS}}


def close_context(context) -> None:
    """Close a browser context without letting it reach the live server on its way out.

    Desk pages send an autosave beacon when they close and a presence heartbeat every few
    seconds; new requests are refused, and `_live_server_answers_before_flush` waits for any
    already sent before the test database is emptied.
    """
    context.route("**/*", lambda route: route.abort())
    context.close()


def pick(page, select_id, text):
    """Choose an option in one of the admin's autocomplete (Select2) widgets."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()
