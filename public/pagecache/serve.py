"""The view decorator that serves pages from the cache, and the early hit before the views.

Staff pages and the desk are never cached or compressed here (BREACH: they carry secrets).
"""

import functools

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from ..cacheguard import safe_cache
from ..memory import WorkerMemory
from .entries import encoded, public_headers
from .keys import SITE_KEYS, Collector, collector, in_language
from .local import keep_local, local_hit
from .lookup import (
    LOCK_SECONDS,
    STALE_SECONDS,
    canonical_query,
    lookup,
    page_cache_key,
    store,
    wants_fragment,
)
from .rail import refresh_rail
from .versions import fresh_reads, generation

# Which cached page (if any) each path is, and the query parameters it reads: URLs map to the
# same views for the life of the process, and matching them was a tenth of a hit's cost.
PAGE_PATHS = WorkerMemory("pages: paths", max_items=4096)


def page_params(path: str) -> tuple[str, ...] | None:
    """The query parameters of the cached page at `path`, or None."""
    found = PAGE_PATHS.get(path)  # (params,): a path that is no page is kept as (None,)
    if found is None:
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        found = (getattr(match.func, "page_cache_params", None) if match else None,)
        PAGE_PATHS.set(path, found)
    return found[0]


@receiver(setting_changed)
def _forget_page_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # a test with URLs of its own
        PAGE_PATHS.clear()


def pages_kept() -> bool:
    """Whether rendered pages are stored: not with PAGE_CACHE_SECONDS <= 0 or a dummy cache,
    where storing (and compressing for every encoding) would be work thrown away."""
    return settings.PAGE_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def serve_fresh(request) -> HttpResponse | None:
    """A fresh cached page for this request if there is one, else None (the view decides).

    Called by public.middleware.CachedPageMiddleware for readers without a session, before
    sessions, CSRF and authentication run: a hit then costs one cache read.
    """
    if not pages_kept():
        return None
    params = page_params(request.path_info)
    if params is None:  # not a cached page
        return None
    cache_key = page_cache_key(request, canonical_query(request, params))
    entry = local_hit(cache_key)
    if entry is None:
        entry, state, _ = lookup(cache_key)
        if state != "fresh":
            return None
        keep_local(cache_key, entry)
    return entry.response(request, "hit")


def _render(view, request, args, kwargs, keys):
    """Call the view with a fresh collector: the response and what it showed (`keys`, the
    view's own, in the page's language)."""
    language = getattr(request, "language", "")
    rendering = Collector(keys={in_language(key, language) for key in keys} | set(SITE_KEYS))
    token = collector.set(rendering)
    try:
        response = fresh_reads(lambda: _call(view, request, args, kwargs))
    finally:
        collector.reset(token)
    return response, rendering


def _call(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    return response.render() if hasattr(response, "render") else response


def public_page(view=None, *, params: tuple[str, ...] = (), keys: tuple[str, ...] = ()):
    """Serve anonymous GETs from the page cache; everyone else gets a fresh, private page.

    `params`: the query parameters the view reads (all others are dropped before it runs).
    `keys`: keys every response of the view shows, beside those it records while rendering
    (as the main language's pages show them: keys.in_language).
    """
    if view is None:
        return functools.partial(public_page, params=params, keys=keys)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        query = canonical_query(request, params)
        request.GET = query
        cacheable = request.method in ("GET", "HEAD") and not request.user.is_authenticated
        if not cacheable:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        fragment = wants_fragment(request)
        if not pages_kept():  # (cards still are, if the cache is real)
            response, _ = _render(view, request, args, kwargs, keys)
            response["Cache-Status"] = "newsroom; fwd=bypass"
            return public_headers(encoded(request, response), fragment=fragment)
        cache_key = page_cache_key(request, query)
        entry, state, current = lookup(cache_key)
        if current is None and state != "fresh":
            current = generation()  # the first purge generation (or it was evicted)
        status = "hit"
        if state == "rail":
            refreshed = refresh_rail(entry, getattr(request, "language", ""))
            refreshed.generation = current
            safe_cache.set(cache_key, refreshed, settings.PAGE_CACHE_SECONDS + STALE_SECONDS)
            entry, status = refreshed, "hit; detail=rail"
        elif state == "stale" and not safe_cache.add(f"{cache_key}:lock", 1, LOCK_SECONDS):
            status = "hit; detail=stale"  # another worker is rebuilding it
        elif state != "fresh":
            lock = state == "stale"  # taken just above
            try:
                response, rendered = _render(view, request, args, kwargs, keys)
                entry = store(cache_key, response, rendered, current, fragment=fragment)
            finally:
                if lock:
                    safe_cache.delete(f"{cache_key}:lock")
            forwarded = {"miss": "miss", "stale": "stale", "hard": "stale"}[state]
            if entry is None:
                response["Cache-Status"] = f"newsroom; fwd={forwarded}"
                return public_headers(response, fragment=fragment)
            status = f"fwd={forwarded}; stored"
        return entry.response(request, status)

    wrapper.page_cache_params = params  # for serve_fresh, which runs before the view
    return wrapper
