"""Related stories under an article: what shares its tags, then the newest of its section.

Ranking and loading are two steps: `related_story_ids` ranks a bounded candidate set in one
small SQL statement, and the article view loads those stories as cards together with the cards
its body points to (`story_cards`), in one query.
"""

from django.db import connection
from django.utils import timezone

from articles import visibility
from articles.models import Article, TaggedArticle

from .card_loading import story_cards

RELATED_LENGTH = 4
# Only the newest stories of each of the article's first tags are ranked, so the cost follows
# what the page shows, not the size of the archive: a popular tag carries thousands of stories.
TAGS_CONSIDERED = 8
NEWEST_PER_TAG = 50


def related_story_ids(article: Article, limit: int = RELATED_LENGTH) -> list[int]:
    """Ids of the stories sharing the most tags (same section first on a tie), then the newest
    of the same section, best first: one query whatever the numbers, using the prefetched tags.

    Only the newest NEWEST_PER_TAG stories of each of the first TAGS_CONSIDERED tags are
    candidates: each pool is a walk down the tag's own index of listed stories
    (`TaggedArticle.listed_at`), and the section's newest a walk down the section index. The
    pool's stories are checked against the stories table as it walks, so a stale copy of a
    story's state costs a step, never shows a story readers may not see.

    Written as SQL rather than built with the ORM: a union of up to nine ranked pools took the
    ORM longer to compile than the database to run (about half of an uncached article page)."""
    tag_ids = sorted(tag.pk for tag in article.shown_tags())
    if not tag_ids and not article.section_id:
        return []
    quote = connection.ops.quote_name
    stories, tagged = quote(Article._meta.db_table), quote(TaggedArticle._meta.db_table)
    moment = timezone.now()
    now = connection.ops.adapt_datetimefield_value(moment)
    # Readers' stories only (articles.visibility: published().stories()), the article aside.
    visible, visible_params = visibility.sql(visibility.LISTED, "a", connection, now=moment)
    visible += " AND a.id <> %s"
    visible_params = [*visible_params, article.pk]
    columns = "a.id, a.published_at, a.section_id"
    pools, params = [], []
    for tag_id in tag_ids[:TAGS_CONSIDERED]:
        # Walks the tag's listed stories newest first, checking each against the stories
        # table: a stale copy skips a row, never shows a story readers may not see.
        pools.append(
            f"SELECT {columns} FROM {tagged} t JOIN {stories} a ON a.id = t.content_object_id"
            f" WHERE t.tag_id = %s AND t.listed_at <= %s AND {visible}"
            " ORDER BY t.listed_at DESC, t.content_object_id DESC LIMIT %s"
        )
        params += [tag_id, now, *visible_params, NEWEST_PER_TAG]
    if article.section_id:
        # Ranked with the tagged stories: sharing no tag, they come after them, newest first.
        pools.append(
            f"SELECT {columns} FROM {stories} a WHERE a.section_id = %s AND {visible}"
            " ORDER BY a.published_at DESC, a.id DESC LIMIT %s"
        )
        params += [article.section_id, *visible_params, limit]
    # UNION, not UNION ALL: a story in several pools is one row. Each pool is wrapped in a
    # subquery because SQLite refuses a LIMIT directly inside a UNION.
    union = " UNION ".join(f"SELECT * FROM ({pool}) pool{n}" for n, pool in enumerate(pools))
    order = []
    if tag_ids:
        order.append(
            f"(SELECT COUNT(*) FROM {tagged} t WHERE t.content_object_id = c.id"
            f" AND t.tag_id IN ({', '.join(['%s'] * len(tag_ids))})) DESC"
        )
        params += tag_ids
    order.append("CASE WHEN c.section_id = %s THEN 1 ELSE 0 END DESC")
    params += [article.section_id, limit]
    sql = (
        f"SELECT c.id FROM ({union}) c"
        f" ORDER BY {', '.join(order)}, c.published_at DESC, c.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def related_stories(article: Article, limit: int = RELATED_LENGTH) -> list[Article]:
    """The related stories as cards, best first (two queries)."""
    ids = related_story_ids(article, limit)
    cards = story_cards(ids)
    return [cards[pk] for pk in ids if pk in cards]
