"""The navigation's sections and the banner."""

from articles import visibility
from articles.models import (
    Article,
    Banner,
    Section,
)

from .door import Columns, Part, read, table

# The navigation and the banner ----------------------------------------------------------------

SECTIONS = Columns(
    Part(
        Section,
        ("id", "name", "slug", "translations", "front_page_position"),
        "s",
        raw=["translations"],
    )
)


def sections() -> list[list]:
    """(id, name, slug, translations, position of its front-page block or None) of every
    section, in the navigation's order."""

    def statement(connection):
        sql = f"SELECT {SECTIONS.sql(connection)} FROM {table(Section, connection)} s"
        return f"{sql} ORDER BY s.position, s.name", []

    return read(Section, SECTIONS, statement)


BANNERS = Columns(
    Part(Banner, ("text", "starts_at", "ends_at"), "b"), computed=["banner_story_slug"]
)


def banners(now, until, language: str) -> list[list]:
    """(text, starts_at, ends_at (None: until taken down), slug of its story if readers may
    open it) of `language`'s banners that are live now or start before `until`, newest start
    first: one statement."""

    def statement(connection):
        visible, params = visibility.sql(visibility.VISIBLE, "a", connection, now=now)
        adapt = connection.ops.adapt_datetimefield_value
        sql = (
            f"SELECT {BANNERS.sql(connection)}, CASE WHEN {visible} THEN a.slug END"
            f" FROM {table(Banner, connection)} b"
            f" LEFT JOIN {table(Article, connection)} a ON a.id = b.article_id"
            " WHERE b.language = %s AND (b.ends_at IS NULL OR b.ends_at > %s)"
            " AND b.starts_at <= %s ORDER BY b.starts_at DESC, b.id DESC"
        )
        return sql, [*params, language, adapt(now), adapt(until)]

    return read(Banner, BANNERS, statement)
