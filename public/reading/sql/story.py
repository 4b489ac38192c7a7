"""The story an article page shows: its row, bylines, tags and related stories."""

from django.utils import timezone
from taggit.models import Tag

from articles import visibility
from articles.models import (
    Article,
    ArticleAuthor,
    Correction,
    Section,
    TaggedArticle,
    TagName,
)
from authors import languages
from authors.models import Author
from media.models import Image

from ..data import AuthorBox, SectionLink, TagLink, other_language
from .cards import SECTION_FIELDS
from .door import Columns, Part, placeholders, read, table
from .pictures import PICTURE_FIELDS, PICTURE_WIDTH, picture

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
    "lead_image_alt",
    "seo_title",
    "seo_description",
    "canonical_url",
    "share_title",
    "share_description",
    "coverage_started_at",
    "coverage_ended_at",
    "takedown_notice",
    "preview_key",
    "language",
    "translation_key",
    "translated_from_id",
)
STORY_WIDTH = len(STORY_FIELDS)
STORY_PARTS = (
    Part(Article, STORY_FIELDS, "a"),
    Part(Section, (*SECTION_FIELDS, "translations"), "s", "page_section_", raw=["translations"]),
    Part(Image, PICTURE_FIELDS, "i", "page_lead_"),
    Part(Image, PICTURE_FIELDS, "share", "page_share_"),
)
STORY = Columns(*STORY_PARTS, computed=["has_corrections"])
# The story's other editions readers may see: an Edition's columns, in its dataclass's order.
EDITION_FIELDS = ("id", "language", "slug", "title", "translated_from_id")
STORY_AND_EDITIONS = Columns(
    *STORY_PARTS, Part(Article, EDITION_FIELDS, "e", "edition_"), computed=["has_corrections"]
)


def story(*, slug: str | None = None, pk: int | None = None, language: str = "") -> dict | None:
    """The story an article page or a preview shows, by slug in `language` or by id, whatever
    its state (the page decides what may be shown): its columns by name, with `section` (in
    the story's language), `lead_image` and `share_image` (Picture, renditions not loaded),
    `has_corrections` and, where the newsroom has more than one language, `editions`: the
    story's other editions readers may see, as rows of EDITION_FIELDS (articles.visibility).
    One statement: a row per such edition."""
    if slug is not None:
        where, where_params = (
            "a.slug = %s AND a.language = %s",
            [slug, language or languages.main()],
        )
    else:
        where, where_params = "a.id = %s", [pk]
    # One language: no edition to look for, and the statement is what it always was.
    columns = STORY_AND_EDITIONS if len(languages.codes()) > 1 else STORY
    moment = timezone.now()

    def statement(connection):
        images = table(Image, connection)
        params = []
        editions = ""
        if columns is STORY_AND_EDITIONS:
            visible, params = visibility.sql(visibility.VISIBLE, "e", connection, now=moment)
            editions = (
                f" LEFT JOIN {table(Article, connection)} e"
                f" ON e.translation_key = a.translation_key AND e.id <> a.id AND {visible}"
            )
        sql = (
            f"SELECT {columns.sql(connection)}, EXISTS (SELECT 1"
            f" FROM {table(Correction, connection)} c WHERE c.article_id = a.id)"
            f" FROM {table(Article, connection)} a"
            f" LEFT JOIN {table(Section, connection)} s ON s.id = a.section_id"
            f" LEFT JOIN {images} i ON i.id = a.lead_image_id"
            f" LEFT JOIN {images} share ON share.id = a.share_image_id"
            f"{editions} WHERE {where}"
        )
        return sql, [*params, *where_params]

    rows = read(Article, columns, statement)
    if not rows:
        return None
    row = rows[0]
    found = dict(zip(STORY_FIELDS, row, strict=False))
    at, width = STORY_WIDTH, len(SECTION_FIELDS) + 1  # and its translations
    section = row[at : at + width]
    found["section"] = SectionLink.of(*section, found["language"]) if section[0] else None
    at += width
    found["lead_image"] = picture(row[at : at + PICTURE_WIDTH])
    at += PICTURE_WIDTH
    found["share_image"] = picture(row[at : at + PICTURE_WIDTH])
    at += PICTURE_WIDTH
    found["has_corrections"] = bool(row[-1])  # SQLite answers 0 or 1
    found["editions"] = (
        [tuple(other[at : at + len(EDITION_FIELDS)]) for other in rows if other[at] is not None]
        if columns is STORY_AND_EDITIONS
        else []
    )
    return found


