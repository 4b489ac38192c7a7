"""The stories' search index, on either database: what public search and the desk's story
list match words against. Case and accents are folded in every alphabet: "Київ", "київ" and
"КИЇВ" are one word, and so are "Zürich" and "zurich".

PostgreSQL: the weighted document (title A, standfirst B, text C) kept in the generated
column `search_document` with its GIN index (migrations 0015, 0020 and 0025), parsed in the
story's language (`config()`): an English story with the `newsroom` text search
configuration, English's, except that a word with letters beyond ASCII passes through
`unaccent` before the English stemmer (which leaves words of other alphabets whole), so "café"
and "cafe" meet; a story in any other language (Ukrainian) with `newsroom_simple`, every word
kept whole, its case and accents folded. Case is folded by the database's locale: a database
made with the C locale folds ASCII letters only, so it needs a UTF-8 one (C.UTF-8…).

SQLite: an FTS5 table, `article_search`, over the stories' own title, standfirst and text
columns (external content: the text is not stored twice), with the `unicode61` tokenizer
(case folded in every alphabet, diacritics removed) under the Porter stemmer, which stems
English words as PostgreSQL's configuration does and leaves other words whole. Triggers keep
it in step with every write, bulk inserts and restores included. A later migration that
copies the stories table (SQLite's way of altering a column) drops the triggers with the old
table: after every `migrate`, `ensure_index()` puts them back and rebuilds the index.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connections
from django.db.models import Func, Q
from django.db.models.expressions import RawSQL

CONFIG = "newsroom"  # English's
WHOLE_WORDS_CONFIG = "newsroom_simple"  # every other language's
FTS_TABLE = "article_search"
# At most this many words of a query are looked for.
MAX_TERMS = 8
# The desk's last word, at least this long, also matches longer words (as it is typed).
PREFIX_MIN = 3

# The triggers that keep the FTS5 table in step with articles_article (migration 0020 makes
# them; ensure_index() makes them again after a migration that copied the table). An external
# content table is told what a row held before it changed ('delete' with the old values).
TRIGGERS = {
    "article_search_insert": (
        "CREATE TRIGGER article_search_insert AFTER INSERT ON articles_article BEGIN"
        " INSERT INTO article_search (rowid, title, dek, body_text)"
        " VALUES (new.id, new.title, new.dek, new.body_text); END"
    ),
    "article_search_delete": (
        "CREATE TRIGGER article_search_delete AFTER DELETE ON articles_article BEGIN"
        " INSERT INTO article_search (article_search, rowid, title, dek, body_text)"
        " VALUES ('delete', old.id, old.title, old.dek, old.body_text); END"
    ),
    "article_search_update": (
        "CREATE TRIGGER article_search_update AFTER UPDATE OF title, dek, body_text"
        " ON articles_article BEGIN"
        " INSERT INTO article_search (article_search, rowid, title, dek, body_text)"
        " VALUES ('delete', old.id, old.title, old.dek, old.body_text);"
        " INSERT INTO article_search (rowid, title, dek, body_text)"
        " VALUES (new.id, new.title, new.dek, new.body_text); END"
    ),
}


def uses_fts5(connection) -> bool:
    return connection.vendor == "sqlite"


def config(language: str) -> str:
    """The text search configuration PostgreSQL parses a story (and a query) in `language`
    with: the stored document picks it by the story's language (migration 0025)."""
    return CONFIG if language == "en" or language.startswith("en-") else WHOLE_WORDS_CONFIG


def document() -> RawSQL:
    """The weighted document as PostgreSQL stores it (the generated column, with its GIN
    index). Not a model field (SQLite has no tsvector), so it is named here; unqualified, it is
    the column of the query's one stories table."""
    return RawSQL("search_document", [], output_field=SearchVectorField())


def terms(text: str) -> list[str]:
    """The words of a query (letters and digits of any alphabet), at most MAX_TERMS."""
    return re.findall(r"[^\W_]+", text.lower())[:MAX_TERMS]


