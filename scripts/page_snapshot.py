"""Render the demo's public pages to files, to compare two versions of the code byte for byte.

    .venv/bin/python scripts/page_snapshot.py OUT_DIR [--articles 60]
    diff -r BEFORE_DIR AFTER_DIR

A refactoring of the read path must not change what readers get. This loads the demo newsroom
into a throwaway SQLite database at a fixed instant, then renders every kind of public page
(home and Show more at three depths, the News Feed page, every section, tag and author page,
feeds, sitemaps, search, articles including the live story and the block stories, a 404 and a
410) at that same instant, with no page cache, and writes each to OUT_DIR. Run it on both
versions and `diff -r` the folders.
"""

import argparse
import os
import re
import sys
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FROZEN_AT = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=60, help="article pages to render")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="page-snapshot-"))
    os.environ.update(
        NEWSROOM_VAR_DIR=str(var),
        CACHE_URL="locmem://",
        PAGE_CACHE_SECONDS="0",
        SITE_URL="https://news.example.org",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_DEBUG="false",
        DJANGO_SECURE="false",
        WHITENOISE_USE_FINDERS="true",
        TASKS_BACKEND="immediate",
        DJANGO_EMAIL_BACKEND="console",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    warnings.filterwarnings("ignore", message="No directory at")
    with (
        time_machine.travel(FROZEN_AT, tick=False),
        override_settings(STORAGES={**django.conf.settings.STORAGES, **static}),
    ):
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        client = Client()
        pages = _pages(client, args.articles)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, url in pages:
            # A Show-more chunk is the same address asked for with the Show-more header.
            headers = {"X-Show-More": "1"} if name.endswith("-fragment") else {}
            response = client.get(url, headers=headers)
            body = response.content
            if response.get("Content-Encoding"):
                raise SystemExit(f"{url}: compressed answer; run without Accept-Encoding")
            status = f"{response.status_code} {url}\n".encode()
            (args.out / f"{name}.txt").write_bytes(status + body)
    print(f"{len(pages)} pages written to {args.out}")


def _pages(client, articles: int) -> list[tuple[str, str]]:
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import Article, Section
    from authors.models import Author

    pages = [("home", "/"), ("news-feed", "/news-feed/")]
    url = "/"
    for depth in range(1, 4):  # Show more: the next pages of the home grid, as links give them
        found = re.search(rb'href="(/\?before=[^"]+)"', client.get(url).content)
        if not found:
            break
        url = found[1].decode().replace("&amp;", "&")
        pages.append((f"home-more-{depth}", url))
        pages.append((f"home-more-{depth}-fragment", url))
    found = re.search(rb'href="(/news-feed/\?before=[^"]+)"', client.get("/news-feed/").content)
    if found:
        pages.append(("news-feed-more", found[1].decode().replace("&amp;", "&")))
    for section in Section.objects.order_by("pk"):
        pages.append((f"section-{section.slug}", section.get_absolute_url()))
        pages.append((f"section-{section.slug}-rss", section.get_absolute_url() + "feed/"))
    for tag in Tag.objects.order_by("pk")[:12]:
        pages.append((f"tag-{tag.slug}", reverse("public:tag", args=[tag.slug])))
    for author in Author.objects.order_by("pk"):
        pages.append((f"author-{author.slug}", author.get_absolute_url()))
    pages += [
        ("feed-rss", "/feed/"),
        ("feed-atom", "/feed/atom/"),
        ("sitemap", "/sitemap.xml"),
        ("sitemap-articles", "/sitemap-articles.xml"),
        ("sitemap-sections", "/sitemap-sections.xml"),
        ("news-sitemap", "/news-sitemap.xml"),
        ("robots", "/robots.txt"),
        ("search", "/search/?q=minister"),
        ("search-empty", "/search/?q="),
        ("missing", "/news/no-such-story/"),
        ("bad-cursor", "/?before=nonsense"),
    ]
    stories = Article.objects.exclude(status=Article.Status.DRAFT).order_by("pk")
    chosen = list(stories.filter(coverage_started_at__isnull=False)[:1])
    chosen += list(stories.filter(body__contains="data-block")[:4])
    chosen += list(stories.filter(status=Article.Status.UNPUBLISHED)[:1])
    chosen += [s for s in stories[: articles + 10] if s not in chosen][:articles]
    for story in chosen:
        path = urlsplit(story.get_absolute_url()).path
        pages.append((f"article-{story.pk}", path))
    return pages


if __name__ == "__main__":
    main()
