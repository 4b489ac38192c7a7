"""Cards and News Feed lines: listings, the front page's one statement, and search on SQLite."""

from collections.abc import Iterable, Sequence

from django.utils import timezone

from articles import search, visibility
from articles.models import (
    Article,
    Section,
)
from articles.pagination import Cursor
from authors import languages
from media.models import Image
from media.pictures import Picture

from ..data import Card, FeedLine, SectionLink, other_language
from .door import Columns, Part, placeholders, read, table
from .pictures import PICTURE_FIELDS, PICTURE_WIDTH, picture

# Cards and News Feed lines ------------------------------------------------------------------

# A card's columns: the story's, its section's and its lead image's, in the order card() reads
# them, then its section's translations; the same names through relations for the ORM's
# values_list (listings, search: `card_values()`). The translations are read for a card in
# another language than the main one, as the database's JSON text (parsed only then); a main
# language's listing leaves them out (the ORM would parse every row's).
CARD_STORY_FIELDS = (
    "id",
    "slug",
    "title",
    "excerpt",
    "published_at",
    "reading_time",
    "coverage_started_at",
    "coverage_ended_at",
    "language",
)
SECTION_FIELDS = ("id", "name", "slug")
CARD_VALUES = (
    *CARD_STORY_FIELDS,
    *(f"section__{name}" for name in SECTION_FIELDS),
    *(f"lead_image__{name}" for name in PICTURE_FIELDS),
    "section__translations",
)
CARD_PARTS = (
    Part(Article, CARD_STORY_FIELDS, "a"),
    Part(Section, SECTION_FIELDS, "s", "card_section_"),
    Part(Image, PICTURE_FIELDS, "i", "card_image_"),
    Part(Section, ("translations",), "s", "card_section_", raw=["translations"]),
)
_SECTION_AT = len(CARD_STORY_FIELDS)
_PICTURE_AT = _SECTION_AT + len(SECTION_FIELDS)
_TRANSLATIONS_AT = _PICTURE_AT + PICTURE_WIDTH
CARDS = Columns(*CARD_PARTS)
# The front page's cards also bring their share image (the lead's names the home page).
SHARE = Part(Image, PICTURE_FIELDS, "si", "card_share_")
FRONT_PAGE_CARDS = Columns(*CARD_PARTS, SHARE, computed=["card_part"])
# Which part of the front page's statement a row comes from.
NEWEST, HELD, BLOCK = 0, 1, 2
FEED_LINES = Columns(Part(Article, ("id", "slug", "title", "published_at", "language"), "a"))


def is_live(started_at, ended_at, now) -> bool:
    """Whether live coverage is on (Article.is_live, for a story read as a row)."""
    return started_at is not None and (ended_at is None or ended_at > now)


def card(row: Sequence, now, language: str | None = None) -> Card:
    """The Card of a row of CARDS (or of `card_values()`), in its story's language: `language`
    (as other_language() gives it) when the caller knows it, as a listing's rows are all in
    one, which spares each row of the main language's the work of another's."""
    if language is None:
        language = other_language(row[8])
    at, section = _SECTION_AT, None
    if row[at] is not None and not language:
        section = SectionLink(*row[at:_PICTURE_AT])
    elif row[at] is not None:
        section = SectionLink.of(*row[at:_PICTURE_AT], row[_TRANSLATIONS_AT], language)
    at = _PICTURE_AT
    lead = Picture(*row[at : at + PICTURE_WIDTH]) if row[at] is not None else None
    return Card(*row[:6], is_live(row[6], row[7], now), section, lead, language=language)


def card_values(language: str) -> tuple[str, ...]:
    """The ORM's names for the rows of cards in `language`: a main language's leave out the
    sections' translations (card() reads them only for another's)."""
    return CARD_VALUES if other_language(language) else CARD_VALUES[:-1]


def _cards_from(connection, columns: Columns = CARDS) -> str:
    """The cards' SELECT up to its WHERE: the story with its section and lead image joined
    (and its share image, for the front page's columns)."""
    sql = (
        f"SELECT {columns.sql(connection)} FROM {table(Article, connection)} a"
        f" LEFT JOIN {table(Section, connection)} s ON s.id = a.section_id"
        f" LEFT JOIN {table(Image, connection)} i ON i.id = a.lead_image_id"
    )
    if columns is FRONT_PAGE_CARDS:
        sql += f" LEFT JOIN {table(Image, connection)} si ON si.id = a.share_image_id"
    return sql


