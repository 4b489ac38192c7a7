"""The desk's two rounds in Chromium, counted and timed: what a writer and an editor do most.

- The writer's round: "Write a story", a headline and standfirst, three paragraphs, one
  picture in the text, a gallery of three, one embed, a section and a lead image, submit.
- The editor's round: find the story in the review queue, request changes with a comment,
  publish it, place it as the lead in the front-page editor and see it lead the home page.

Against a running demo (`make demo`; its `writer` and `editor` logins and library photos):

    .venv/bin/python bench/desk_rounds.py [--url http://127.0.0.1:8000] [--phone]

Prints each step with the actions it took (a click, or a key that acts, such as Enter) and
the fields typed into and its seconds, then each round's totals (`--shots DIR` keeps a
screenshot of each step's end, to look at). A person adds their own typing and reading; the
count is what the desk asks of them. Desktop is 1366×900; `--phone` is 390×844 with touch.
"""

import argparse
import shutil
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
PASSWORD = "newsroom-demo"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PARAGRAPHS = (
    "The ferry to the islands ran again on Monday, eleven days after the storm tore its pier.",
    "Crews worked through the weekend to bolt a temporary landing to the old piles.",
    "The operator said the first crossing carried 140 passengers and two ambulances.",
)


class Round:
    """Counts what the user does, step by step, and times the whole round."""

    shots = None  # a folder: each step's end is photographed there (--shots)

    def __init__(self, name: str, page):
        self.name, self.page, self.steps, self.step = name, page, [], None
        self.started = time.perf_counter()

    def shoot(self) -> None:
        if self.shots and self.step:
            who = self.name.split(":")[0].lower()
            name = "-".join(w.strip("();'") for w in self.step[0].split()[:4])
            self.page.screenshot(path=f"{self.shots}/{who}-{len(self.steps):02d}-{name}.png")

    def begin(self, step: str) -> None:
        self.shoot()
        now = time.perf_counter()
        if self.step:
            self.step[3] = now - self.step[3]
        self.step = [step, 0, 0, now]
        self.steps.append(self.step)

    def click(self, locator, **kwargs) -> None:
        self.step[1] += 1
        locator.click(**kwargs)

    def press(self, key: str) -> None:
        self.step[1] += 1
        self.page.keyboard.press(key)

    def fill(self, locator, text: str) -> None:
        self.step[2] += 1
        locator.fill(text)

    def type(self, text: str) -> None:
        self.step[2] += 1
        self.page.keyboard.type(text)

    def drag(self, source, target) -> None:
        self.step[1] += 1
        source.drag_to(target)

    def report(self) -> None:
        self.shoot()
        now = time.perf_counter()
        self.step[3] = now - self.step[3]
        seconds = now - self.started
        print(f"\n{self.name}")
        for step, actions, typed, took in self.steps:
            print(f"  {step:<46} {actions:>3} actions  {typed:>2} typed  {took:5.1f} s")
        actions = sum(s[1] for s in self.steps)
        typed = sum(s[2] for s in self.steps)
        print(f"  {'total':<46} {actions:>3} actions  {typed:>2} typed  {seconds:.1f} s")


def log_in(r: Round, base: str, username: str) -> None:
    r.page.context.clear_cookies()
    r.page.goto(f"{base}/admin/login/")
    r.fill(r.page.get_by_label("Username"), username)
    r.fill(r.page.get_by_label("Password"), PASSWORD)
    r.click(r.page.get_by_role("button", name="Log in"))
    expect(r.page.locator("#desk")).to_be_visible()


def choose_section(r: Round, name: str) -> None:
    r.click(r.page.locator("#id_section + .select2 .select2-selection"))
    r.type(name)
    r.click(r.page.locator(".select2-results__option", has_text=name).first)


