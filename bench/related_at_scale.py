"""Related stories at scale: the cost of ranking an article's related stories in a deep archive.

Run from the repository root (it uses its own database unless DATABASE_URL is set):

    scripts/with-postgres .venv/bin/python bench/related_at_scale.py --articles 100000

It loads the archive with `seed_demo` (once; pass --reuse to skip), then calls
`related_stories()` for a spread of published stories, each with its tags prefetched as the
article page has them, and prints the median and 99th percentile time, the queries it made, and
the top node of each query's plan.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from public.reading import related  # noqa: E402


def related_stories(story):
    """The related stories of a story whose tags were prefetched, as its page ranks them."""
    return related(story.pk, [tag.pk for tag in story.tags.all()], story.section_id)


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def plan_summary(sql):
    """The top node of the query's plan, and the scans under it."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return " / ".join(row[-1] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    scans, stack = [], [plan]
    while stack:
        node = stack.pop()
        if "Scan" in node["Node Type"] and "Relation Name" in node:
            scan = f"{node['Node Type']} on {node['Relation Name']}"
            if "Index Name" in node:
                scan += f" using {node['Index Name']}"
            if scan not in scans:
                scans.append(scan)
        stack.extend(node.get("Plans", []))
    return (
        f"{plan['Node Type']} (cost {plan['Total Cost']:.0f}, "
        f"{plan['Actual Total Time']:.1f} ms); scans: {', '.join(scans)}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=20, help="articles to rank for")
    parser.add_argument("--runs", type=int, default=10, help="calls per article")
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded archive")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if not (args.reuse and Article.objects.count() >= args.articles):
        call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        call_command("seed_demo", articles=args.articles, verbosity=0)
        print(f"seed_demo --articles {args.articles}: {time.perf_counter() - start:.1f}s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    published = Article.objects.published().order_by("-published_at", "-id")
    total = published.count()
    # Mostly recent stories, as readers open them, and a few from deep in the archive.
    positions = [n * 7 for n in range(args.stories - 3)] + [total // 2, total * 9 // 10, total - 1]
    ids = [published.values_list("pk", flat=True)[p] for p in positions]
    stories = list(Article.objects.prefetch_related("tags").filter(pk__in=ids))
    for story in stories:
        related_stories(story)  # warm the connection and the database's buffers

    samples = []
    for _ in range(args.runs):
        for story in stories:
            start = time.perf_counter()
            related_stories(story)
            samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        related_stories(stories[0])

    tags = sum(len(story.tags.all()) for story in stories) / len(stories)
    print(
        f"{connection.vendor}, {total:,} published stories; related_stories() for "
        f"{len(stories)} stories ({tags:.1f} tags each), {args.runs} runs each"
    )
    print(f"p50 {statistics.median(samples):.1f} ms, p99 {percentile(samples, 0.99):.1f} ms")
    for n, query in enumerate(queries.captured_queries, 1):
        print(f"query {n}: {plan_summary(query['sql'])}")


if __name__ == "__main__":
    main()
