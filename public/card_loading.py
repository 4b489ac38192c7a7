"""Stories as cards and as their own page show them, loaded with raw SQL.

Cards are what every uncached page loads: the front page's places and grid, Show more, an
article's related stories and the cards in its body. Built with the ORM, the query for twenty
cards (a select_related section, deferred long texts, the published filter, a keyset bound, an
exclusion) took several times longer to put together than the database took to run it. These
statements ask for the same rows (what `Article.objects.for_listing()` loads, with the section
and lead image joined) and build the same objects. `story_for_page` does the same for the
story an article page or preview shows (`Article.objects.for_detail()`).
"""

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleAuthor, Correction, Section, TaggedArticle
from articles.pagination import Cursor
from media.models import Image

# What a card shows: every column but the long texts (as Article.objects.for_listing()).
CARD_SKIPS = {"body", "body_text", "live_text"}
SECTION_FIELDS = ("id", "name", "slug", "position")
# Joined columns are aliased apart from the story's own (`section_id` and `lead_image_caption`
# are two of those), and taken off the story again by `_take_joined`.
SECTION_PREFIX, LEAD_PREFIX, SHARE_PREFIX = "card_section_", "card_image_", "page_share_"


def _image_columns(alias: str, prefix: str) -> list[str]:
    quote = connection.ops.quote_name
    return [
        f"{alias}.{quote(f.column)} AS {prefix}{f.attname}" for f in Image._meta.concrete_fields
    ]


def _select(fields, *, columns=(), joins="") -> str:
    """The story's `fields` with its section and lead image joined, and `columns` from
    `joins`: the statement up to its WHERE."""
    quote = connection.ops.quote_name
    selected = [f"a.{quote(field.column)}" for field in fields]
    selected += [f"s.{quote(name)} AS {SECTION_PREFIX}{name}" for name in SECTION_FIELDS]
    selected += [*_image_columns("i", LEAD_PREFIX), *columns]
    return (
        f"SELECT {', '.join(selected)} FROM {quote(Article._meta.db_table)} a"
        f" LEFT JOIN {quote(Section._meta.db_table)} s ON s.id = a.section_id"
        f" LEFT JOIN {quote(Image._meta.db_table)} i ON i.id = a.lead_image_id{joins}"
    )


def _card_select() -> str:
    return _select(f for f in Article._meta.concrete_fields if f.name not in CARD_SKIPS)


def _where(bound: str = "") -> str:
    # Readers' stories only: Article.objects.published().stories().
    return f" WHERE a.status = %s AND {bound} a.published_at <= %s AND a.kind = %s"


def _newest(
    select: str, before: Cursor | None, skip: Iterable[int], limit: int
) -> tuple[str, list]:
    """`select` (up to its WHERE) for the newest stories older than `before`, leaving out
    `skip`: a walk down the feed index, as `published(before).exclude(...)`."""
    status, now = _visible(timezone.now())
    bound, bound_params = "", []
    if before is not None:
        # As Cursor.older_q(): the leading `<=` gives the index scan its start, ahead of now.
        at = connection.ops.adapt_datetimefield_value(before.published_at)
        bound = "a.published_at <= %s AND (a.published_at < %s OR a.id < %s) AND"
        bound_params = [at, at, before.id]
    sql = select + _where(bound)
    params = [status, *bound_params, now, Article.Kind.STORY.value]
    skip = list(skip)
    if skip:
        sql += f" AND a.id NOT IN ({_placeholders(skip)})"
        params += skip
    sql += " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
    return sql, [*params, limit]


