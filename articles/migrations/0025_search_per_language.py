"""Search in each edition's language (articles.search): English is parsed as before, with the
`newsroom` configuration (English's, accents folded: migration 0020); a story in any other
language with `newsroom_simple`, a copy of `simple` whose words pass through `unaccent` first:
every word kept whole, its case and accents folded, no English stemming or stop words (there is
no Ukrainian stemmer in PostgreSQL; English's cut the Latin words of a Ukrainian text and
dropped its "a" and "the"). The stored document picks the configuration by the row's
`language`, so the GIN index serves both, and a query is parsed with its language's.

PostgreSQL 15 cannot change a generated column's expression: the column is dropped and added
again with its GIN index, as 0020 did (the table is rewritten under a lock: about 40 s per
100,000 stories; cached pages keep serving). Backwards, every story is parsed with `newsroom`
again. SQLite's FTS5 index needs nothing: its tokenizer folds the case of every alphabet and
its Porter stemmer leaves words beyond ASCII whole.
"""

from django.db import migrations

ENGLISH = "newsroom"
WHOLE_WORDS = "newsroom_simple"
# The edition's language is English: "en" or a variant of it ("en-gb"). (`%%`: the statement
# goes through the driver's parameter formatting.)
IS_ENGLISH = "(language = 'en' OR language LIKE 'en-%%')"


def _document(config: str) -> str:
    return (
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE(title, '')), 'A')"
        f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(dek, '')), 'B')"
        f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(body_text, '')), 'C')"
    )


def _replace_document(schema_editor, expression: str) -> None:
    execute = schema_editor.execute
    execute("ALTER TABLE articles_article DROP COLUMN search_document")  # its index goes too
    execute(
        "ALTER TABLE articles_article ADD COLUMN search_document tsvector"
        f" GENERATED ALWAYS AS ({expression}) STORED"
    )
    execute(
        "CREATE INDEX article_search_document_idx ON articles_article USING GIN (search_document)"
    )
    # The planner's statistics of the new column at once (see 0020).
    execute("ANALYZE articles_article (search_document)")


def _has_unaccent(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {WHOLE_WORDS} (COPY = simple)")
    if _has_unaccent(schema_editor):  # made by 0020 where it could be
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {WHOLE_WORDS} ALTER MAPPING FOR"
            " asciiword, word, numword, asciihword, hword, numhword, hword_asciipart,"
            " hword_part, hword_numpart WITH unaccent, simple"
        )
    _replace_document(
        schema_editor,
        f"CASE WHEN {IS_ENGLISH} THEN {_document(ENGLISH)} ELSE {_document(WHOLE_WORDS)} END",
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    _replace_document(schema_editor, _document(ENGLISH))
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION {WHOLE_WORDS}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_language_listing_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
