"""Lighthouse (mobile) on four pages of the demo: home, an article, the live story, a section.

Run from the repository root, after `make demo` has made the demo under var/:

    CHROME_PATH=/usr/bin/chromium .venv/bin/python bench/lighthouse.py
    .venv/bin/python bench/lighthouse.py --runs 3 --json /tmp/lighthouse  # median of 3, kept

It copies the demo's SQLite database to a temporary folder (what the pages do to the database,
such as recording renditions, stays there; the renditions themselves go to the demo's media, as
the demo would make them), collects the static files, starts gunicorn with DJANGO_DEBUG=0 and
its own in-memory cache on a free port from 8700, and runs Lighthouse 12 from npm
(`npx -y lighthouse@12`, Chromium headless) on each page in turn. It prints one table: the
four category scores, then total blocking time, largest contentful paint and layout shift, the
figures that move with the machine's load. With --runs N each page keeps its median run by
performance.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("CHROME_PATH", shutil.which("chromium") or "/usr/bin/chromium")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from articles.models import Article  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"


def free_port(start: int = 8700) -> int:
    for port in range(start, start + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port from 8700 to 8799")


def demo_pages() -> dict[str, str]:
    """The four pages measured: the newest story with a lead image and pictures in its body
    (the heaviest kind of article), the live story, the story's section."""
    stories = Article.objects.for_listing().filter(kind=Article.Kind.STORY)
    pictured = stories.filter(coverage_started_at=None, lead_image__isnull=False)
    article = pictured.filter(body__contains='data-block="image"').first() or pictured.first()
    live = stories.exclude(coverage_started_at=None).first()
    if article is None or live is None:
        raise SystemExit("The demo has no story or no live story: run `make demo` first.")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "live story": live.get_absolute_url(),
        "section": article.section.get_absolute_url(),
    }


class Server:
    """gunicorn as in production (DJANGO_DEBUG=0) on a copy of the demo's database."""

    def __init__(self, database: Path, folder: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        copy = folder / "newsroom.sqlite3"
        shutil.copyfile(database, copy)
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{copy}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CACHE_URL": "locmem://",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.base,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "1",
            "LOG_LEVEL": "WARNING",
        }
        self.log = folder / "gunicorn.log"

    def __enter__(self):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def lighthouse(url: str, report: Path) -> dict:
    subprocess.run(
        [
            "npx",
            "-y",
            "lighthouse@12",
            url,
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        check=True,
        timeout=600,
    )
    result = json.loads(report.read_text())
    audits = result["audits"]
    return {
        **{name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES},
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "below": [
            f"{name}: {ref['id']}"
            for name in CATEGORIES[1:]
            for ref in result["categories"][name]["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is kept)")
    parser.add_argument("--json", type=Path, help="keep Lighthouse's reports in this folder")
    args = parser.parse_args()

    database = Path(settings.DATABASES["default"]["NAME"])
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        raise SystemExit("Measures the SQLite demo (`make demo`); unset DATABASE_URL.")
    if not database.exists():
        raise SystemExit(f"No demo database at {database}: run `make demo` first.")
    pages = demo_pages()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        reports = args.json or Path(folder)
        reports.mkdir(parents=True, exist_ok=True)
        with Server(database, Path(folder)) as server:
            rows = {}
            for name, path in pages.items():
                for _ in range(4):  # each worker's page cache, as for a reader after the first
                    urllib.request.urlopen(server.base + path, timeout=30).read()
                runs = [
                    lighthouse(server.base + path, reports / f"{name.replace(' ', '-')}-{n}.json")
                    for n in range(args.runs)
                ]
                median = statistics.median_low(run["performance"] for run in runs)
                rows[name] = next(run for run in runs if run["performance"] == median)
    load = os.getloadavg()[0]
    print(f"Lighthouse 12, mobile, gunicorn DJANGO_DEBUG=0, load average {load:.1f}")
    print(f"{'page':<11} perf  a11y  best  seo   TBT ms  LCP s   CLS   path")
    for name, row in rows.items():
        print(
            f"{name:<11} {row['performance']:>4}  {row['accessibility']:>4}  "
            f"{row['best-practices']:>4}  {row['seo']:>3}  {row['tbt']:>7.0f}  "
            f"{row['lcp'] / 1000:>5.2f}  {row['cls']:>5.3f}  {pages[name]}"
        )
        for audit in row["below"]:
            print(f"{'':<11} below 100: {audit}")


if __name__ == "__main__":
    main()
