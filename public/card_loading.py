"""Stories as cards and as their own page show them, loaded with raw SQL.

Cards are what every uncached page loads: the front page's places and grid, Show more, an
article's related stories and the cards in its body. Built with the ORM, the query for twenty
cards (a select_related section, deferred long texts, the published filter, a keyset bound, an
exclusion) took several times longer to put together than the database took to run it. These
statements ask for the same rows (what `Article.objects.for_listing()` loads, with the section
and lead image joined) and build the same objects, through `media.rows` readers (a raw
queryset took four times as long as the database to turn twenty rows into stories).
`story_for_page` does the same for the story an article page or preview shows
(`Article.objects.for_detail()`).
"""

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles import visibility
from articles.models import Article, ArticleAuthor, Correction, Section, TaggedArticle
from articles.pagination import Cursor
from authors.models import Author
from media.models import Image
from media.rows import RowReader, fetch_rows, placeholders

# What a card shows: every column but the long texts (as Article.objects.for_listing()).
CARD_SKIPS = {"body", "body_text", "live_text"}
CARD_READER = RowReader(
    Article, [f.name for f in Article._meta.concrete_fields if f.name not in CARD_SKIPS]
)
PAGE_READER = RowReader(Article)  # the story an article page shows: every column
FEED_ITEM_READER = RowReader(
    Article, ("id", "title", "slug", "published_at", "significant_update_at")
)
SECTION_READER = RowReader(Section, ("id", "name", "slug", "position"))
IMAGE_READER = RowReader(Image)
BYLINE_READER, AUTHOR_READER = RowReader(ArticleAuthor), RowReader(Author)
TAG_READER = RowReader(Tag, ("id", "name", "slug"))
# Joined columns are named apart from the story's own (`section_id` and `lead_image_caption`
# are two of those), so a statement can be wrapped in another that selects `*`.
SECTION_PREFIX, LEAD_PREFIX, SHARE_PREFIX = "card_section_", "card_image_", "page_share_"


def _select(story: RowReader, *, columns=(), joins="") -> str:
    """The story's columns that `story` reads, its section's and its lead image's, then
    `columns` from `joins`: the statement up to its WHERE (rows for `_read`)."""
    quote = connection.ops.quote_name
    selected = [
        *story.columns("a"),
        *SECTION_READER.columns("s", SECTION_PREFIX),
        *IMAGE_READER.columns("i", LEAD_PREFIX),
        *columns,
    ]
    return (
        f"SELECT {', '.join(selected)} FROM {quote(Article._meta.db_table)} a"
        f" LEFT JOIN {quote(Section._meta.db_table)} s ON s.id = a.section_id"
        f" LEFT JOIN {quote(Image._meta.db_table)} i ON i.id = a.lead_image_id{joins}"
    )


def _read(row, db: str, story_reader: RowReader = CARD_READER) -> tuple[Article, tuple]:
    """The story of a `_select` row with its section and lead image (no query when it shows
    them), and the rest of the row (the extra columns)."""
    end = story_reader.width
    story = story_reader(row[:end], db)
    section = SECTION_READER(row[end : end + SECTION_READER.width], db)
    end += SECTION_READER.width
    image = IMAGE_READER(row[end : end + IMAGE_READER.width], db)
    end += IMAGE_READER.width
    if section is not None:
        story.section = section
    if image is not None:
        story.lead_image = image
    return story, row[end:]


def _where(now, bound: str = "", bound_params=()) -> tuple[str, list]:
    # Readers' stories only (articles.visibility: Article.objects.published().stories()).
    condition, params = visibility.sql(
        visibility.LISTED, "a", connection, now=now, bound=bound, bound_params=bound_params
    )
    return f" WHERE {condition}", params


def _newest(
    select: str, before: Cursor | None, skip: Iterable[int], limit: int
) -> tuple[str, list]:
    """`select` (up to its WHERE) for the newest stories older than `before`, leaving out
    `skip`: a walk down the feed index, as `published(before).exclude(...)`."""
    bound, bound_params = "", []
    if before is not None:
        # As Cursor.older_q(): the leading `<=` gives the index scan its start, ahead of now.
        at = connection.ops.adapt_datetimefield_value(before.published_at)
        bound = "a.published_at <= %s AND (a.published_at < %s OR a.id < %s)"
        bound_params = [at, at, before.id]
    where, params = _where(timezone.now(), bound, bound_params)
    sql = select + where
    skip = list(skip)
    if skip:
        sql += f" AND a.id NOT IN ({placeholders(skip)})"
        params += skip
    sql += " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
    return sql, [*params, limit]


def _cards(sql: str, params: list) -> list[Article]:
    db, rows = fetch_rows(Article, sql, params)
    return [_read(row, db)[0] for row in rows]


def story_cards(ids: Iterable[int]) -> dict[int, Article]:
    """Published stories as cards show them, by id, with their sections (one query, none for
    no ids)."""
    ids = list(ids)
    if not ids:
        return {}
    where, params = _where(timezone.now())
    sql = _select(CARD_READER) + where + f" AND a.id IN ({placeholders(ids)})"
    params += ids
    return {story.pk: story for story in _cards(sql, params)}


def newest_cards(
    limit: int, *, before: Cursor | None = None, skip: Iterable[int] = ()
) -> list[Article]:
    """The newest published stories as cards, older than `before`, leaving out `skip`, as
    `Article.objects.for_listing(before).exclude(pk__in=skip)[:limit]`."""
    return _cards(*_newest(_select(CARD_READER), before, skip, limit))