AUTHOR_FIELDS = ("id", "name", "slug", "role", "bio")
BYLINES = Columns(
    Part(ArticleAuthor, ("role",), "b"),
    Part(Author, (*AUTHOR_FIELDS, "translations"), "au", "byline_author_", raw=["translations"]),
    Part(Image, PICTURE_FIELDS, "av", "byline_avatar_"),
)


def bylines(story_id: int, language: str = "") -> list[tuple[str, AuthorBox]]:
    """(role, author) of the story's bylines in the editors' order, each author in `language`
    (their role and bio in it) with their avatar (renditions not loaded): one AuthorBox for an
    author's two roles."""

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
            author = AuthorBox.of(*row[1:7], picture(row[7:]), language)
            authors[row[1]] = author
        found.append((row[0], author))
    return found


TAGS = Columns(Part(Tag, ("id", "name", "slug"), "t"), computed=["tag_name_in_language"])


def tags(story_id: int, language: str = "") -> list[TagLink]:
    """The story's tags, in the order they were given to it, named in `language` (their own
    name where they have none in it)."""
    language = language or languages.main()

    def statement(connection):
        sql = (
            f"SELECT {TAGS.sql(connection)}, n.name FROM {table(Tag, connection)} t"
            f" JOIN {table(TaggedArticle, connection)} x ON x.tag_id = t.id"
            f" LEFT JOIN {table(TagName, connection)} n ON n.tag_id = t.id AND n.language = %s"
            " WHERE x.content_object_id = %s ORDER BY x.id"
        )
        return sql, [language, story_id]

    language = other_language(language)
    return [
        TagLink(pk, named or name, slug, language)
        for pk, name, slug, named in read(Tag, TAGS, statement)
    ]


# Related stories: only the newest stories of each of the story's first tags are ranked, so the
# cost follows what the page shows, not the size of the archive (a popular tag carries
# thousands of stories).
TAGS_CONSIDERED = 8
NEWEST_PER_TAG = 50
RELATED = Columns(Part(Article, ("id",), "c"))


def related_ids(
    story_id: int, tag_ids: list[int], section_id: int | None, limit: int, language: str = ""
):
    """Ids of the stories in `language` sharing the most of `tag_ids` (same section first on
    a tie), then the newest of the same section, best first: one statement whatever the
    numbers.

    Each tag's pool is a walk down the tag's own index of listed stories in the language
    (`TaggedArticle.listed_at`, `language`), the section's a walk down the section index; the
    pool's stories are checked against the stories table as it walks, so a stale copy of a
    story's state costs a step, never shows a story readers may not see.
    Written out: a union of up to nine ranked pools took the ORM longer to compile than the
    database to run."""
    tag_ids, language = sorted(tag_ids), language or languages.main()
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
            # The language is the tag row's copy: asked of the stories too, it made PostgreSQL
            # read every story in a language rather than walk the tag's few.
            pools.append(
                f"SELECT {columns} FROM {tagged} t JOIN {stories} a ON a.id = t.content_object_id"
                f" WHERE t.tag_id = %s AND t.language = %s AND t.listed_at <= %s AND {visible}"
                " ORDER BY t.listed_at DESC, t.content_object_id DESC LIMIT %s"
            )
            params += [tag_id, language, now, *visible_params, NEWEST_PER_TAG]
        if section_id:
            # Ranked with the tagged stories: sharing no tag, they come after them, newest first.
            pools.append(
                f"SELECT {columns} FROM {stories} a"
                f" WHERE a.section_id = %s AND a.language = %s AND {visible}"
                " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
            )
            params += [section_id, language, *visible_params, limit]
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
