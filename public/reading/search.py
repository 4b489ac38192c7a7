"""Search over published stories: ranked, with highlighted snippets, in every alphabet, among
the stories of the page's language (each language's page searches its own editions).

Both databases search the stories' index (articles.search), with web-search syntax
(`"exact phrase"`, `-word`, `or`), and rank only the newest RANKED_MATCHES matches with the
same weights: title 1.0, standfirst 0.4, text 0.2 (PostgreSQL's defaults for A, B and C).
PostgreSQL: the stored document and its GIN index, `ts_rank` and `ts_headline`, through the
ORM. SQLite: the FTS5 index, bm25 and FTS5's own `highlight()` and `snippet()`, in one written-
out statement (public.reading.sql.search_cards).

Results are ordered by (rank, published_at, id), all descending, and "Show more" uses a cursor
on those three values: as stable as the listings' keyset cursor, and as cheap at any depth.
"""

import re
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connections, router
from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import search as index
from articles.models import Article
from articles.pagination import PAGE_SIZE, Cursor, InvalidCursor
from authors import languages

from ..pagecache import shows_stories
from .cards import grid_card
from .cardstore import with_loaded
from .data import Card, Page, other_language
from .sql import card, card_values, pictures, search_cards

MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 30
# The weights of the title, standfirst and text: PostgreSQL's defaults for A, B and C, which
# ts_rank uses; bm25 on SQLite is given the same.
WEIGHTS = (1.0, 0.4, 0.2)
MAX_TERMS = index.MAX_TERMS
# How many of the newest matching stories a search ranks (and can show): a common word
# matches most of the archive ("minister": 56,000 of 100,000 stories), and readers want this
# month's stories.
RANKED_MATCHES = 200

# The marks around matches in headlines; the text is escaped, then they become <mark>.
_START, _STOP = "\x02", "\x03"


def uses_fts5() -> bool:
    return index.uses_fts5(connections[router.db_for_read(Article)])


def terms(text: str) -> list[str]:
    """The words of a query: none means nothing to look for."""
    return index.terms(text)


def search(queryset, text: str, language: str):
    """PostgreSQL: stories matching `text` read in `language` (that of the stories searched),
    annotated with `rank` and their marked headline and snippet, best first (empty if nothing
    to match)."""
    text = text.replace(_START, "").replace(_STOP, "")
    if not terms(text):
        return queryset.none()
    query = index.web_search(text, language)
    # Filtering on the vector itself (`@@`) is what lets PostgreSQL use the GIN index.
    # Asked first, on its own: as a subquery, a table without statistics yet (just imported)
    # got a plan that ran it again for every story (5 s on 2,000).
    newest = list(
        queryset.alias(document=index.document())
        .filter(document=query)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)[:RANKED_MATCHES]
    )
    marks = {"start_sel": _START, "stop_sel": _STOP, "config": index.config(language)}
    return (
        queryset.filter(pk__in=newest)
        .annotate(
            # ts_rank is a `real`: as a double it round-trips exactly through the cursor.
            rank=Cast(SearchRank(index.document(), query), FloatField()),
            headline=SearchHeadline(
                "body_text",
                query,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=1,
                **marks,
            ),
            title_headline=SearchHeadline("title", query, highlight_all=True, **marks),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _marks(text: str) -> SafeString:
    # Escape first: the text is the reader's story, not markup.
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def marked(row: dict) -> tuple[SafeString, SafeString]:
    """A result's headline and snippet (`title_headline`, `headline`, from the database, or
    its title and excerpt), escaped HTML with <mark> around the matched words."""
    return _marks(row["title_headline"] or row["title"]), _marks(row["headline"] or row["excerpt"])


@dataclass(frozen=True)
class SearchCursor:
    """The last result shown: its rank and its place in the (published_at, id) order."""

    rank: float
    after: Cursor

    _FORMAT = re.compile(r"^(\d{1,3}(?:\.\d{1,20})?(?:e-\d{1,3})?)_(\d+\.\d+)$")

    def __str__(self) -> str:
        # repr() round-trips a float exactly, so the comparison in SQL is exact too.
        return f"{self.rank!r}_{self.after}"

    @classmethod
    def parse(cls, raw: str) -> "SearchCursor":
        match = cls._FORMAT.match(raw or "")
        if not match:
            raise InvalidCursor()
        return cls(float(match[1]), Cursor.parse(match[2]))

    @classmethod
    def of(cls, result: Card, rank: float) -> "SearchCursor":
        return cls(rank, Cursor.after(result))

    def later_q(self) -> Q:
        """Results that come after this one in (rank, published_at, id) descending order."""
        return Q(rank__lt=self.rank) | (Q(rank=self.rank) & self.after.older_q())


def search_page(
    text: str, cursor: SearchCursor | None, size: int = PAGE_SIZE, *, language: str = ""
) -> Page:
    """One page of the published stories in `language` matching `text` after `cursor`, as
    cards with their matched words marked (drawn each time: they depend on the words), their
    pictures' renditions loaded in one query; the first one's picture for the page's social
    card.

    A query with nothing to match (no letters or digits) is an empty first page, cursor or not.
    """
    text = text.replace(_START, "").replace(_STOP, "")
    if not terms(text):
        return Page((), None, True)
    language = language or languages.main()
    if uses_fts5():
        found = _fts5_results(text, cursor, size, language)
    else:
        found = _results(text, cursor, size, language)
    items, ranks = [], []
    for result, rank in found[:size]:
        items.append(result)
        ranks.append(rank)
    shows_stories(items)
    loaded = pictures((), known=[item.picture for item in items])
    items = [item.with_picture(with_loaded(item.picture, loaded)) for item in items]
    next_cursor = SearchCursor.of(items[-1], ranks[-1]) if len(found) > size else None
    return Page(
        tuple(items),
        next_cursor,
        cursor is None,
        tuple(grid_card(item) for item in items),
        items[0].picture if items else None,
    )


def _results(
    text: str, cursor: SearchCursor | None, size: int, language: str
) -> list[tuple[Card, float]]:
    """PostgreSQL: up to `size + 1` (card, rank) after `cursor`, the matches marked."""
    stories = Article.objects.in_language(language).published().stories()
    results = search(stories, text, language)
    if cursor is not None:
        results = results.filter(cursor.later_q())
    names = [*card_values(language), "rank", "headline", "title_headline"]
    now, found, shown_in = timezone.now(), [], other_language(language)
    for values in results.values_list(*names)[: size + 1]:
        row = dict(zip(names, values, strict=True))
        title, snippet = marked(row)
        found.append(
            (replace(card(values, now, shown_in), marked_title=title, snippet=snippet), row["rank"])
        )
    return found


def _fts5_results(
    text: str, cursor: SearchCursor | None, size: int, language: str
) -> list[tuple[Card, float]]:
    """SQLite: up to `size + 1` (card, rank) after `cursor`, the matches marked."""
    match = index.fts5_query(text)
    if not match:
        return []
    rows = search_cards(
        match,
        size + 1,
        ranked=RANKED_MATCHES,
        weights=WEIGHTS,
        marks=(_START, _STOP),
        words=SNIPPET_WORDS,
        after=(cursor.rank, cursor.after) if cursor is not None else None,
        language=language,
    )
    found = []
    for result, rank, title, snippet in rows:
        title, snippet = marked(
            {
                "title": result.title,
                "excerpt": result.excerpt,
                "title_headline": title,
                "headline": snippet,
            }
        )
        found.append((replace(result, marked_title=title, snippet=snippet), rank))
    return found