def newest_feed_items(
    limit: int, *, before: Cursor | None = None, skip: Iterable[int] = ()
) -> list[Article]:
    """News Feed lines (a time and a headline) of the newest published stories, older than
    `before`, leaving out `skip`; the rest of each story is not loaded."""
    db, rows = fetch_rows(Article, *_newest(FEED_ITEM_READER.select("a"), before, skip, limit))
    return [FEED_ITEM_READER(row, db) for row in rows]


def front_page_cards(held_ids: Iterable[int], limit: int) -> tuple[dict[int, Article], list]:
    """The held stories that are published, by id, and the `limit` newest other stories, in
    one statement (the front page's places and the grid's first page)."""
    held_ids = list(held_ids)
    if not held_ids:
        return {}, newest_cards(limit)
    where, visible = _where(timezone.now())
    held = _select(CARD_READER) + where + f" AND a.id IN ({placeholders(held_ids)})"
    newest = (
        _select(CARD_READER)
        + where
        + f" AND a.id NOT IN ({placeholders(held_ids)})"
        + " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
    )
    # Each part wrapped: SQLite takes no ORDER BY or LIMIT directly inside a UNION. Which part
    # a row came from is its last column.
    sql = (
        f"SELECT h.*, 1 AS card_held FROM ({held}) h UNION ALL"
        f" SELECT n.*, 0 AS card_held FROM ({newest}) n"
    )
    params = [*visible, *held_ids, *visible, *held_ids, limit]
    db, rows = fetch_rows(Article, sql, params)
    held_cards, newest_list = {}, []
    for row in rows:
        card, (is_held,) = _read(row, db)
        if is_held:
            held_cards[card.pk] = card
        else:
            newest_list.append(card)
    # A UNION's rows come in no promised order: the newest part is put back in its own.
    newest_list.sort(key=lambda card: (card.published_at, card.pk), reverse=True)
    return held_cards, newest_list


def story_for_page(**lookup) -> Article | None:
    """The story an article page shows (`slug=` or `pk=`), whatever its state (the view and
    the preview decide what may be shown), as `Article.objects.for_detail()` gives it: section,
    lead and share images, bylines with their authors and avatars, tags, and whether it has
    corrections. Three statements: the story, its bylines, its tags."""
    ((key, value),) = lookup.items()
    column = {"slug": "slug", "pk": "id"}[key]
    quote = connection.ops.quote_name
    corrections = quote(Correction._meta.db_table)
    sql = _select(
        PAGE_READER,
        columns=[
            *IMAGE_READER.columns("share", SHARE_PREFIX),
            f"EXISTS (SELECT 1 FROM {corrections} c WHERE c.article_id = a.id) AS has_corrections",
        ],
        joins=f" LEFT JOIN {quote(Image._meta.db_table)} share ON share.id = a.share_image_id",
    )
    db, rows = fetch_rows(Article, f"{sql} WHERE a.{column} = %s", [value])
    if not rows:
        return None
    story, rest = _read(rows[0], db, PAGE_READER)
    share = IMAGE_READER(rest[: IMAGE_READER.width], db)
    if share is not None:
        story.share_image = share
    story.has_corrections = bool(rest[IMAGE_READER.width])  # SQLite answers 0 or 1
    story.prefetched_bylines = _bylines(story.pk)
    tags, tagged = quote(Tag._meta.db_table), quote(TaggedArticle._meta.db_table)
    # In the order they were given to the story (taggit's prefetch promised none).
    db, rows = fetch_rows(
        Tag,
        f"SELECT {', '.join(TAG_READER.columns('t'))} FROM {tags} t"
        f" JOIN {tagged} x ON x.tag_id = t.id WHERE x.content_object_id = %s ORDER BY x.id",
        [story.pk],
    )
    story.prefetched_tags = [TAG_READER(row, db) for row in rows]
    return story


def _bylines(story_id: int) -> list[ArticleAuthor]:
    """The story's bylines in the editors' order, each with its author and the author's
    avatar (`with_bylines()`)."""
    quote = connection.ops.quote_name
    columns = [
        *BYLINE_READER.columns("b"),
        *AUTHOR_READER.columns("au", "byline_author_"),
        *IMAGE_READER.columns("av", "byline_avatar_"),
    ]
    db, rows = fetch_rows(
        ArticleAuthor,
        f"SELECT {', '.join(columns)} FROM {quote(ArticleAuthor._meta.db_table)} b"
        f" JOIN {quote(Author._meta.db_table)} au ON au.id = b.author_id"
        f" LEFT JOIN {quote(Image._meta.db_table)} av ON av.id = au.avatar_id"
        " WHERE b.article_id = %s ORDER BY b.position, b.id",
        [story_id],
    )
    bylines, authors = [], {}
    for row in rows:
        byline = BYLINE_READER(row[: BYLINE_READER.width], db)
        author = authors.get(byline.author_id)  # one Author for an author's two roles
        if author is None:
            start = BYLINE_READER.width
            author = authors[byline.author_id] = AUTHOR_READER(
                row[start : start + AUTHOR_READER.width], db
            )
            avatar = IMAGE_READER(row[start + AUTHOR_READER.width :], db)
            if avatar is not None:
                author.avatar = avatar
        byline.author = author
        bylines.append(byline)
    return bylines
