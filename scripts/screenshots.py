"""Screenshots of the running site at phone and desktop width, for looking at what we build.

Usage: .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 OUT_DIR PATH [PATH …]
Desk pages: DESK_LOGIN=editor:newsroom-demo (the demo's editor) signs in first.
MEDIA=print draws the pages as they print (files named …-print-desktop.png, …-print-phone.png).
A phone shot is the whole page down to four screens, a desktop shot the first screen; a print
shot is the whole page.
"""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}
PHONE_SCREENS = 4
# Pictures drawn by scripts after the page loaded (the body editor's blocks) are waited for.
PICTURES_ARRIVED = (
    "() => [...document.images].filter(i => i.loading !== 'lazy').every(i => i.complete)"
)

EAGER = "() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
EVERY_PICTURE = "() => [...document.images].every(i => i.complete)"


def scroll_through(page, height: int) -> None:
    """Scrolls down the page and back: Chromium paints a picture that was never on screen
    blank in a screenshot of the whole page."""
    bottom = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, bottom, height):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(100)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(100)


def log_in(page, base: str, login: str) -> None:
    username, _, password = login.partition(":")
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


def main(base: str, out: str, paths: list[str]) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    login = os.environ.get("DESK_LOGIN", "")
    media = os.environ.get("MEDIA", "screen")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            if login:
                log_in(page, base, login)
            page.emulate_media(media=media)
            for path in paths:
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_function(PICTURES_ARRIVED, timeout=30_000)
                slug = path.strip("/").replace("/", "_").replace("?", "_") or "home"
                if name == "phone" or media != "screen":
                    # A shot longer than the screen shows the pictures lower down too.
                    page.evaluate(EAGER)
                    page.wait_for_function(EVERY_PICTURE, timeout=30_000)
                    scroll_through(page, height)
                kind = name if media == "screen" else f"{media}-{name}"
                target = out_dir / f"{slug}-{kind}.png"
                if media != "screen":
                    page.screenshot(path=str(target), full_page=True)
                elif name == "phone":
                    tall = min(page.evaluate("document.documentElement.scrollHeight"),
                               PHONE_SCREENS * height)  # fmt: skip
                    clip = {"x": 0, "y": 0, "width": width, "height": tall}
                    page.screenshot(path=str(target), full_page=True, clip=clip)
                else:
                    page.screenshot(path=str(target))
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
