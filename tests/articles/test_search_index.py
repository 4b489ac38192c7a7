"""The stories' search index (articles.search): the FTS5 table on SQLite, kept by triggers, and
the `newsroom` configuration's document on PostgreSQL (migration 0020)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import search
from articles.models import Article
from public.reading import search_page
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's FTS5 index and its triggers"
)


def published(title):
    return ArticleFactory(
        title=title,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )


def found(q):
    return [item.title for item in search_page(q, None).items]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("dam", '("dam")'),
        ("Київ КИЇВ", '("київ" AND "київ")'),
        ('"old dam" leaks', '("old dam" AND "leaks")'),
        ("canal or dam", '("canal") OR ("dam")'),
        ("dam -valley", '(("dam")) NOT ("valley")'),
        ('dam -"new valley" -x', '(("dam")) NOT ("new valley" OR "x")'),
        # FTS5's own syntax is words, never operators: columns, NEAR, prefixes, ^, brackets.
        (
            'title:dam NEAR(a b) "c"* ^d AND',
            '("title dam" AND "near a" AND "b" AND "c" AND "d" AND "and")',
        ),
        ("or or", ""),
        ("-dam", ""),
        ("!!! ???", ""),
        ('"unclosed dam', '("unclosed dam")'),
    ],
)
def test_a_readers_query_becomes_an_fts5_query_of_quoted_words(text, query):
    assert search.fts5_query(text) == query


def test_a_query_looks_for_at_most_eight_words():
    assert search.fts5_query(" ".join(f"w{n}" for n in range(20))).count('"') == 16


@sqlite_only
def test_the_triggers_are_those_the_index_is_repaired_with():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        made = dict(cursor.fetchall())
    assert {name: made.get(name) for name in search.TRIGGERS} == search.TRIGGERS


@sqlite_only
def test_triggers_dropped_with_a_copied_table_are_made_again_after_migrate():
    # SQLite alters a column by copying the table: its triggers go with the old one.
    published("Harbour reopens")
    with connection.cursor() as cursor:
        for name in search.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    published("Airport reopens")
    assert found("airport") == []

    call_command("migrate", verbosity=0)  # post_migrate: articles.search.ensure_index

    assert found("airport") == ["Airport reopens"]
    assert found("harbour") == ["Harbour reopens"]
    Article.objects.filter(title="Harbour reopens").update(title="Port reopens")
    assert found("harbour") == []
    assert found("port") == ["Port reopens"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_and_forth():
    published("Київ готується")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    try:
        executor.migrate([("articles", "0018_article_modified_at_stamped_by_save")])
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert search.FTS_TABLE not in tables
        executor.loader.build_graph()
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert found("КИЇВ") == ["Київ готується"]
