"""The breaking-news banner: which one is live now, cached until the next start or end.

Readers' pages are cached whole, so a banner's start and end are also page-cache deadlines:
the first page requested after a boundary passes drops every cached page showing the banner (see
public.pagecache.expire_pages_at), and no page outlives the banner it shows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from articles.models import Banner
from media.rows import RowReader, fetch_rows

from .pagecache import expire_pages_at, get_versioned, set_versioned, versioned_key

# Keyed on the `banner` key's version, so saving or deleting a banner (which purges every
# page showing it, see invalidation.py) also makes the next page recompute it.
CACHE_KEY = "newsroom:banner"
# Look this far ahead for the next boundary; beyond it the state is recomputed anyway.
HORIZON = timedelta(hours=1)


@dataclass(frozen=True)
class LiveBanner:
    text: str
    url: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class _State:
    banner: LiveBanner | None
    valid_until: datetime
    next_change: datetime | None  # the next start or end of a banner, if one is near


BANNER_READER = RowReader(Banner)


def _compute(now: datetime) -> _State:
    # Written out: the ORM took longer to build this than the database to run it, on every
    # uncached page. The story a live banner links to is fetched only then: most of the time
    # no banner is near.
    adapt = connection.ops.adapt_datetimefield_value
    db, rows = fetch_rows(
        Banner,
        BANNER_READER.select("b")
        + " WHERE b.ends_at > %s AND b.starts_at <= %s ORDER BY b.starts_at DESC, b.id DESC",
        [adapt(now), adapt(now + HORIZON)],
    )
    upcoming = [BANNER_READER(row, db) for row in rows]
    live = next((b for b in upcoming if b.starts_at <= now), None)
    boundaries = [t for b in upcoming for t in (b.starts_at, b.ends_at) if t > now]
    next_change = min(boundaries, default=None)
    shown = None
    if live is not None:
        url = live.article.get_absolute_url() if live.article and live.article.is_published else ""
        shown = LiveBanner(live.text, url, live.starts_at, live.ends_at)
    return _State(shown, next_change or now + HORIZON, next_change)


def current_banner(now: datetime | None = None) -> LiveBanner | None:
    """The banner readers should see now (newest start wins), at most one query per boundary."""
    now = now or timezone.now()
    name = versioned_key(CACHE_KEY, "banner")
    state = get_versioned(name)
    if state is None or state.valid_until <= now:
        state = _compute(now)
        timeout = max(1, int((state.valid_until - now).total_seconds()))
        set_versioned(name, state, timeout)
    if state.next_change is not None:
        expire_pages_at(state.next_change)
    return state.banner
