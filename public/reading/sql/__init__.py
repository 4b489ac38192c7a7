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

One package, one module per kind of page data: `door` (the statement's columns and `read()`),
`pictures`, `cards` (listings, the front page, search on SQLite), `story` (an article page's
story, bylines, tags, related stories), `navigation` (sections, the banner). Callers use the
names below, as `sql.<name>`.
"""

from .cards import (
    CARD_VALUES,
    SECTION_FIELDS,
    card,
    card_values,
    cards_by_id,
    front_page_cards,
    is_live,
    newest_cards,
    newest_feed_lines,
    search_cards,
)
from .door import Columns, Part, placeholders, read, table
from .navigation import banners, sections
from .pictures import PICTURE_FIELDS, PICTURE_WIDTH, picture, pictures, pictures_by_id
from .story import (
    AUTHOR_FIELDS,
    NEWEST_PER_TAG,
    STORY_FIELDS,
    TAGS_CONSIDERED,
    bylines,
    related_ids,
    story,
    tags,
)

__all__ = [
    "AUTHOR_FIELDS",
    "CARD_VALUES",
    "NEWEST_PER_TAG",
    "PICTURE_FIELDS",
    "PICTURE_WIDTH",
    "SECTION_FIELDS",
    "STORY_FIELDS",
    "TAGS_CONSIDERED",
    "Columns",
    "Part",
    "banners",
    "bylines",
    "card",
    "card_values",
    "cards_by_id",
    "front_page_cards",
    "is_live",
    "newest_cards",
    "newest_feed_lines",
    "picture",
    "pictures",
    "pictures_by_id",
    "placeholders",
    "read",
    "related_ids",
    "search_cards",
    "sections",
    "story",
    "table",
    "tags",
]
