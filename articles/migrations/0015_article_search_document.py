"""The weighted search document kept in a column of its own, on PostgreSQL only.

Searching with the document as an expression parsed each matching story's text again to test
and rank it (seconds for a common word at 100,000 stories). A stored generated column holds the
parsed document: PostgreSQL keeps it in step with the title, standfirst and searchable text,
collects statistics on it (so the planner knows a common word from a rare one), and its GIN
index takes over from the expression index of migration 0002, which stays for this release
so that servers still running the previous one keep theirs during a rolling upgrade (the
next release drops it). The model does not declare the column (SQLite has no tsvector);
`public.search` reads it by name. A later migration that changes the type of title, dek or
body_text must drop the column first and add it again after.

Adding the column rewrites the stories table under a lock: about 40 s per 100,000 stories on
the benchmark machine, while cached pages keep serving (docs/operations.md, "Upgrades").
"""

from django.db import migrations

# The same document as migration 0002's index.
DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(body_text, '')), 'C')"
)
ADD_COLUMN = (
    "ALTER TABLE articles_article ADD COLUMN search_document tsvector"
    f" GENERATED ALWAYS AS ({DOCUMENT}) STORED"
)
NEW_INDEX = (
    "CREATE INDEX article_search_document_idx ON articles_article USING GIN (search_document)"
)
DROP_COLUMN = "ALTER TABLE articles_article DROP COLUMN search_document"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The site's statement timeout is for pages, not for rewriting a large table.
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        schema_editor.execute(ADD_COLUMN)
        schema_editor.execute(NEW_INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_COLUMN)  # its index goes with it


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_live_coverage_and_front_page")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