def _listed(
    connection, now, before: Cursor | None = None, language: str | None = None
) -> tuple[str, list]:
    """WHERE readers' listed stories (articles.visibility) in `language` ("" for the main one,
    None for any), older than `before`."""
    bound, bound_params = "", []
    if before is not None:
        # As Cursor.older_q(): the leading `<=` gives the index scan its start, ahead of now.
        at = connection.ops.adapt_datetimefield_value(before.published_at)
        bound = "a.published_at <= %s AND (a.published_at < %s OR a.id < %s)"
        bound_params = [at, at, before.id]
    condition, params = visibility.sql(
        visibility.LISTED, "a", connection, now=now, bound=bound, bound_params=bound_params
    )
    if language is not None:  # a listing's filter, not part of what readers may see
        column = connection.ops.quote_name("language")
        condition = f"a.{column} = %s AND {condition}"
        params = [language or languages.main(), *params]
    return f" WHERE {condition}", params


def _newest(select: str, where: tuple[str, list], skip: list, limit: int) -> tuple[str, list]:
    """`select` `where`, leaving out `skip`, the newest `limit` first: a walk down the feed
    index, as `published(before).stories().exclude(pk__in=skip)[:limit]`."""
    sql, params = select + where[0], list(where[1])
    if skip:
        sql += f" AND a.id NOT IN ({placeholders(skip)})"
        params += skip
    return sql + " ORDER BY a.published_at DESC, a.id DESC LIMIT %s", [*params, limit]


def newest_cards(
    limit: int, *, before: Cursor | None = None, skip: Iterable[int] = (), language: str = ""
):
    """The newest listed stories in `language` as Cards, older than `before`, leaving out
    `skip`."""
    now, skip = timezone.now(), sorted(skip)

    def statement(connection):
        where = _listed(connection, now, before, language)
        return _newest(_cards_from(connection), where, skip, limit)

    shown_in = other_language(language)
    return [card(row, now, shown_in) for row in read(Article, CARDS, statement)]


def cards_by_id(ids: Iterable[int]) -> dict[int, Card]:
    """The listed stories among `ids` as Cards, by id, each in its own language (one query,
    none for no ids)."""
    ids, now = sorted(ids), timezone.now()
    if not ids:
        return {}

    def statement(connection):
        where, params = _listed(connection, now)
        sql = f"{_cards_from(connection)}{where} AND a.id IN ({placeholders(ids)})"
        return sql, [*params, *ids]

    return {row[0]: card(row, now) for row in read(Article, CARDS, statement)}


def newest_feed_lines(
    limit: int, *, before: Cursor | None = None, skip: Iterable[int] = (), language: str = ""
):
    """News Feed lines of the newest listed stories in `language`, older than `before`,
    leaving out `skip`."""
    now, skip = timezone.now(), sorted(skip)

    def statement(connection):
        select = f"SELECT {FEED_LINES.sql(connection)} FROM {table(Article, connection)} a"
        return _newest(select, _listed(connection, now, before, language), skip, limit)

    shown_in = other_language(language)
    return [FeedLine(*row[:4], shown_in) for row in read(Article, FEED_LINES, statement)]


def front_page_cards(
    held_ids: Iterable[int],
    limit: int,
    sections: Sequence[int] = (),
    per_section: int = 0,
    *,
    language: str | None = None,
) -> tuple[dict[int, Card], list[Card], dict[int, list[Card]], dict[int, Picture | None]]:
    """Of the stories in `language` (the main one when None): the held stories that are
    listed, by id; the `limit` newest other stories; the `per_section` newest stories of each
    of `sections`, by section id; and their share images (by story id, None for none;
    renditions not loaded): one statement (the front page's places, its grid's first page and
    its section blocks).

    Each section's stories are a walk down the section index (`article_language_section_idx`),
    so the cost follows the blocks shown, not the size of the archive. A story may come back
    in two parts (the newest, and its section's): the front page keeps it in one place."""
    held_ids, sections, now = sorted(held_ids), list(sections), timezone.now()
    language = language or languages.main()

    def statement(connection):
        where, visible = _listed(connection, now, language=language)
        cards = _cards_from(connection, FRONT_PAGE_CARDS)
        select, parts, params = cards + where, [], []
        if held_ids:
            parts.append((f"{select} AND a.id IN ({placeholders(held_ids)})", HELD))
            params += [*visible, *held_ids]
        newest, newest_params = _newest(cards, (where, visible), held_ids, limit)
        parts.append((newest, NEWEST))
        params += newest_params
        for section_id in sections if per_section else ():
            parts.append(
                (
                    f"{select} AND a.section_id = %s"
                    " ORDER BY a.published_at DESC, a.id DESC LIMIT %s",
                    BLOCK,
                )
            )
            params += [*visible, section_id, per_section]
        # Each part wrapped: SQLite takes no ORDER BY or LIMIT directly inside a UNION. Which
        # part a row came from is its last column.
        sql = " UNION ALL ".join(
            f"SELECT p{n}.*, {part} AS card_part FROM ({query}) p{n}"
            for n, (query, part) in enumerate(parts)
        )
        return sql, params

    held, newest, blocks, shares = {}, [], {section_id: [] for section_id in sections}, {}
    shown_in = other_language(language)
    for row in read(Article, FRONT_PAGE_CARDS, statement):
        found = card(row, now, shown_in)
        shares[found.id] = picture(row[len(CARDS.fields) : -1])
        if row[-1] == HELD:
            held[found.id] = found
        elif row[-1] == NEWEST:
            newest.append(found)
        else:
            blocks[found.section.id].append(found)
    # A UNION's rows come in no promised order: each part is put back in its own.
    for stories in (newest, *blocks.values()):
        stories.sort(key=lambda found: (found.published_at, found.id), reverse=True)
    return held, newest, blocks, shares


