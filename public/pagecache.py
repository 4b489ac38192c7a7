"""Whole-page cache for anonymous readers, dropped whenever published content changes.

Every cached page's key carries a content version. Publishing, updating or unpublishing
anything a page shows bumps the version (after the transaction commits; see invalidation.py
for what counts as a change), so every page is rebuilt on its next request and a purged story
can never be served from the cache.

Every cache call goes through public.cacheguard: with the cache down, pages are rendered
uncached, and a bump that could not be written is written as soon as the cache is back.
"""

import functools
import time

from django.conf import settings
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers

from .cacheguard import safe_cache

VERSION_KEY = "newsroom:content-version"
DEADLINE_KEY = "newsroom:pages-expire-at"
FRAGMENT_HEADER = "X-Show-More"


def content_version() -> str:
    version = safe_cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        safe_cache.add(VERSION_KEY, version, timeout=None)
        version = safe_cache.get(VERSION_KEY, version)
    return version


def _bump() -> None:
    # Never raises: publishing must succeed with the cache down, and the purge must still land.
    safe_cache.set_eventually(VERSION_KEY, str(time.time_ns()), timeout=None)


def purge_public_pages() -> None:
    """Drop every cached page once the current transaction commits."""
    transaction.on_commit(_bump)


def expire_pages_at(when) -> None:
    """Make sure no cached page is served after `when` (e.g. a banner's end time)."""
    deadline = when.timestamp()
    current = safe_cache.get(DEADLINE_KEY)
    if current is None or deadline < current:
        safe_cache.set(DEADLINE_KEY, deadline, timeout=None)


def _page_version() -> str:
    """The content version for this request, first dropping pages whose deadline has passed.

    One cache round trip on the common path: every anonymous page view asks.
    """
    found = safe_cache.get_many([VERSION_KEY, DEADLINE_KEY])
    deadline = found.get(DEADLINE_KEY)
    if deadline is not None and time.time() >= deadline:
        safe_cache.delete(DEADLINE_KEY)
        _bump()
        return content_version()
    return found.get(VERSION_KEY) or content_version()


def wants_fragment(request) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def public_page(view):
    """Serve anonymous GETs from the page cache; everyone else gets a fresh, private page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = request.method in ("GET", "HEAD") and not request.user.is_authenticated
        if not cacheable:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = f"page:{_page_version()}:{int(wants_fragment(request))}:{request.get_full_path()}"
        response = safe_cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code in (200, 404, 410):
                safe_cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        if wants_fragment(request):
            # The fragment shares the page's URL: a CDN that ignores Vary would serve it as the
            # page, so only our own cache (keyed apart above) may keep it.
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie", FRAGMENT_HEADER])
        return response

    return wrapper
