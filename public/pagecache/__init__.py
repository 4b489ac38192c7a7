"""Whole-page cache for anonymous readers, purged exactly: a change drops only the pages showing it.

Keys. While a page renders, the views, feeds and template tags say what it shows
(`shows("a:12", "section:3")`, collected per request in a context variable): its stories
(`a:<id>`), the listings it is (`front`, `section:<id>`, `tag:<id>`, `author:<id>`,
`sitemap`), the images (`image:<id>`) and authors' boxes (`byline:<id>`) on it, a story's
editions in other languages (`editions:<translation key>`, on each edition's page), the
languages a tag has a page in (`tag-languages:<id>`, on its pages), and the site chrome
(`nav`, `banner`). public.invalidation maps each change to the keys it touches. A
listing in another language than the main one carries that language's code (`uk:front`,
`uk:section:<id>`: keys.in_language), and so does its News Feed rail (`pc:rail:uk`).

Versions. Each key has a version token in the cache (`pc:key:<key>`). A cached page stores
the tokens of its keys as they were when it was rendered; a lookup is the entry plus one
`get_many` of its keys' tokens (two round trips), and any token that moved means stale.
A purge writes new tokens after the transaction commits, then tells a CDN the same keys
(public.purge; pages carry them in `Surrogate-Key` and `Cache-Tag`).

The News Feed rail. Every listing and article shows the rail of the newest stories, so every
publication changes every page's rail. The rail is therefore kept apart: a page's entry
holds its HTML around the rail, the rail fragment is cached once a language (`pc:rail`,
`pc:rail:uk`) with its own keys (`feed` and its stories), and a page whose only stale part is
the rail is reassembled from its entry and the fresh fragment, without calling its view
(Cache-Status `detail=rail`).
Publishing a story in World re-renders the home page, World's pages and the pages listing
the story; Culture's section page and other articles only get the new rail spliced in.
Chosen over loading the rail with JavaScript (pages must work without it) and over
composing every page from fragments on each hit (more round trips on the path that matters).

No stampede. A stale page is rebuilt by one worker, which takes a short lock
(`cache.add`); until it has stored the new copy, other readers get the stale one
(`Cache-Status: newsroom; hit; detail=stale`). Takedowns purge hard: a story taken down
is never served stale. Entries outlive their freshness (PAGE_CACHE_SECONDS) by
STALE_SECONDS so that expiry, too, costs one render.

Keys that match readers. Each view declares the query parameters it reads; the cache key
(a fixed-length hash) keeps only those, and the view sees only those, so `?fbclid=…` and
`?utm_source=…` share the canonical page.

Bytes. HTML, feeds and sitemaps are stored gzip- and Brotli-compressed beside the plain
bytes, each with its ETag, and served by Accept-Encoding with `Vary: Accept-Encoding`.
Staff pages and the desk are never compressed here (BREACH: they carry secrets).

Every cache call goes through public.cacheguard: with the cache down, pages are rendered
uncached, and a purge that could not be written is written as soon as the cache is back.

The modules: keys (what a page shows), versions (tokens, purges, deadlines), kept (values kept
under a key's token), entries (a stored page's bytes and headers), rail (the News Feed rail
kept apart), lookup (cache keys, an entry's state, storing), local (a worker's own copies),
serve (the view decorator and the early hit).
"""

from .entries import FRAGMENT_HEADER, Entry
from .kept import get_versioned, set_versioned, versioned_key
from .keys import (
    editions_key,
    in_every_language,
    in_language,
    shows,
    shows_images,
    shows_stories,
    story_keys,
    tag_languages_key,
)
from .lookup import canonical_query, page_cache_key, wants_fragment
from .rail import render_rail
from .serve import pages_kept, public_page, serve_fresh
from .versions import (
    DEADLINE_KEY,
    DEADLINE_KEYS,
    GENERATION,
    LAST_PURGE_KEY,
    expire_pages_at,
    key_version,
    purge_keys,
    purge_public_pages,
)

__all__ = [
    "DEADLINE_KEY",
    "DEADLINE_KEYS",
    "FRAGMENT_HEADER",
    "GENERATION",
    "LAST_PURGE_KEY",
    "Entry",  # stored pages were pickled under this name
    "canonical_query",
    "editions_key",
    "expire_pages_at",
    "get_versioned",
    "in_every_language",
    "in_language",
    "key_version",
    "page_cache_key",
    "pages_kept",
    "public_page",
    "purge_keys",
    "purge_public_pages",
    "render_rail",
    "serve_fresh",
    "set_versioned",
    "shows",
    "shows_images",
    "shows_stories",
    "story_keys",
    "tag_languages_key",
    "versioned_key",
    "wants_fragment",
]