# Search on SQLite (articles.search: the FTS5 index) ------------------------------------------

SEARCH_CARDS = Columns(*CARD_PARTS, computed=["search_rank", "search_title", "search_snippet"])


def search_cards(
    match: str,
    limit: int,
    *,
    ranked: int,
    weights: Sequence[float],
    marks: tuple[str, str],
    words: int,
    after: tuple[float, Cursor] | None = None,
    language: str = "",
) -> list[tuple[Card, float, str, str]]:
    """(card, rank, headline, snippet) of the listed stories in `language` matching `match`
    (an FTS5 query), best first, after `after` (the last result shown: its rank and place);
    the headline and about `words` words of the text with the matches between `marks`. Only
    the `ranked` newest matches are ranked, with bm25 and the columns' `weights`. One
    statement.

    bm25 weighs a word by how rare it is in the whole index, so every rank moves a little when
    a story is published between two clicks: the last result's rank is read again, in the same
    statement as the ranks it is compared with. The rank given stands in only when that story
    no longer matches at all (edited or deleted since): then the next page may be off by a
    story or two, where PostgreSQL's ts_rank, which depends on the story alone, is exact."""
    now = timezone.now()
    fts = search.FTS_TABLE

    def statement(connection):
        stories = table(Article, connection)
        listed, listed_params = _listed(connection, now, language=language)
        start, stop = marks
        weighted = ", ".join(str(float(weight)) for weight in weights)
        sql = (
            f"WITH newest AS MATERIALIZED (SELECT a.id FROM {stories} a{listed}"
            f" AND a.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"
            " ORDER BY a.published_at DESC, a.id DESC LIMIT %s),"
        )
        params = [*listed_params, match, ranked]
        # The last result shown is ranked again even when newer matches pushed it out of the
        # newest: only its rank is read (the page starts after it).
        pool = "newest" if after is None else "(SELECT id FROM newest UNION SELECT %s)"
        params += [] if after is None else [after[1].id]
        sql += (
            f" ranked AS MATERIALIZED (SELECT n.id, -bm25({fts}, {weighted}) AS search_rank"
            f" FROM {pool} n JOIN {fts} ON {fts}.rowid = n.id WHERE {fts} MATCH %s),"
            " page AS MATERIALIZED (SELECT r.id, r.search_rank FROM ranked r"
            f" JOIN {stories} a ON a.id = r.id"
        )
        params.append(match)
        if after is not None:
            rank, cursor = after
            again = "COALESCE((SELECT search_rank FROM ranked WHERE id = %s), %s)"
            at = connection.ops.adapt_datetimefield_value(cursor.published_at)
            sql += (
                f" WHERE r.search_rank < {again} OR (r.search_rank = {again}"
                " AND (a.published_at < %s OR (a.published_at = %s AND a.id < %s)))"
            )
            params += [cursor.id, rank, cursor.id, rank, at, at, cursor.id]
        sql += (
            " ORDER BY r.search_rank DESC, a.published_at DESC, a.id DESC LIMIT %s)"
            f" SELECT {SEARCH_CARDS.sql(connection)}, p.search_rank,"
            f" highlight({fts}, 0, %s, %s), snippet({fts}, 2, %s, %s, '…', {int(words)})"
            f" FROM page p JOIN {fts} ON {fts}.rowid = p.id JOIN {stories} a ON a.id = p.id"
            f" LEFT JOIN {table(Section, connection)} s ON s.id = a.section_id"
            f" LEFT JOIN {table(Image, connection)} i ON i.id = a.lead_image_id"
            f" WHERE {fts} MATCH %s"
            " ORDER BY p.search_rank DESC, a.published_at DESC, a.id DESC"
        )
        params += [limit, start, stop, start, stop, match]
        return sql, params

    shown_in = other_language(language)
    return [
        (card(row, now, shown_in), row[-3], row[-2], row[-1])
        for row in read(Article, SEARCH_CARDS, statement)
    ]
