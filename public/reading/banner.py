"""The breaking-news banner: which one is live now on a language's pages, kept until the next
start or end.

Readers' pages are cached whole, so a banner's start and end are also page-cache deadlines:
the first page requested after a boundary passes drops every cached page showing the banner
(see public.pagecache.expire_pages_at), and no page outlives the banner it shows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from authors import languages
from authors.addresses import slug_url

from ..pagecache import expire_pages_at, get_versioned, set_versioned, shows, versioned_key
from . import sql
from .data import LiveBanner

# Kept under the `banner` key's version, so saving or deleting a banner (which purges every
# page showing it, see public.invalidation) also makes the next page work it out again.
CACHE_KEY = "newsroom:banner-state"
# Look this far ahead for the next boundary; beyond it the state is worked out again anyway.
HORIZON = timedelta(hours=1)


@dataclass(frozen=True)
class BannerState:
    banner: LiveBanner | None
    valid_until: datetime
    next_change: datetime | None  # the next start or end of a banner, if one is near


def _state(now: datetime, language: str) -> BannerState:
    # One statement, with the slug of a live banner's story if readers may open it: most of
    # the time no banner is near.
    upcoming = sql.banners(now, now + HORIZON, language)
    live = next((row for row in upcoming if row[1] <= now), None)
    boundaries = [t for row in upcoming for t in (row[1], row[2]) if t is not None and t > now]
    next_change = min(boundaries, default=None)
    shown = None
    if live is not None:
        text, starts_at, ends_at, slug = live
        url = slug_url("public:article", slug, language) if slug else ""
        shown = LiveBanner(text, url, starts_at, ends_at)
    return BannerState(shown, next_change or now + HORIZON, next_change)


def banner(now: datetime | None = None, *, language: str | None = None) -> LiveBanner | None:
    """The banner readers of `language`'s pages (the main one when None) should see now
    (newest start wins), at most one query per boundary."""
    shows("banner")
    now = now or timezone.now()
    language = language or languages.main()
    name = versioned_key(f"{CACHE_KEY}:{language}", "banner")
    state = get_versioned(name)
    if state is None or state.valid_until <= now:
        state = _state(now, language)
        timeout = max(1, int((state.valid_until - now).total_seconds()))
        set_versioned(name, state, timeout)
    if state.next_change is not None:
        expire_pages_at(state.next_change)
    return state.banner
