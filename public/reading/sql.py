"""Every statement readers' pages run that is not the ORM, and the one way they are run.

Pages load their cards, News Feed lines, the story an article page shows, its related stories,
pictures with their renditions, the navigation and the banner with written-out SQL: for a few
dozen rows the ORM took longer to put the query together, and to turn the rows into objects,
than the database took to run it.

`read()` is the one door: it asks the replica router where the model is read from, has the
statement written for that connection (its quoting, its form of a time), runs it there and
converts each column with that connection's converters, as the ORM would (aware datetimes and
booleans on SQLite). The loaders here build frozen dataclasses straight from the rows.
The stories they select are those of articles.visibility, the one rule.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import connections, router
from django.utils import timezone
from taggit.models import Tag

from articles import search, visibility
from articles.models import (
    Article,
    ArticleAuthor,
    Banner,
    Correction,
    Section,
    TaggedArticle,
)
from articles.pagination import Cursor
from authors.models import Author
from media.models import Image, Rendition
from media.pictures import Picture, RenditionFile

from .data import AuthorBox, Card, FeedLine, SectionLink, TagLink


class Part:
    """Some of one model's fields, read from its table under `alias` (and named apart with
    `prefix` when joined: tables share column names like `id`)."""

    def __init__(self, model, names: Sequence[str], alias: str, prefix: str = ""):
        self.model, self.alias, self.prefix = model, alias, prefix
        self.fields = [model._meta.get_field(name) for name in names]

    def sql(self, quote) -> list[str]:
        named = f" AS {self.prefix}{{}}" if self.prefix else ""
        return [
            f"{self.alias}.{quote(field.column)}" + named.format(field.column)
            for field in self.fields
        ]


class Columns:
    """The columns of a statement's rows: parts of models, then `computed` ones that the
    statement writes after them itself (converted by no field)."""

    def __init__(self, *parts: Part, computed: Sequence[str] = ()):
        self.parts = parts
        self.fields = [field for part in parts for field in part.fields]
        self.fields += [None] * len(computed)
        self._sql: dict[str, str] = {}
        self._steps: dict[str, list] = {}

    def sql(self, connection) -> str:
        found = self._sql.get(connection.vendor)
        if found is None:
            quote = connection.ops.quote_name
            names = [name for part in self.parts for name in part.sql(quote)]
            found = self._sql[connection.vendor] = ", ".join(names)
        return found

    def steps(self, alias: str, connection) -> list:
        """(position, column, converters) for each column that has converters. The schema
        decides them, not the data: worked out once per database."""
        found = self._steps.get(alias)
        if found is None:
            found = []
            for n, field in enumerate(self.fields):
                if field is None:
                    continue
                column = field.get_col(field.model._meta.db_table)
                converters = connection.ops.get_db_converters(column)
                converters += column.get_db_converters(connection)
                if converters:
                    found.append((n, column, converters))
            self._steps[alias] = found
        return found


Statement = Callable[[object], tuple[str, list]]


def read(model, columns: Columns, statement: Statement) -> list[list]:
    """The rows of `statement(connection)` (SQL and its parameters, written for that
    connection) from the database the router reads `model` from, each column converted as
    the ORM converts it."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    sql, params = statement(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    steps = columns.steps(alias, connection)
    if not steps:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for n, column, converters in steps:
            value = row[n]
            for convert in converters:
                value = convert(value, column, connection)
            row[n] = value
        converted.append(row)
    return converted


def table(model, connection) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values) -> str:
    """`%s, %s, …`, one per value, for an `IN (…)` list."""
    return ", ".join(["%s"] * len(values))


# Pictures ------------------------------------------------------------------------------------