# A query as web search reads it: `"a phrase"`, `-excluded`, `or` between alternatives.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def fts5_query(text: str) -> str:
    """`text` in web-search syntax (as PostgreSQL's websearch_to_tsquery reads it) as an FTS5
    query: every word quoted, so nothing a reader types is FTS5 syntax ("" when nothing is
    left to look for). Words are ANDed, `or` between two parts makes alternatives, `-` leaves
    out stories with a word or phrase; a query of exclusions alone finds nothing."""
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    budget = MAX_TERMS
    for match in _TOKEN.finditer(text):
        negated = bool(match[1] or match[3])
        raw = match[2] if match[2] is not None else match[4]
        if match[2] is None and not negated and raw.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        words = terms(raw)[:budget]
        if not words:
            continue
        budget -= len(words)
        phrase = '"' + " ".join(words) + '"'
        (excluded if negated else groups[-1]).append(phrase)
    alternatives = [" AND ".join(group) for group in groups if group]
    if not alternatives:
        return ""
    query = " OR ".join(f"({alternative})" for alternative in alternatives)
    if excluded:
        query = f"({query}) NOT ({' OR '.join(excluded)})"
    return query


def matching_ids(word: str, *, prefix: bool = False, using: str = "default") -> RawSQL:
    """The ids of the stories whose headline, standfirst or text has `word` (one word of
    `terms()`), as a subquery through the index; words starting so too when `prefix`."""
    if uses_fts5(connections[using]):
        # The word itself too: a whole word stems ("councils" is indexed as "council").
        query = f'("{word}" OR "{word}"*)' if prefix else f'"{word}"'
        return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query])
    # The word is letters and digits only (terms()), safe inside to_tsquery's syntax. A stop
    # word ("of", "the") parses to an empty query that matches nothing: it is left out, as
    # PostgreSQL leaves it out of a query of several words (the test is folded into a constant
    # when the statement is planned, so the index still serves the others). The word is
    # looked for as each language's stories were parsed (English stemmed, others whole).
    english = f"to_tsquery('{CONFIG}'::regconfig, %s)"
    whole = f"to_tsquery('{WHOLE_WORDS_CONFIG}'::regconfig, %s)"
    query = f"'{word}'" + (":*" if prefix else "")
    return RawSQL(
        f"SELECT id FROM articles_article WHERE numnode({english}) = 0"
        f" OR search_document @@ ({english} || {whole})",
        [query, query, query],
    )


def web_search(text: str, language: str) -> SearchQuery:
    """A reader's query for PostgreSQL in `language`'s stories: web-search syntax, parsed as
    they were."""
    return SearchQuery(text, search_type="websearch", config=config(language))


class Folded(Func):
    """A text in lower case, in every alphabet: SQLite's LOWER() folds ASCII letters only, so
    it asks Python's (registered on each connection by `add_functions`)."""

    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="newsroom_lower", **extra)


def add_functions(sender, connection, **kwargs) -> None:
    """Connected to connection_created: SQLite's connections get `newsroom_lower()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "newsroom_lower", 1, lambda text: text.lower() if text else text, deterministic=True
        )


def _named(word: str) -> Q:
    """Stories with a tag or a byline whose name has `word` (the tags and the authors are
    small tables, looked through whole)."""
    from taggit.models import Tag

    from authors.models import Author

    from .models import ArticleAuthor, TaggedArticle

    tags = Tag.objects.alias(folded=Folded("name")).filter(folded__contains=word)
    authors = Author.objects.alias(folded=Folded("name")).filter(folded__contains=word)
    return Q(pk__in=TaggedArticle.objects.filter(tag__in=tags).values("content_object")) | Q(
        pk__in=ArticleAuthor.objects.filter(author__in=authors).values("article")
    )


def desk_match(text: str, *, using: str = "default") -> Q | None:
    """Stories with every word of `text` in their headline, standfirst, text (through the
    index), a tag or a byline; the last word also as the start of a longer one, as the desk
    types it. None when `text` has no word."""
    words = terms(text)
    if not words:
        return None
    found = Q()
    for n, word in enumerate(words):
        prefix = n == len(words) - 1 and len(word) >= PREFIX_MIN
        found &= Q(pk__in=matching_ids(word, prefix=prefix, using=using)) | _named(word)
    return found


def ensure_index(using: str = "default", **kwargs) -> None:
    """On SQLite, the FTS5 table's triggers: made again (and the index rebuilt from the stories)
    if a migration copied the stories table and dropped them with the old one. Connected to
    post_migrate; nothing to do on PostgreSQL, nor before migration 0020."""
    connection = connections[using]
    if not uses_fts5(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name = %s OR tbl_name = 'articles_article'",
            [FTS_TABLE],
        )
        found = {(kind, name) for kind, name in cursor.fetchall()}
        if ("table", FTS_TABLE) not in found:
            return
        missing = [name for name in TRIGGERS if ("trigger", name) not in found]
        if not missing:
            return
        for name in missing:
            cursor.execute(TRIGGERS[name])
        cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
