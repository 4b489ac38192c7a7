"""Related stories under an article: what shares its tags, then the newest of its section, in
the story's language.

Ranking and loading are two steps: `related_ids` ranks a bounded candidate set in one small
statement (sql.related_ids), and the article page loads those stories as cards together with
the cards its body points to, in one query.
"""

from . import sql
from .data import Card, SectionLink

RELATED_LENGTH = 4


def related_ids(
    story_id: int, tag_ids: list[int], section: SectionLink | int | None, language: str = ""
):
    """Ids of the stories in `language` (the story's) related to one, best first (one query,
    none with no tag and no section)."""
    section_id = section.id if isinstance(section, SectionLink) else section
    return sql.related_ids(story_id, tag_ids, section_id, RELATED_LENGTH, language)


def related(
    story_id: int, tag_ids: list[int], section_id: int | None, language: str = ""
) -> list[Card]:
    """The related stories in `language` as cards, best first (two queries)."""
    ids = related_ids(story_id, tag_ids, section_id, language)
    cards = sql.cards_by_id(ids)
    return [cards[pk] for pk in ids if pk in cards]