# A Picture's fields, in its dataclass's order.
PICTURE_FIELDS = (
    "id",
    "file",
    "source_url",
    "width",
    "height",
    "alt_text",
    "caption",
    "credit",
    "focal_x",
    "focal_y",
    "updated_at",
)
PICTURE_WIDTH = len(PICTURE_FIELDS)
RENDITION_FIELDS = ("image", "spec", "format", "focal_key", "file", "width", "height", "file_size")
RENDITIONS = Columns(Part(Rendition, RENDITION_FIELDS, "r"))
RENDITIONS_AND_IMAGES = Columns(
    Part(Rendition, RENDITION_FIELDS, "r"), Part(Image, PICTURE_FIELDS, "i", "img_")
)
IMAGES = Columns(Part(Image, PICTURE_FIELDS, "i"))


def picture(values: Sequence) -> Picture | None:
    """The Picture of the image columns of a row (None for the missing image of an outer
    join), its renditions not loaded."""
    return Picture(*values) if values[0] is not None else None


def pictures(
    wanted: Iterable[int], known: Iterable[Picture | None] = (), *, formats=None
) -> dict[int, Picture]:
    """Pictures with their renditions, by id: those of `wanted` ids and of `known` pictures
    (which the page's rows already gave), in one query; a second only for wanted images with
    no renditions yet (never shown, or kept as links). `formats`: only renditions in these (a
    feed shows JPEGs only: a third of the rows)."""
    known = {found.id: found for found in known if found is not None}
    wanted = set(wanted) - known.keys()
    if not wanted and not known:
        return {}
    ids = sorted(wanted | known.keys())
    columns = RENDITIONS_AND_IMAGES if wanted else RENDITIONS

    def statement(connection):
        # The image's columns are joined only for the images not known yet.
        sql = f"SELECT {columns.sql(connection)} FROM {table(Rendition, connection)} r"
        params = []
        if wanted:
            sql += (
                f" LEFT JOIN {table(Image, connection)} i ON i.id = r.image_id"
                f" AND i.id IN ({placeholders(wanted)})"
            )
            params += sorted(wanted)
        sql += f" WHERE r.image_id IN ({placeholders(ids)})"
        params += ids
        if formats is not None:
            sql += f" AND r.format IN ({placeholders(formats)})"
            params += list(formats)
        return sql, params

    found: dict[int, dict] = {pk: {} for pk in ids}
    bare = dict(known)
    for row in read(Rendition, columns, statement):
        rendition = RenditionFile(*row[1:8])
        found[row[0]][rendition.key] = rendition
        if wanted and row[0] not in bare and row[8] is not None:
            bare[row[0]] = Picture(*row[8:])
    missing = wanted - bare.keys()
    if missing:
        bare.update((p.id, p) for p in pictures_by_id(missing))
    return {pk: found_picture.with_renditions(found[pk]) for pk, found_picture in bare.items()}


def pictures_by_id(ids: Iterable[int]) -> list[Picture]:
    ids = sorted(ids)

    def statement(connection):
        sql = f"SELECT {IMAGES.sql(connection)} FROM {table(Image, connection)} i"
        return f"{sql} WHERE i.id IN ({placeholders(ids)})", ids

    return [Picture(*row) for row in read(Image, IMAGES, statement)]


# Cards and News Feed lines ------------------------------------------------------------------

# A card's columns: the story's, its section's and its lead image's, in the order card() reads
# them; the same names through relations for the ORM's values_list (listings, search).
CARD_STORY_FIELDS = (
    "id",
    "slug",
    "title",
    "excerpt",
    "published_at",
    "reading_time",
    "coverage_started_at",
    "coverage_ended_at",
)
SECTION_FIELDS = ("id", "name", "slug")
CARD_VALUES = (
    *CARD_STORY_FIELDS,
    *(f"section__{name}" for name in SECTION_FIELDS),
    *(f"lead_image__{name}" for name in PICTURE_FIELDS),
)
CARD_PARTS = (
    Part(Article, CARD_STORY_FIELDS, "a"),
    Part(Section, SECTION_FIELDS, "s", "card_section_"),
    Part(Image, PICTURE_FIELDS, "i", "card_image_"),
)
CARDS = Columns(*CARD_PARTS)
FRONT_PAGE_CARDS = Columns(*CARD_PARTS, computed=["card_part"])
# Which part of the front page's statement a row comes from.
NEWEST, HELD, BLOCK = 0, 1, 2
FEED_LINES = Columns(Part(Article, ("id", "slug", "title", "published_at"), "a"))


