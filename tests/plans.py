"""PostgreSQL query plans for tests that keep EXPLAIN honest at archive scale."""

import json
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection
from django.utils import timezone


def plan_nodes(sql: str, *, analyze: bool = False) -> Iterator[dict]:
    """Every node of the plan of `sql` (run as well with `analyze`, for actual row counts)."""
    options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        raw = cursor.fetchone()[0]
    stack = [(json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("Plans", []))


def archive(count: int, sections, **fields) -> list:
    """`count` published stories, a minute apart back from now, in turn in each section."""
    from articles.models import Article

    now = timezone.now()
    return Article.objects.bulk_create(
        Article(
            title=f"Archive story {n}",
            slug=f"archive-story-{n}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
            section=sections[n % len(sections)],
            **fields,
        )
        for n in range(count)
    )