def writers_round(page, base: str, headline: str) -> None:
    r = Round("Writer: new story, three paragraphs, a picture, a gallery, an embed, submit", page)
    r.begin("sign in")
    log_in(r, base, "writer")
    r.begin("Write a story; headline and standfirst")
    r.click(page.get_by_role("link", name="Write a story").first)
    r.fill(page.get_by_label("Headline:"), headline)
    r.fill(page.get_by_label("Standfirst:"), "The islands' only ferry is back after the storm.")
    r.begin("three paragraphs")
    r.click(page.locator(".ProseMirror[contenteditable=true]"))
    for n, paragraph in enumerate(PARAGRAPHS):
        r.type(paragraph)
        if n < len(PARAGRAPHS) - 1:
            r.press("Enter")
    r.begin("a picture in the text")
    r.click(page.get_by_role("button", name="Picture from the library"))
    chooser = page.get_by_role("dialog", name="Choose an image")
    r.click(chooser.locator("[data-ic-choose]").first)
    expect(page.locator(".bb--picture").first).to_be_visible()
    r.begin("a gallery of three")
    r.click(page.get_by_role("button", name="Gallery: choose photos in the library"))
    chooser = page.get_by_role("dialog", name="Choose photos for the gallery")
    for n in range(3):
        r.click(chooser.locator("[data-ic-choose]").nth(n))
    r.click(chooser.get_by_role("button", name="Add 3 photos"))
    expect(page.locator(".bb--gallery .bb-tile")).to_have_count(3)
    r.begin("an embed")
    r.click(page.get_by_role("button", name="Embed a post or video"))
    r.fill(page.get_by_label("Address of the post or video"), VIDEO)
    r.click(page.get_by_role("button", name="Insert", exact=True))
    expect(page.locator(".bb--embed")).to_have_count(1)
    r.begin("section and lead image")
    choose_section(r, "Culture")
    r.click(page.get_by_role("button", name="Choose an image"))
    chooser = page.get_by_role("dialog", name="Choose an image")
    r.click(chooser.locator("[data-ic-choose]").first)
    expect(chooser).to_be_hidden()
    r.begin("byline (the writer's own)")
    byline = page.locator("#id_bylines-0-author")
    if not byline.input_value():
        r.click(page.locator("#id_bylines-0-author + .select2 .select2-selection"))
        r.click(page.locator(".select2-results__option").first)
    r.begin("submit for review")
    submit = page.get_by_role("button", name="Submit for review")
    if not submit.count():  # a story not saved yet is saved as a draft first
        r.click(page.get_by_role("button", name="Save draft"))
        expect(page.locator(".story-status")).to_contain_text("Draft")
    r.click(submit)
    expect(page.locator(".story-status")).to_contain_text("In review")
    r.report()


def editors_round(page, base: str, headline: str, *, phone: bool) -> None:
    r = Round("Editor: find it, request changes, publish, place it as the lead", page)
    r.begin("sign in")
    log_in(r, base, "editor")
    r.begin("find it in the review queue")
    r.click(page.locator('[aria-labelledby="desk-review"]').get_by_role("link", name=headline))
    expect(page.get_by_role("button", name="Request changes")).to_be_visible()
    r.begin("request changes with a comment")
    # The comment field stands open on a story in review.
    r.fill(page.get_by_label("Comment for the history"), "Name the operator and the timetable.")
    r.click(page.get_by_role("button", name="Request changes"), timeout=3000)
    expect(page.locator(".story-status")).to_contain_text("Draft")
    r.begin("publish")
    r.click(page.get_by_role("button", name="Publish now"))
    expect(page.locator(".story-status")).to_contain_text("Published")
    r.begin("place it as the lead")
    page.goto(f"{base}/admin/front-page/")  # the menu's "Front page slots" (one click)
    r.step[1] += 1
    if phone:  # the place's own "Choose…": the list of stories is a screen away
        r.click(page.locator('[data-place="lead"]').get_by_role("button", name="Choose…"))
        r.fill(page.get_by_role("combobox", name="Find a published story by headline"), headline)
        r.click(page.locator("[data-chooser-list] [role=option]", has_text=headline))
    else:
        r.fill(page.get_by_label("Find by headline"), headline)
        story = page.locator("[data-results] li", has_text=headline)
        expect(story).to_have_count(1)
        r.drag(story, page.locator('[data-place="lead"]'))
    expect(page.locator('[data-place="lead"] .lead-title')).to_have_text(headline)
    r.click(page.get_by_role("button", name="Save the front page"))
    expect(page.locator(".editor-messages")).to_contain_text("is the lead story until")
    r.report()
    page.goto(f"{base}/")
    expect(page.locator(".lead-story .lead-title")).to_have_text(headline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--phone", action="store_true", help="390×844 with touch")
    parser.add_argument("--shots", help="a folder for a screenshot at the end of each step")
    args = parser.parse_args()
    if args.shots:
        Path(args.shots).mkdir(parents=True, exist_ok=True)
        Round.shots = args.shots
    headline = f"Island ferry sails again after storm ({time.strftime('%H%M%S')})"
    size = (390, 844) if args.phone else (1366, 900)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, has_touch=args.phone
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        print(f"{size[0]}×{size[1]} against {args.url}")
        try:
            writers_round(page, args.url, headline)
            editors_round(page, args.url, headline, phone=args.phone)
        except Exception:
            page.screenshot(path="var/desk-rounds-failed.png", full_page=True)
            print("where it stopped: var/desk-rounds-failed.png")
            raise
        finally:
            browser.close()


if __name__ == "__main__":
    main()