def is_live(started_at, ended_at, now) -> bool:
    """Whether live coverage is on (Article.is_live, for a story read as a row)."""
    return started_at is not None and (ended_at is None or ended_at > now)


def card(row: Sequence, now) -> Card:
    """The Card of a row of CARDS (or of CARD_VALUES)."""
    section = SectionLink(*row[8:11]) if row[8] is not None else None
    lead = Picture(*row[11 : 11 + PICTURE_WIDTH]) if row[11] is not None else None
    return Card(*row[:6], is_live(row[6], row[7], now), section, lead)


def _cards_from(connection) -> str:
    """The cards' SELECT up to its WHERE: the story with its section and lead image joined."""
    return (
        f"SELECT {CARDS.sql(connection)} FROM {table(Article, connection)} a"
        f" LEFT JOIN {table(Section, connection)} s ON s.id = a.section_id"
        f" LEFT JOIN {table(Image, connection)} i ON i.id = a.lead_image_id"
    )


def _listed(connection, now, before: Cursor | None = None) -> tuple[str, list]:
    """WHERE readers' listed stories (articles.visibility), older than `before`."""
    bound, bound_params = "", []
    if before is not None:
        # As Cursor.older_q(): the leading `<=` gives the index scan its start, ahead of now.
        at = connection.ops.adapt_datetimefield_value(before.published_at)
        bound = "a.published_at <= %s AND (a.published_at < %s OR a.id < %s)"
        bound_params = [at, at, before.id]
    condition, params = visibility.sql(
        visibility.LISTED, "a", connection, now=now, bound=bound, bound_params=bound_params
    )
    return f" WHERE {condition}", params


def _newest(select: str, where: tuple[str, list], skip: list, limit: int) -> tuple[str, list]:
    """`select` `where`, leaving out `skip`, the newest `limit` first: a walk down the feed
    index, as `published(before).stories().exclude(pk__in=skip)[:limit]`."""
    sql, params = select + where[0], list(where[1])
    if skip:
        sql += f" AND a.id NOT IN ({placeholders(skip)})"
        params += skip
    return sql + " ORDER BY a.published_at DESC, a.id DESC LIMIT %s", [*params, limit]


def newest_cards(limit: int, *, before: Cursor | None = None, skip: Iterable[int] = ()):
    """The newest listed stories as Cards, older than `before`, leaving out `skip`."""
    now, skip = timezone.now(), sorted(skip)

    def statement(connection):
        return _newest(_cards_from(connection), _listed(connection, now, before), skip, limit)

    return [card(row, now) for row in read(Article, CARDS, statement)]


def cards_by_id(ids: Iterable[int]) -> dict[int, Card]:
    """The listed stories among `ids` as Cards, by id (one query, none for no ids)."""
    ids, now = sorted(ids), timezone.now()
    if not ids:
        return {}

    def statement(connection):
        where, params = _listed(connection, now)
        sql = f"{_cards_from(connection)}{where} AND a.id IN ({placeholders(ids)})"
        return sql, [*params, *ids]

    return {row[0]: card(row, now) for row in read(Article, CARDS, statement)}


def newest_feed_lines(limit: int, *, before: Cursor | None = None, skip: Iterable[int] = ()):
    """News Feed lines of the newest listed stories, older than `before`, leaving out `skip`."""
    now, skip = timezone.now(), sorted(skip)

    def statement(connection):
        select = f"SELECT {FEED_LINES.sql(connection)} FROM {table(Article, connection)} a"
        return _newest(select, _listed(connection, now, before), skip, limit)

    return [FeedLine(*row) for row in read(Article, FEED_LINES, statement)]