def _image_reader():
    """Turns a row's image columns into an Image, with the conversions the ORM applies to a
    field's value (a raw query converts only the story's own columns)."""
    fields = Image._meta.concrete_fields
    attnames = [field.attname for field in fields]
    steps = []
    for field in fields:
        column = field.get_col(Image._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        steps.append((column, converters))

    def read(story: Article, prefix: str) -> Image | None:
        values = [story.__dict__.pop(f"{prefix}{name}") for name in attnames]
        if values[0] is None:
            return None
        for n, (column, converters) in enumerate(steps):
            for converter in converters:
                values[n] = converter(values[n], column, connection)
        return Image.from_db(connection.alias, attnames, values)

    return read


def _visible(now) -> list:
    return [Article.Status.PUBLISHED.value, connection.ops.adapt_datetimefield_value(now)]


def _take_joined(story: Article, read_image) -> None:
    """Give the story its joined section and lead image (no query when it shows them)."""
    values = [story.__dict__.pop(f"{SECTION_PREFIX}{name}") for name in SECTION_FIELDS]
    if values[0] is not None:
        story.section = Section.from_db(connection.alias, SECTION_FIELDS, values)
    image = read_image(story, LEAD_PREFIX)
    if image is not None:
        story.lead_image = image


def _cards(sql: str, params: list) -> list[Article]:
    cards, read_image = [], _image_reader()
    for story in Article.objects.raw(sql, params):
        _take_joined(story, read_image)
        cards.append(story)
    return cards


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def story_cards(ids: Iterable[int]) -> dict[int, Article]:
    """Published stories as cards show them, by id, with their sections (one query, none for
    no ids)."""
    ids = list(ids)
    if not ids:
        return {}
    sql = _card_select() + _where() + f" AND a.id IN ({_placeholders(ids)})"
    params = [*_visible(timezone.now()), Article.Kind.STORY.value, *ids]
    return {story.pk: story for story in _cards(sql, params)}


def newest_cards(
    limit: int, *, before: Cursor | None = None, skip: Iterable[int] = ()
) -> list[Article]:
    """The newest published stories as cards, older than `before`, leaving out `skip`, as
    `Article.objects.for_listing(before).exclude(pk__in=skip)[:limit]`."""
    return _cards(*_newest(_card_select(), before, skip, limit))


FEED_ITEM_FIELDS = ("id", "title", "slug", "published_at", "significant_update_at")


def newest_feed_items(
    limit: int, *, before: Cursor | None = None, skip: Iterable[int] = ()
) -> list[Article]:
    """News Feed lines (a time and a headline) of the newest published stories, older than
    `before`, leaving out `skip`; the rest of each story is not loaded."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"a.{quote(name)}" for name in FEED_ITEM_FIELDS)
    select = f"SELECT {columns} FROM {quote(Article._meta.db_table)} a"
    return list(Article.objects.raw(*_newest(select, before, skip, limit)))


def front_page_cards(held_ids: Iterable[int], limit: int) -> tuple[dict[int, Article], list]:
    """The held stories that are published, by id, and the `limit` newest other stories, in
    one statement (the front page's places and the grid's first page)."""
    held_ids = list(held_ids)
    if not held_ids:
        return {}, newest_cards(limit)
    status, now = _visible(timezone.now())
    story = Article.Kind.STORY.value
    held = _card_select() + _where() + f" AND a.id IN ({_placeholders(held_ids)})"
    newest = (
        _card_select()
        + _where()
        + f" AND a.id NOT IN ({_placeholders(held_ids)})"
        + " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
    )
    # Each part wrapped: SQLite takes no ORDER BY or LIMIT directly inside a UNION. Which part
    # a row came from is its own column.
    sql = (
        f"SELECT 1 AS card_held, h.* FROM ({held}) h UNION ALL"
        f" SELECT 0 AS card_held, n.* FROM ({newest}) n"
    )
    params = [status, now, story, *held_ids, status, now, story, *held_ids, limit]
    held_cards, newest_list = {}, []
    for card in _cards(sql, params):
        if card.__dict__.pop("card_held"):
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
    corrections. Three statements; only the bylines' is built by the ORM."""
    ((key, value),) = lookup.items()
    column = {"slug": "slug", "pk": "id"}[key]
    quote = connection.ops.quote_name
    corrections = quote(Correction._meta.db_table)
    sql = _select(
        Article._meta.concrete_fields,
        columns=[
            *_image_columns("share", SHARE_PREFIX),
            f"EXISTS (SELECT 1 FROM {corrections} c WHERE c.article_id = a.id) AS has_corrections",
        ],
        joins=f" LEFT JOIN {quote(Image._meta.db_table)} share ON share.id = a.share_image_id",
    )
    found = list(Article.objects.raw(f"{sql} WHERE a.{column} = %s", [value]))
    if not found:
        return None
    story, read_image = found[0], _image_reader()
    _take_joined(story, read_image)
    share = read_image(story, SHARE_PREFIX)
    if share is not None:
        story.share_image = share
    story.has_corrections = bool(story.has_corrections)  # SQLite answers 0 or 1
    story.prefetched_bylines = list(
        ArticleAuthor.objects.filter(article_id=story.pk)
        .select_related("author__avatar")
        .order_by("position", "id")
    )
    tags, tagged = quote(Tag._meta.db_table), quote(TaggedArticle._meta.db_table)
    # In the order they were given to the story (taggit's prefetch promised none).
    story.prefetched_tags = list(
        Tag.objects.raw(
            f"SELECT t.id, t.name, t.slug FROM {tags} t JOIN {tagged} x ON x.tag_id = t.id"
            " WHERE x.content_object_id = %s ORDER BY x.id",
            [story.pk],
        )
    )
    return story
