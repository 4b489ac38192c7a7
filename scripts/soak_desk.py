"""The editor of scripts/soak: writes and publishes a story every few seconds through the
workflow, as the desk does, and checks what readers see meanwhile.

For each story: its draft's address must be a 404; after publishing, the home page must show
it within a second (the purge reached every server). Meanwhile it asks for the addresses of
stories readers must not see (drafts, in review, scheduled): never a 200. Database errors
(the soak stops PostgreSQL on purpose) are counted and the cycle retried; one JSON line per
event goes to standard output.

    python scripts/soak_desk.py SITE_URL SECONDS [--every 3] [--pause FROM TO]
"""

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from throwaway import get  # noqa: E402

from articles import workflow  # noqa: E402
from articles.models import Article, ArticleAuthor  # noqa: E402

HIDDEN = (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.SCHEDULED)


def emit(**event) -> None:
    print(json.dumps({"t": round(time.time(), 3), **event}), flush=True)


def write_story(editor, template: Article, number: int) -> Article:
    stamp = f"{int(time.time())}-{number}"
    story = Article(
        title=f"Soak desk story {number}: council meets at {stamp}",
        slug=f"soak-desk-{stamp}",
        dek=template.dek or "Councillors met again.",
        body=template.body,
        section_id=template.section_id,
        lead_image_id=template.lead_image_id,
    )
    author_id = template.bylines.first().author_id

    def bylines():
        ArticleAuthor.objects.create(article=story, author_id=author_id)

    return workflow.save_article(story, by=editor, expected_version=None, save_related=bylines)


def watch_story(site: str, slug: str, at: float) -> None:
    """Asks for the home page until it shows the story just published.

    The story counts as visible from the time the first request showing it was *sent*: the
    figure measures stale pages, not how long requests wait behind the load.
    """
    seen = None
    while seen is None and time.monotonic() - at < 20:
        sent = time.monotonic()
        if slug.encode() in get(site + "/", timeout=20)[2]:
            seen = max(sent - at, 0.0)
        time.sleep(0.1)
    emit(kind="visible", slug=slug, after=seen)


def watch_hidden(site: str, hidden: list[str], stop: threading.Event) -> None:
    """Asks for stories readers must not see, one after another, until stopped."""
    turn = 0
    while hidden and not stop.is_set():
        url = hidden[turn % len(hidden)]
        emit(kind="hidden", url=url, status=get(site + url, timeout=20)[0])
        turn += 1
        time.sleep(0.5)


def main(site: str, seconds: float, every: float, pause: tuple[float, float]) -> None:
    editor = get_user_model().objects.get(username="editor")
    template = Article.objects.published().exclude(lead_image=None).order_by("-published_at")[0]
    hidden = [
        a.get_absolute_url()
        for a in Article.objects.filter(status__in=HIDDEN).order_by("?")[:40]
        if not a.is_published
    ]
    stop = threading.Event()
    watchers = [threading.Thread(target=watch_hidden, args=(site, hidden, stop))]
    watchers[0].start()
    started = time.monotonic()
    number = 0
    while (elapsed := time.monotonic() - started) < seconds:
        if pause[0] <= elapsed < pause[1]:
            # Quiet before the planned database outage, so the cache holds pages to serve.
            time.sleep(0.5)
            continue
        number += 1
        try:
            story = write_story(editor, template, number)
            url = story.get_absolute_url()
            emit(kind="draft", url=url, status=get(site + url, timeout=15)[0])
            workflow.publish(story, by=editor)
            watchers.append(
                threading.Thread(target=watch_story, args=(site, story.slug, time.monotonic()))
            )
            watchers[-1].start()
            emit(kind="published", slug=story.slug, pk=story.pk)
        except DatabaseError as error:
            emit(kind="db_error", error=type(error).__name__)
            connection.close()
        time.sleep(max(0.0, every - (time.monotonic() - started - elapsed)))
    stop.set()
    for watcher in watchers:
        watcher.join()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("seconds", type=float)
    parser.add_argument("--every", type=float, default=3.0)
    parser.add_argument("--pause", type=float, nargs=2, default=(0, 0), metavar=("FROM", "TO"))
    args = parser.parse_args()
    main(args.site, args.seconds, args.every, tuple(args.pause))
