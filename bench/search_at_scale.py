"""Search at scale: the uncached search page and the desk's story list searched, at 100,000
stories, through Django's test client (no server, no cache), best of three per word, with how
many published stories have the word.

Run from the repository root, on the archive `http_load.py` builds and keeps in var/:

    scripts/with-postgres .venv/bin/python bench/search_at_scale.py --articles 100000
    .venv/bin/python bench/search_at_scale.py --articles 100000      # SQLite under var/

It reads the database as any version of the code left it (before or after a change to the
search index), so it can measure both on one archive: `--no-migrate` keeps the schema as it
is. Migrations the archive predates are applied first otherwise, and their time printed.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DESK_REQUIRE_2FA", "0")

import http_load  # noqa: E402  (sets the environment up and Django with it)
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402

# Words of the demo's text bank, common to rare, and one in no story.
WORDS = ("minister", "council", "grid", "power", "zzqxv")


def matches(word: str) -> int:
    """Published stories with `word`, as the index the code of the moment keeps finds them."""
    published = "status = 'published'"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'newsroom'")
            config = "newsroom" if cursor.fetchone() else "english"
            cursor.execute(
                f"SELECT count(*) FROM articles_article WHERE {published} AND search_document"
                f" @@ websearch_to_tsquery('{config}'::regconfig, %s)",
                [word],
            )
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_search'")
            if cursor.fetchone():
                cursor.execute(
                    f"SELECT count(*) FROM articles_article WHERE {published} AND id IN"
                    " (SELECT rowid FROM article_search WHERE article_search MATCH %s)",
                    [f'"{word}"'],
                )
            else:
                like = f"%{word}%"
                cursor.execute(
                    f"SELECT count(*) FROM articles_article WHERE {published} AND"
                    " (title LIKE %s OR dek LIKE %s OR body_text LIKE %s)",
                    [like, like, like],
                )
        return cursor.fetchone()[0]


def best_ms(client: Client, url: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args()

    if not args.no_migrate:
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - start:.1f}s")
        http_load.analyze()
    http_load.load_archive(args.articles, reuse=True)
    stories = Article.objects.count()
    print(f"{connection.vendor}, {stories} stories")

    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files
    reader = Client()
    desk = Client()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-search", defaults={"is_staff": True, "is_superuser": True}
    )
    desk.force_login(user)
    print(f"{'word':<10} {'matches':>8} {'search ms':>10} {'desk ms':>8}")
    for word in WORDS:
        page = best_ms(reader, f"/search/?q={word}", args.repeat)
        listed = best_ms(desk, f"/admin/articles/article/?q={word}", args.repeat)
        print(f"{word:<10} {matches(word):>8} {page:>10.1f} {listed:>8.1f}")


if __name__ == "__main__":
    main()