def front_page_cards(
    held_ids: Iterable[int], limit: int, sections: Sequence[int] = (), per_section: int = 0
) -> tuple[dict[int, Card], list[Card], dict[int, list[Card]]]:
    """The held stories that are listed, by id; the `limit` newest other stories; and the
    `per_section` newest stories of each of `sections`, by section id: one statement (the
    front page's places, its grid's first page and its section blocks).

    Each section's stories are a walk down the section index (`article_section_idx`), so the
    cost follows the blocks shown, not the size of the archive. A story may come back in two
    parts (the newest, and its section's): the front page keeps it in one place."""
    held_ids, sections, now = sorted(held_ids), list(sections), timezone.now()
    if not held_ids and not (sections and per_section):
        return {}, newest_cards(limit), {}

    def statement(connection):
        where, visible = _listed(connection, now)
        select = _cards_from(connection) + where
        parts, params = [], []
        if held_ids:
            parts.append((f"{select} AND a.id IN ({placeholders(held_ids)})", HELD))
            params += [*visible, *held_ids]
        newest, newest_params = _newest(_cards_from(connection), (where, visible), held_ids, limit)
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

    held, newest, blocks = {}, [], {section_id: [] for section_id in sections}
    for row in read(Article, FRONT_PAGE_CARDS, statement):
        found = card(row, now)
        if row[-1] == HELD:
            held[found.id] = found
        elif row[-1] == NEWEST:
            newest.append(found)
        else:
            blocks[found.section.id].append(found)
    # A UNION's rows come in no promised order: each part is put back in its own.
    for stories in (newest, *blocks.values()):
        stories.sort(key=lambda found: (found.published_at, found.id), reverse=True)
    return held, newest, blocks


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
) -> list[tuple[Card, float, str, str]]:
    """(card, rank, headline, snippet) of the listed stories matching `match` (an FTS5 query),
    best first, after `after` (the last result shown: its rank and place); the headline and
    about `words` words of the text with the matches between `marks`. Only the `ranked` newest
    matches are ranked, with bm25 and the columns' `weights`. One statement.

    bm25 weighs a word by how rare it is in the whole index, so every rank moves a little when
    a story is published between two clicks: the last result's rank is read again, in the same
    statement as the ranks it is compared with. The rank given stands in only when that story
    no longer matches at all (edited or deleted since): then the next page may be off by a
    story or two, where PostgreSQL's ts_rank, which depends on the story alone, is exact."""
    now = timezone.now()
    fts = search.FTS_TABLE

    def statement(connection):
        stories = table(Article, connection)
        listed, listed_params = _listed(connection, now)
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

    return [
        (card(row, now), row[-3], row[-2], row[-1])
        for row in read(Article, SEARCH_CARDS, statement)
    ]


# The story an article page shows ----------------------------------------------------------

STORY_FIELDS = (
    "id",
    "slug",
    "title",
    "dek",
    "excerpt",
    "body",
    "status",
    "kind",
    "published_at",
    "significant_update_at",
    "reading_time",
    "lead_image_caption",
    "seo_title",
    "seo_description",
    "canonical_url",
    "share_title",
    "share_description",
    "coverage_started_at",
    "coverage_ended_at",
    "takedown_notice",
    "preview_key",
)
STORY_WIDTH = len(STORY_FIELDS)
STORY = Columns(
    Part(Article, STORY_FIELDS, "a"),
    Part(Section, SECTION_FIELDS, "s", "page_section_"),
    Part(Image, PICTURE_FIELDS, "i", "page_lead_"),
    Part(Image, PICTURE_FIELDS, "share", "page_share_"),
    computed=["has_corrections"],
)


