"""Show more at depth: the cost of page 1 against a page deep in a 100k-story archive.

Run from the repository root (it uses its own database unless DATABASE_URL is set):

    .venv/bin/python bench/show_more_depth.py --articles 100000

It loads the archive with `seed_demo` and warms the image renditions (once; pass --reuse to
skip), with its own database and media folder under var/, then times listing pages
uncached through Django's test client: page 1, and the pages at 10%, 50% and 99% depth
reached with the same ?before= cursor a reader's "Show more" would send.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
(ROOT / "var").mkdir(exist_ok=True)  # a fresh checkout has none yet
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
os.environ["CACHE_URL"] = "dummy://"  # measure the work, not the page cache
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.pagination import Cursor  # noqa: E402


def timed(client, url, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(samples), len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded archive")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not (args.reuse and Article.objects.count() >= args.articles):
        call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        call_command("seed_demo", articles=args.articles, verbosity=0)
        print(f"seed_demo --articles {args.articles}: {time.perf_counter() - start:.1f}s")
        # Renditions are made once per image, as `make demo` does, so no timing includes them.
        call_command("renditions", "warm", verbosity=0)

    published = Article.objects.for_listing().values_list("published_at", "id")
    total = published.count()
    client = Client()
    print(f"{connection.vendor}, {total:,} published stories, median of {args.runs} runs, uncached")
    print(f"{'page':<14}{'ms':>8}{'queries':>9}{'bytes':>9}")
    for label, fraction in [
        ("first", None),
        ("10% deep", 0.1),
        ("50% deep", 0.5),
        ("99% deep", 0.99),
    ]:
        url = "/"
        if fraction is not None:
            published_at, pk = published[int(total * fraction)]
            url = f"/?before={Cursor(published_at, pk)}"
        ms, queries, size = timed(client, url, args.runs)
        print(f"{label:<14}{ms:>8.1f}{queries:>9}{size:>9}")
        reset_queries()


if __name__ == "__main__":
    main()
