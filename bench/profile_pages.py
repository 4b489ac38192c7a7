"""Time and profile uncached public pages through Django's test client (no server, no network).

Run against a seeded database with the page cache off, e.g.:

    DATABASE_URL=sqlite:////tmp/perf2.sqlite3 CACHE_URL=dummy:// \
        .venv/bin/python manage.py seed_demo --articles 3000
    DATABASE_URL=sqlite:////tmp/perf2.sqlite3 CACHE_URL=dummy:// \
        .venv/bin/python bench/profile_pages.py [--repeat 50] [--profile article] [--top 25]

Prints, per page, the median and p90 milliseconds of a full request and its query count; with
`--profile PAGE`, the top functions of that page by cumulative and by own time (cProfile).
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("CACHE_URL", "dummy://")


def count_query(queries, execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="requests per page (default 40)")
    parser.add_argument("--profile", default="", help="page to profile: home, article, …")
    parser.add_argument("--top", type=int, default=25, help="rows of the profile to print")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from articles.models import Article, Section

    # Not setup_test_environment(): its instrumented template rendering would be measured too.
    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic needed: the manifest lookup production does is a dict lookup.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    loaders = django.template.engines["django"].engine.loaders
    print(f"cache: {settings.CACHES['default']['BACKEND']}; template loaders: {loaders}")

    story = Article.objects.published().order_by("-published_at").first()
    section = Section.objects.first()
    client = Client()
    home = client.get("/")
    # The home page's two "Show more" links: its story list's next page and the rail's.
    links = re.findall(r'href="([^"]*\?before=[^"]*)"', home.content.decode())
    more = next(link for link in links if link.startswith("?"))
    rail = next(link for link in links if link.startswith("/news-feed/"))
    urls = {
        "home": "/",
        "show-more": "/" + more,
        "news-feed": rail,
        "article": story.get_absolute_url(),
        "section": section.get_absolute_url(),
        "rss": "/feed/",
    }

    for name, url in urls.items():
        response = client.get(url)  # warm: renditions made, templates compiled
        assert response.status_code == 200, (name, url, response.status_code)
        queries = []
        with connection.execute_wrapper(partial(count_query, queries)):
            client.get(url)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(
            f"{name:10} {url[:48]:48} median {statistics.median(times):6.1f} ms  "
            f"p90 {p90:6.1f} ms  {len(queries):2} queries"
        )
        if name == args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(url)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
