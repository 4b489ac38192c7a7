"""Search that folds case and accents in every alphabet, on both databases (articles.search).

PostgreSQL: a text search configuration of our own, `newsroom`: a copy of `english` in which
words with letters beyond ASCII (the parser's `word`, `hword` and `hword_part`) pass through
the `unaccent` dictionary before the English stemmer. ASCII words parse as before; "Zürich",
"naïve" and "Ёлка" meet "zurich", "naive" and "елка"; Cyrillic words are left whole by the
stemmer and their case is folded by the database's locale, as English words' is. `unaccent`
ships with PostgreSQL (contrib, in Debian's postgresql-15 package) and is a trusted
extension (the database owner may create it); where it cannot be had, the configuration is
English's alone, which still folds case. Why not `simple` for such words: it folds case but
not accents, and an accented English word ("café") would no longer meet its plain spelling.

The stored document is made again with the new configuration: PostgreSQL 15 cannot change a
generated column's expression, so the column is dropped and added again, with its GIN index
(the table is rewritten under a lock: about 40 s per 100,000 stories; cached pages keep
serving). Backwards, the English document comes back; the extension stays.

SQLite: the FTS5 table `article_search` over the stories' title, standfirst and text, kept in
step by triggers (the same as articles.search.TRIGGERS, which tests hold it to), filled from
the stories already there.
"""

from django.db import migrations, transaction

PG_CONFIG = "newsroom"


def _document(config: str) -> str:
    return (
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE(title, '')), 'A')"
        f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(dek, '')), 'B')"
        f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(body_text, '')), 'C')"
    )


def _replace_document(schema_editor, config: str) -> None:
    execute = schema_editor.execute
    execute("ALTER TABLE articles_article DROP COLUMN search_document")  # its index goes too
    execute(
        "ALTER TABLE articles_article ADD COLUMN search_document tsvector"
        f" GENERATED ALWAYS AS ({_document(config)}) STORED"
    )
    execute(
        "CREATE INDEX article_search_document_idx ON articles_article USING GIN (search_document)"
    )
    # The planner's statistics of the new column at once (which words are common), not at
    # autovacuum's next pass: a table without them once got a plan that ran the search again
    # for every story (public.reading.search).
    execute("ANALYZE articles_article (search_document)")


def _has_unaccent(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        if cursor.fetchone() is None:
            return False
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # no right to create it here: English's configuration alone
        return False
    return True


FTS_TABLE = (
    "CREATE VIRTUAL TABLE article_search USING fts5(title, dek, body_text,"
    " content='articles_article', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')"
)
TRIGGERS = [
    "CREATE TRIGGER article_search_insert AFTER INSERT ON articles_article BEGIN"
    " INSERT INTO article_search (rowid, title, dek, body_text)"
    " VALUES (new.id, new.title, new.dek, new.body_text); END",
    "CREATE TRIGGER article_search_delete AFTER DELETE ON articles_article BEGIN"
    " INSERT INTO article_search (article_search, rowid, title, dek, body_text)"
    " VALUES ('delete', old.id, old.title, old.dek, old.body_text); END",
    "CREATE TRIGGER article_search_update AFTER UPDATE OF title, dek, body_text"
    " ON articles_article BEGIN"
    " INSERT INTO article_search (article_search, rowid, title, dek, body_text)"
    " VALUES ('delete', old.id, old.title, old.dek, old.body_text);"
    " INSERT INTO article_search (rowid, title, dek, body_text)"
    " VALUES (new.id, new.title, new.dek, new.body_text); END",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # The site's statement timeout is for pages, not for rewriting a large table.
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)")
        if _has_unaccent(schema_editor):
            schema_editor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}"
                " ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem"
            )
        _replace_document(schema_editor, PG_CONFIG)
    elif vendor == "sqlite":
        schema_editor.execute(FTS_TABLE)
        for trigger in TRIGGERS:
            schema_editor.execute(trigger)
        schema_editor.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        _replace_document(schema_editor, "english")
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION {PG_CONFIG}")
    elif vendor == "sqlite":
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS article_search_{name}")
        schema_editor.execute("DROP TABLE article_search")


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_banner_without_end_and_front_page_sections")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