def story(*, slug: str | None = None, pk: int | None = None) -> dict | None:
    """The story an article page or a preview shows, by slug or id, whatever its state (the
    page decides what may be shown): its columns by name, with `section`, `lead_image` and
    `share_image` (Picture, renditions not loaded) and `has_corrections`. One statement."""
    column, value = ("slug", slug) if slug is not None else ("id", pk)

    def statement(connection):
        images = table(Image, connection)
        sql = (
            f"SELECT {STORY.sql(connection)}, EXISTS (SELECT 1"
            f" FROM {table(Correction, connection)} c WHERE c.article_id = a.id)"
            f" FROM {table(Article, connection)} a"
            f" LEFT JOIN {table(Section, connection)} s ON s.id = a.section_id"
            f" LEFT JOIN {images} i ON i.id = a.lead_image_id"
            f" LEFT JOIN {images} share ON share.id = a.share_image_id"
            f" WHERE a.{column} = %s"
        )
        return sql, [value]

    rows = read(Article, STORY, statement)
    if not rows:
        return None
    row = rows[0]
    found = dict(zip(STORY_FIELDS, row, strict=False))
    at = STORY_WIDTH
    found["section"] = SectionLink(*row[at : at + 3]) if row[at] is not None else None
    found["lead_image"] = picture(row[at + 3 : at + 3 + PICTURE_WIDTH])
    found["share_image"] = picture(row[at + 3 + PICTURE_WIDTH : -1])
    found["has_corrections"] = bool(row[-1])  # SQLite answers 0 or 1
    return found


AUTHOR_FIELDS = ("id", "name", "slug", "role", "bio")
BYLINES = Columns(
    Part(ArticleAuthor, ("role",), "b"),
    Part(Author, AUTHOR_FIELDS, "au", "byline_author_"),
    Part(Image, PICTURE_FIELDS, "av", "byline_avatar_"),
)


def bylines(story_id: int) -> list[tuple[str, AuthorBox]]:
    """(role, author) of the story's bylines in the editors' order, each author with their
    avatar (renditions not loaded): one AuthorBox for an author's two roles."""

    def statement(connection):
        sql = (
            f"SELECT {BYLINES.sql(connection)} FROM {table(ArticleAuthor, connection)} b"
            f" JOIN {table(Author, connection)} au ON au.id = b.author_id"
            f" LEFT JOIN {table(Image, connection)} av ON av.id = au.avatar_id"
            " WHERE b.article_id = %s ORDER BY b.position, b.id"
        )
        return sql, [story_id]

    found, authors = [], {}
    for row in read(ArticleAuthor, BYLINES, statement):
        author = authors.get(row[1])
        if author is None:
            author = authors[row[1]] = AuthorBox(*row[1:6], picture(row[6:]))
        found.append((row[0], author))
    return found


TAGS = Columns(Part(Tag, ("id", "name", "slug"), "t"))


def tags(story_id: int) -> list[TagLink]:
    """The story's tags, in the order they were given to it."""

    def statement(connection):
        sql = (
            f"SELECT {TAGS.sql(connection)} FROM {table(Tag, connection)} t"
            f" JOIN {table(TaggedArticle, connection)} x ON x.tag_id = t.id"
            " WHERE x.content_object_id = %s ORDER BY x.id"
        )
        return sql, [story_id]

    return [TagLink(*row) for row in read(Tag, TAGS, statement)]


# Related stories: only the newest stories of each of the story's first tags are ranked, so the
# cost follows what the page shows, not the size of the archive (a popular tag carries
# thousands of stories).
TAGS_CONSIDERED = 8
NEWEST_PER_TAG = 50
RELATED = Columns(Part(Article, ("id",), "c"))


