"""Search over published stories: ranked, with highlighted snippets.

On PostgreSQL it is full-text search: a weighted vector (title A, dek B, body C) stored in a
generated column with a GIN index (migration 0015), `websearch` query syntax, `ts_rank` over the
newest matches and `ts_headline`.
On SQLite (the embedded setup) a fallback matches every word with LIKE and ranks by where the
words were found with the same weights, so a title hit still beats a body hit.

Results are ordered by (rank, published_at, id), all descending, and "Show more" uses a cursor
on those three values: as stable as the listings' keyset cursor, and as cheap at any depth.
"""

import re
from dataclasses import dataclass, replace

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.pagination import PAGE_SIZE, Cursor, InvalidCursor

from ..pagecache import shows_stories
from .cards import grid_card
from .cardstore import with_loaded
from .data import Card, Page
from .sql import CARD_VALUES, card, pictures

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 30
# Fallback weights, mirroring PostgreSQL's defaults for A, B and C.
WEIGHTS = {"title": 1.0, "dek": 0.4, "body_text": 0.2}
MAX_TERMS = 8
# How many of the newest matching stories a full-text search ranks (and can show).
RANKED_MATCHES = 200

# ts_headline marks matches with these; the snippet is escaped, then they become <mark>.
_START, _STOP = "\x02", "\x03"


def search_document() -> RawSQL:
    """The weighted document (title A, standfirst B, text C) as PostgreSQL stores it: the
    generated column of migration 0015, with its GIN index. Not a model field (SQLite has no
    tsvector), so it is named here; unqualified, it is the column of the query's one table."""
    return RawSQL("search_document", [], output_field=SearchVectorField())


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def terms(text: str) -> list[str]:
    """The words of a query, for the fallback and its highlighting."""
    return re.findall(r"\w+", text.lower())[:MAX_TERMS]


def search(queryset, text: str):
    """Stories matching `text`, annotated with `rank`, best first (empty if nothing to match)."""
    text = text.replace(_START, "").replace(_STOP, "")
    if not terms(text):
        return queryset.none()
    if uses_full_text():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        # Filtering on the vector itself (`@@`) is what lets PostgreSQL use the GIN index.
        # Only the newest RANKED_MATCHES matches are ranked: a common word matches most of
        # the archive ("minister": 56,000 of 100,000 stories).
        # Asked first, on its own: as a subquery, a table without statistics yet (just
        # imported) got a plan that ran it again for every story (5 s on 2,000).
        newest = list(
            queryset.alias(document=search_document())
            .filter(document=query)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[:RANKED_MATCHES]
        )
        queryset = queryset.filter(pk__in=newest).annotate(
            # ts_rank is a `real`: as a double it round-trips exactly through the cursor.
            rank=Cast(SearchRank(search_document(), query), FloatField()),
            headline=SearchHeadline(
                "body_text",
                query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=1,
            ),
            title_headline=SearchHeadline(
                "title",
                query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                highlight_all=True,
            ),
        )
    else:
        words = terms(text)
        matches_all = Q()
        score = Value(0.0, output_field=FloatField())
        for word in words:
            matches_all &= (
                Q(title__icontains=word) | Q(dek__icontains=word) | Q(body_text__icontains=word)
            )
            for field, weight in WEIGHTS.items():
                score = score + Case(
                    When(**{f"{field}__icontains": word}, then=Value(weight)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
        # The snippet is cut from body_text in Python here, so it must not be deferred.
        queryset = queryset.filter(matches_all).annotate(rank=score).defer(None).defer("body")
    return queryset.order_by("-rank", "-published_at", "-id")


def highlight(text: str, words: list[str]) -> SafeString:
    """Escape `text` and wrap each whole-word occurrence of `words` in <mark>."""
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{_START}{m[0]}{_STOP}", text)
    return _marks(marked)


def _marks(text: str) -> SafeString:
    # Escape first: the text is the reader's story, not markup.
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def _window(text: str, words: list[str], size: int = SNIPPET_WORDS) -> str:
    """About `size` words of `text` around the first matching word."""
    tokens = text.split()
    lowered = [token.lower() for token in tokens]
    first = next((i for i, token in enumerate(lowered) if any(word in token for word in words)), 0)
    start = max(0, first - size // 3)
    snippet = " ".join(tokens[start : start + size])
    prefix = "…" if start else ""
    suffix = "…" if start + size < len(tokens) else ""
    return f"{prefix}{snippet}{suffix}"


def marked(text: str, row: dict) -> tuple[SafeString, SafeString | str]:
    """A result's headline and snippet, escaped HTML with <mark> around the matched words:
    PostgreSQL's headlines (`headline`, `title_headline`) when it made them, else the
    fallback's, cut from the story's text around the first match."""
    if "headline" in row:
        return _marks(row["title_headline"] or row["title"]), _marks(
            row["headline"] or row["excerpt"]
        )
    words = terms(text)
    source = row["body_text"] or row["dek"]
    snippet = highlight(_window(source, words), words) if source else ""
    return highlight(row["title"], words), snippet


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


def search_page(text: str, cursor: SearchCursor | None, size: int = PAGE_SIZE) -> Page:
    """One page of published stories matching `text` after `cursor`, as cards with their
    matched words marked (drawn each time: they depend on the words), their pictures'
    renditions loaded in one query; the first one's picture for the page's social card.

    A query with nothing to match (no letters or digits) is an empty first page, cursor or not.
    """
    if not terms(text):
        return Page((), None, True)
    results = search(Article.objects.published().stories(), text)
    if cursor is not None:
        results = results.filter(cursor.later_q())
    extra = ("rank", "headline", "title_headline") if uses_full_text() else ("rank", "body_text")
    now = timezone.now()
    rows = list(results.values_list(*CARD_VALUES, "dek", *extra)[: size + 1])
    names = [*CARD_VALUES, "dek", *extra]
    items, ranks = [], []
    for values in rows[:size]:
        row = dict(zip(names, values, strict=True))
        title, snippet = marked(text, row)
        items.append(replace(card(values, now), marked_title=title, snippet=snippet))
        ranks.append(row["rank"])
    shows_stories(items)
    loaded = pictures((), known=[item.picture for item in items])
    items = [item.with_picture(with_loaded(item.picture, loaded)) for item in items]
    next_cursor = SearchCursor.of(items[-1], ranks[-1]) if len(rows) > size else None
    return Page(
        tuple(items),
        next_cursor,
        cursor is None,
        tuple(grid_card(item) for item in items),
        items[0].picture if items else None,
    )
