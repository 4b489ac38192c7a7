"""The read model: everything readers' pages load, returned as frozen dataclasses (`data`).

Views choose one of these functions, a template and a status; templates, the card renderer,
the page heads (public.seo), feeds and sitemaps read what they return:

- the front page and its grid's next pages: `front_page()`, `home_grid(cursor)`;
- listings: `section_listing`, `tag_listing`, `author_listing` (slug, `?before=`),
  `search_page(text, cursor)`, the News Feed (`news_feed()`, the rail; `news_feed_page()`)
  and `newer_stories(since)` (the live News Feed's answer);
- a story: `article_page(slug)`, `preview_page(link)`, `related(…)`, a live story's
  `new_posts()` and `live_story_state()`;
- feeds and sitemaps: `feed_source()`, `feed_items()`, `live_feed()`, `sitemaps`;
- the site's chrome: `navigation()`, `banner()`.

Each takes the page's `language` (the view's `request.language`; "" is the main language):
listings, search, feeds and related stories hold that language's editions only (a listing's
filter, `ArticleQuerySet.in_language()`, not part of what readers may see), an article is
found by its slug in that language, and sections, tags and authors' roles and bios are named
in it. The stories they select follow articles.visibility, the one rule. The statements that are
not the ORM are in `sql`, the one module that runs them; cards are drawn in `cards` (one
function per variant) and kept by `cardstore`.
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
    "author_listing",
    "banner",
    "feed_items",
    "feed_source",
    "front_page",
    "home_grid",
    "live_feed",
    "live_story_state",
    "navigation",
    "new_posts",
    "newer_stories",
    "news_feed",
    "news_feed_page",
    "preview_page",
    "related",
    "search_page",
    "section_listing",
    "tag_listing",
]