def related_ids(story_id: int, tag_ids: list[int], section_id: int | None, limit: int):
    """Ids of the stories sharing the most of `tag_ids` (same section first on a tie), then
    the newest of the same section, best first: one statement whatever the numbers.

    Each tag's pool is a walk down the tag's own index of listed stories
    (`TaggedArticle.listed_at`), the section's a walk down the section index; the pool's
    stories are checked against the stories table as it walks, so a stale copy of a story's
    state costs a step, never shows a story readers may not see. Written out: a union of up to
    nine ranked pools took the ORM longer to compile than the database to run."""
    tag_ids = sorted(tag_ids)
    if not tag_ids and not section_id:
        return []
    moment = timezone.now()

    def statement(connection):
        now = connection.ops.adapt_datetimefield_value(moment)
        stories, tagged = table(Article, connection), table(TaggedArticle, connection)
        # Readers' stories only (articles.visibility), the story itself aside.
        visible, visible_params = visibility.sql(visibility.LISTED, "a", connection, now=moment)
        visible, visible_params = f"{visible} AND a.id <> %s", [*visible_params, story_id]
        columns = "a.id, a.published_at, a.section_id"
        pools, params = [], []
        for tag_id in tag_ids[:TAGS_CONSIDERED]:
            pools.append(
                f"SELECT {columns} FROM {tagged} t JOIN {stories} a ON a.id = t.content_object_id"
                f" WHERE t.tag_id = %s AND t.listed_at <= %s AND {visible}"
                " ORDER BY t.listed_at DESC, t.content_object_id DESC LIMIT %s"
            )
            params += [tag_id, now, *visible_params, NEWEST_PER_TAG]
        if section_id:
            # Ranked with the tagged stories: sharing no tag, they come after them, newest first.
            pools.append(
                f"SELECT {columns} FROM {stories} a WHERE a.section_id = %s AND {visible}"
                " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
            )
            params += [section_id, *visible_params, limit]
        # UNION, not UNION ALL: a story in several pools is one row. Each pool is wrapped in a
        # subquery because SQLite refuses a LIMIT directly inside a UNION.
        union = " UNION ".join(f"SELECT * FROM ({pool}) pool{n}" for n, pool in enumerate(pools))
        order = []
        if tag_ids:
            order.append(
                f"(SELECT COUNT(*) FROM {tagged} t WHERE t.content_object_id = c.id"
                f" AND t.tag_id IN ({placeholders(tag_ids)})) DESC"
            )
            params += tag_ids
        order.append("CASE WHEN c.section_id = %s THEN 1 ELSE 0 END DESC")
        params += [section_id, limit]
        sql = (
            f"SELECT c.id FROM ({union}) c"
            f" ORDER BY {', '.join(order)}, c.published_at DESC, c.id DESC LIMIT %s"
        )
        return sql, params

    return [row[0] for row in read(Article, RELATED, statement)]


# The navigation and the banner ----------------------------------------------------------------

SECTIONS = Columns(Part(Section, ("id", "name", "slug", "front_page_position"), "s"))


def sections() -> list[list]:
    """(id, name, slug, position of its front-page block or None) of every section, in the
    navigation's order."""

    def statement(connection):
        sql = f"SELECT {SECTIONS.sql(connection)} FROM {table(Section, connection)} s"
        return f"{sql} ORDER BY s.position, s.name", []

    return read(Section, SECTIONS, statement)


BANNERS = Columns(
    Part(Banner, ("text", "starts_at", "ends_at"), "b"), computed=["banner_story_slug"]
)


def banners(now, until) -> list[list]:
    """(text, starts_at, ends_at (None: until taken down), slug of its story if readers may
    open it) of the banners that are live now or start before `until`, newest start first:
    one statement."""

    def statement(connection):
        visible, params = visibility.sql(visibility.VISIBLE, "a", connection, now=now)
        adapt = connection.ops.adapt_datetimefield_value
        sql = (
            f"SELECT {BANNERS.sql(connection)}, CASE WHEN {visible} THEN a.slug END"
            f" FROM {table(Banner, connection)} b"
            f" LEFT JOIN {table(Article, connection)} a ON a.id = b.article_id"
            " WHERE (b.ends_at IS NULL OR b.ends_at > %s) AND b.starts_at <= %s"
            " ORDER BY b.starts_at DESC, b.id DESC"
        )
        return sql, [*params, adapt(now), adapt(until)]

    return read(Banner, BANNERS, statement)
