"""The newsroom's content and its process, one module per part: taxonomy (sections, tags),
stories (articles, bylines), desk (history, corrections, the banner, preferences, working
copies, comments), live (posts), pictures (a body's library pictures), front_page (slots) and
editions (when a translation is stale).

Imported in this order, which is the order the models are registered in (and so the order
the backup, the admin and the media library's "Used by" meet them).
"""

# isort: off
from .fields import desk_user, new_preview_key
from .taxonomy import Section, TaggedArticle, TaggedArticleQuerySet, TagName
from .stories import (
    EXCERPT_LENGTH,
    Article,
    ArticleAuthor,
    ArticleQuerySet,
    relist_added_tags,
)
from .editions import SOURCE_TEXT, EditionQuerySet
from .desk import (
    ArticleRevision,
    Banner,
    Correction,
    DeskComment,
    NotificationPreference,
    WorkflowEvent,
    WorkingCopy,
)
from .live import LIVE_TEXT_LIMIT, LivePost, LivePostQuerySet, LivePostRevision
from .pictures import ArticlePicture, ArticlePictureQuerySet, body_pictures, picture_rows
from .front_page import FrontPageSlot, FrontPageSlotQuerySet
# isort: on

__all__ = [
    "EXCERPT_LENGTH",
    "LIVE_TEXT_LIMIT",
    "SOURCE_TEXT",
    "Article",
    "ArticleAuthor",
    "ArticlePicture",
    "ArticlePictureQuerySet",
    "ArticleQuerySet",
    "ArticleRevision",
    "Banner",
    "Correction",
    "DeskComment",
    "EditionQuerySet",
    "FrontPageSlot",
    "FrontPageSlotQuerySet",
    "LivePost",
    "LivePostQuerySet",
    "LivePostRevision",
    "NotificationPreference",
    "Section",
    "TagName",
    "TaggedArticle",
    "TaggedArticleQuerySet",
    "WorkflowEvent",
    "WorkingCopy",
    "body_pictures",
    "desk_user",
    "new_preview_key",
    "picture_rows",
    "relist_added_tags",
]
