"""The read model: everything readers' pages load, returned as frozen dataclasses.

Views choose one of these functions, a template and a status; templates, the card renderer,
the page heads, feeds and sitemaps read what they return. The statements that are not the
ORM are in `sql`, the one module that runs them; cards are drawn in `cards`, and kept by
`cardstore`.
"""

from .article import NoPostsBefore, article_page, preview_page
from .banner import banner
from .data import Gone, LiveParts
from .feeds import feed_items, feed_source, live_feed
from .frontpage import front_page, home_grid
from .listings import (
    author_listing,
    newer_stories,
    news_feed,
    news_feed_page,
    section_listing,
    tag_listing,
)
from .live import live_story_state, new_posts
from .navigation import navigation
from .related import related
from .search import search_page

__all__ = [
    "Gone",
    "LiveParts",
    "NoPostsBefore",
    "article_page",
    "feed_items",
    "feed_source",
    "live_feed",
    "live_story_state",
    "new_posts",
    "preview_page",
    "related",
    "author_listing",
    "banner",
    "front_page",
    "home_grid",
    "navigation",
    "news_feed",
    "news_feed_page",
    "newer_stories",
    "search_page",
    "section_listing",
    "tag_listing",
]
