"""A GIN index on the weighted search document, on PostgreSQL only.

The index is not declared in Article.Meta: SQLite has no GIN indexes (and rebuilds tables on
some schema changes, re-creating every declared index). The expression must stay identical to
`articles.search.search_vector()` for PostgreSQL to use it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_idx"


def search_index():
    return GinIndex(
        SearchVector("title", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body_text", weight="C", config="english"),
        name=INDEX_NAME,
    )


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
