"""Whole-page cache for anonymous readers, purged exactly: a change drops only the pages showing it.

Keys. While a page renders, the views, feeds and template tags say what it shows
(`shows("a:12", "section:3")`, collected per request in a context variable): its stories
(`a:<id>`), the listings it is (`front`, `section:<id>`, `tag:<id>`, `author:<id>`,
`sitemap`), the images (`image:<id>`) and authors' boxes (`byline:<id>`) on it, and the site
chrome (`nav`, `banner`). public.invalidation maps each change to the keys it touches.

Versions. Each key has a version token in the cache (`pc:key:<key>`). A cached page stores
the tokens of its keys as they were when it was rendered; a lookup is the entry plus one
`get_many` of its keys' tokens (two round trips), and any token that moved means stale.
A purge writes new tokens after the transaction commits, then tells a CDN the same keys
(public.purge; pages carry them in `Surrogate-Key` and `Cache-Tag`).

The News Feed rail. Every listing and article shows the rail of the newest stories, so every
publication changes every page's rail. The rail is therefore kept apart: a page's entry
holds its HTML around the rail, the rail fragment is cached once (`pc:rail`) with its own
keys (`feed` and its stories), and a page whose only stale part is the rail is reassembled
from its entry and the fresh fragment, without calling its view (Cache-Status `detail=rail`).
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
"""

import functools
import gzip
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass, field

import brotli
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import replicas
from .cacheguard import safe_cache

FRAGMENT_HEADER = "X-Show-More"
DEADLINE_KEY = "pc:expire-at"
DEADLINE_KEYS = "pc:expire-keys"  # the page keys to purge when the deadline passes
# Every page shows these; `all` is what purge_public_pages() moves.
SITE_KEYS = ("all",)
# How long a stale copy may be served while one worker rebuilds the page, and how long that
# worker may take before another one tries.
STALE_SECONDS = 30
LOCK_SECONDS = 10
CACHED_STATUSES = (200, 404, 410)
COMPRESSIBLE = ("text/", "application/rss+xml", "application/atom+xml", "application/xml")
MIN_COMPRESS_BYTES = 256
# Headers that belong to one response, not to the cached page.
NOT_STORED = {"content-length", "etag", "vary", "cache-control", "set-cookie", "content-encoding"}
RAIL_KEY = "pc:rail"
GENERATION = "generation"  # moves on every purge (see Entry.generation)
RAIL_SECONDS = 60
LAST_PURGE_KEY = "pc:last-purge"
# Pages re-rendered this soon after a purge read the primary: a replica may still lag.
REPLICA_LAG_SECONDS = 5


# Collecting what a page shows -------------------------------------------------------------


@dataclass
class _Collector:
    keys: set[str] = field(default_factory=set)
    rail: str | None = None  # the rail's HTML, when the page shows it
    rail_keys: set[str] = field(default_factory=set)


_collector: ContextVar[_Collector | None] = ContextVar("page_keys", default=None)
_in_rail: ContextVar[bool] = ContextVar("in_rail", default=False)


def shows(*keys: str) -> None:
    """Record that the page being rendered shows these things (no-op outside a cached page)."""
    collector = _collector.get()
    if collector is not None:
        (collector.rail_keys if _in_rail.get() else collector.keys).update(keys)


def shows_images(ids) -> None:
    """Record the library images (by id; None for none) the page shows: `image:<id>`."""
    shows(*(f"image:{pk}" for pk in ids if pk))


def story_keys(article, *, bylines: bool = False) -> list[str]:
    """The keys of a story as a card or feed item shows it (title, image, and its authors)."""
    keys = [f"a:{article.pk}"]
    # A News Feed item loads no image (`only()`): reading the deferred id would cost a query
    # per item, for a key the item does not show.
    if article.__dict__.get("lead_image_id"):
        keys.append(f"image:{article.lead_image_id}")
    if bylines:
        keys += [f"byline:{author.pk}" for author in article.authors()]
    return keys


def shows_stories(articles, *, bylines: bool = False) -> None:
    if _collector.get() is not None:
        shows(*(key for article in articles for key in story_keys(article, bylines=bylines)))


def render_rail(render) -> str:
    """The News Feed rail (`render()` gives its HTML), kept apart in the page's entry.

    On a page being cached, the rail comes from the cache while nothing it shows has changed
    (it is the same on every page but the home page), so a page miss does not render it again.
    """
    collector = _collector.get()
    if collector is None:  # staff, previews: fresh
        return _render_in_rail(render)
    html, versions = _shared_rail(render)
    collector.rail_keys.update(versions)
    if collector.rail is None:
        collector.rail = html
    return html


def _render_in_rail(render) -> str:
    token = _in_rail.set(True)
    try:
        return render()
    finally:
        _in_rail.reset(token)


def _shared_rail(render) -> tuple[str, dict[str, str]]:
    """The cached rail and its keys' versions while they hold; else rendered and stored."""
    cached = safe_cache.get(RAIL_KEY)
    if cached is not None:
        html, versions = cached
        if _versions(versions) == versions:
            return html, versions
    collector = _Collector()
    token = _collector.set(collector)
    try:
        html = _fresh_reads(lambda: _render_in_rail(render))
    finally:
        _collector.reset(token)
    versions = _versions_for_storing(collector.rail_keys)
    # Short-lived as well as versioned: its times say "14:05" today and "Nov 27" tomorrow.
    safe_cache.set(RAIL_KEY, (html, versions), RAIL_SECONDS)
    return html, versions


# Versions and purges ----------------------------------------------------------------------


def _version_key(key: str) -> str:
    return f"pc:key:{key}"


def _new_token(*, hard: bool) -> str:
    # A hard token forbids serving pages rendered before it, even while they are rebuilt.
    return ("h" if hard else "s") + secrets.token_hex(6)


def _versions(keys) -> dict[str, str | None]:
    found = safe_cache.get_many([_version_key(key) for key in keys])
    return {key: found.get(_version_key(key)) for key in keys}


def _versions_for_storing(keys) -> dict[str, str]:
    """Current tokens of `keys`, giving the keys that have none a first token."""
    versions = _versions(keys)
    for key, token in versions.items():
        if token is None:
            token = _new_token(hard=False)
            if not safe_cache.add(_version_key(key), token, timeout=None):
                token = safe_cache.get(_version_key(key)) or token
            versions[key] = token
    return versions


def _generation() -> str:
    """The current purge generation (a new one after every purge)."""
    return _versions_for_storing([GENERATION])[GENERATION]


def _purge_now(keys, *, hard: bool) -> None:
    from . import purge  # the CDN backend, told after our own cache

    for key in sorted(set(keys)):
        # Never raises: publishing must succeed with the cache down, and the purge must land.
        safe_cache.set_eventually(_version_key(key), _new_token(hard=hard), timeout=None)
    safe_cache.set_eventually(_version_key(GENERATION), _new_token(hard=False), timeout=None)
    _local_check["at"] = 0.0  # this worker's copies are checked against it at once
    if replicas.replica_aliases():
        safe_cache.set(LAST_PURGE_KEY, time.time(), timeout=REPLICA_LAG_SECONDS * 2)
    purge.send(sorted(set(keys)))


def purge_keys(keys, *, hard: bool = False) -> None:
    """Drop the pages showing any of `keys` once the current transaction commits.

    `hard`: no reader may get a stale copy while the pages are rebuilt (a takedown).
    """
    keys = list(keys)
    if keys:
        transaction.on_commit(lambda: _purge_now(keys, hard=hard))


def purge_public_pages() -> None:
    """Drop every cached page once the current transaction commits."""
    purge_keys(SITE_KEYS, hard=True)


def expire_pages_at(when, key: str = "banner") -> None:
    """Make sure no page showing `key` is served after `when` (a banner's end, the end of a
    front-page hold).

    One deadline is kept, the earliest; when it passes, every key registered since is purged
    (a little early for the later ones: their pages render again and register their own next
    deadline).
    """
    deadline = when.timestamp()
    found = safe_cache.get_many([DEADLINE_KEY, DEADLINE_KEYS])
    keys = set(found.get(DEADLINE_KEYS) or ())
    current = found.get(DEADLINE_KEY)
    updates = {}
    if key not in keys:
        updates[DEADLINE_KEYS] = sorted(keys | {key})
    if current is None or deadline < current:
        updates[DEADLINE_KEY] = deadline
    if updates:  # most renders find theirs registered: the front page asks on every miss
        safe_cache.set_many(updates, timeout=None)


def key_version(key: str) -> str:
    """The current token of one key, for caches kept beside the pages (navigation, banner)."""
    return _versions_for_storing([key])[key]


# Values kept beside the pages under a key's token (`versioned_key`): the token names what they
# hold, so a worker also keeps its own copies, the newest LOCAL_VALUES of them, and asks the
# shared cache only for a token it has not seen (a round trip and an unpickling saved on every
# page miss). With no shared cache every token is new, so nothing is kept.
LOCAL_VALUES = 64
_local_values: "OrderedDict[str, object]" = OrderedDict()
_local_values_lock = threading.Lock()


def versioned_key(prefix: str, key: str) -> str:
    """`prefix` under the current token of `key`: a new name whenever `key` is purged."""
    return f"{prefix}:{key_version(key)}"


def get_versioned(name: str):
    """The value stored under a `versioned_key` name: this worker's copy, else the cache's."""
    with _local_values_lock:
        if name in _local_values:
            return _local_values[name]
    value = safe_cache.get(name)
    if value is not None:
        _keep_value(name, value)
    return value


def set_versioned(name: str, value, timeout: int) -> None:
    safe_cache.set(name, value, timeout)
    _keep_value(name, value)


def _keep_value(name: str, value) -> None:
    with _local_values_lock:
        _local_values[name] = value
        while len(_local_values) > LOCAL_VALUES:
            _local_values.popitem(last=False)


def forget_local_values() -> None:
    with _local_values_lock:
        _local_values.clear()


# Cache keys that match readers ------------------------------------------------------------


def wants_fragment(request) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def canonical_query(request, params: tuple[str, ...]) -> QueryDict:
    """The request's query string with only the parameters the view reads, in a fixed order."""
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name)[:1])
    kept._mutable = False
    return kept


def page_cache_key(request, query: QueryDict) -> str:
    identity = f"{request.path}?{query.urlencode()}|{int(wants_fragment(request))}"
    return "pc:page:" + hashlib.sha256(identity.encode()).hexdigest()[:32]


# Stored pages -----------------------------------------------------------------------------


def _accepted_encoding(request) -> str:
    offered = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    for encoding in ("br", "gzip"):
        if offered.get(encoding, 0) > 0:
            return encoding
    return "identity"


def _compressible(body: bytes, content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE) and len(body) >= MIN_COMPRESS_BYTES


# A stored page is compressed once and sent many times. A page made for one reader is
# compressed for that reader alone, where a faster level (Brotli 4: 0.15 ms for an article,
# 8% more bytes than level 6's 0.25 ms) costs less than the bytes it would save.
STORED_LEVEL, ONE_READER_LEVEL = 6, 4


def _compress(body: bytes, encoding: str, level: int = STORED_LEVEL) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=level, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=level, mtime=0)


def _etag(body: bytes, encoding: str) -> str:
    return f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}-{encoding[:2]}"'


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    versions: dict[str, str]  # tokens of the page's own keys when it was rendered
    rail_versions: dict[str, str]  # tokens of the rail's keys, if the page shows the rail
    shell: tuple[bytes, bytes] | None  # the page's bytes before and after the rail
    bodies: dict[str, bytes]  # identity, gzip, br
    etags: dict[str, str]
    fresh_until: float
    # The purge generation it was rendered in: while no purge has happened since, it is fresh
    # without reading each key's token (one cache read per hit instead of two).
    generation: str | None = None
    fragment: bool = False  # a Show-more chunk (its own key; private headers)
    # The response headers for each encoding, worked out when stored: a hit only copies them.
    # (None in entries stored before this field existed: worked out on each hit then.)
    ready: dict[str, tuple[tuple[str, str], ...]] | None = None

    @property
    def keys(self) -> list[str]:
        return sorted({*self.versions, *self.rail_versions})

    @property
    def size(self) -> int:
        return sum(len(body) for body in self.bodies.values())

    @classmethod
    def build(cls, response, versions, rail_versions, shell, *, fragment: bool) -> "Entry":
        body = response.content
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        entry = cls(
            response.status_code,
            headers,
            versions,
            rail_versions,
            shell,
            {},
            {},
            time.time() + settings.PAGE_CACHE_SECONDS,
            fragment=fragment,
        )
        entry.set_body(body, response.get("Content-Type", ""))
        return entry

    def set_body(self, body: bytes, content_type: str) -> None:
        self.bodies = {"identity": body}
        if _compressible(body, content_type):
            self.bodies["gzip"] = _compress(body, "gzip")
            self.bodies["br"] = _compress(body, "br")
        self.etags = {name: _etag(data, name) for name, data in self.bodies.items()}
        self.ready = {name: self._headers_for(name) for name in self.bodies}

    def with_rail(self, rail_html: str, rail_versions: dict[str, str]) -> "Entry":
        before, after = self.shell
        entry = Entry(
            self.status,
            self.headers,
            self.versions,
            rail_versions,
            self.shell,
            {},
            {},
            self.fresh_until,
            fragment=self.fragment,
        )
        entry.set_body(before + rail_html.encode() + after, dict(self.headers)["Content-Type"])
        return entry

    def _headers_for(self, encoding: str) -> tuple[tuple[str, str], ...]:
        response = HttpResponse(status=self.status)
        for name, value in self.headers:
            response[name] = value
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        if "gzip" in self.bodies:
            patch_vary_headers(response, ["Accept-Encoding"])
        response["ETag"] = self.etags[encoding]
        _key_headers(response, self.keys)
        _public_headers(response, fragment=self.fragment)
        return tuple(response.items())

    def response(self, request, status: str) -> HttpResponse:
        """The stored page for this reader's encoding, with every header a reader gets."""
        encoding = _accepted_encoding(request)
        if encoding not in self.bodies:
            encoding = "identity"
        response = HttpResponse(self.bodies[encoding], status=self.status)
        ready = self.ready[encoding] if self.ready else self._headers_for(encoding)
        for name, value in ready:
            response[name] = value
        response["Cache-Status"] = f"newsroom; {status}"
        return response


def _key_headers(response, keys) -> None:
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)


def _split_shell(body: bytes, rail: str | None) -> tuple[bytes, bytes] | None:
    if rail is None:
        return None
    before, found, after = body.partition(rail.encode())
    return (before, after) if found else None


# The view decorator -----------------------------------------------------------------------


def _just_purged() -> bool:
    if not replicas.replica_aliases():
        return False
    purged_at = safe_cache.get(LAST_PURGE_KEY)
    return purged_at is not None and time.time() - purged_at < REPLICA_LAG_SECONDS


def _fresh_reads(render):
    """`render()`, reading the primary if a purge was just made (a replica may still lag)."""
    if _just_purged():
        with replicas.primary_reads():
            return render()
    return render()


def _render(view, request, args, kwargs, keys):
    """Call the view with a fresh collector: the response and what it showed."""
    collector = _Collector(keys=set(keys) | set(SITE_KEYS))
    token = _collector.set(collector)
    try:
        response = _fresh_reads(lambda: _call(view, request, args, kwargs))
    finally:
        _collector.reset(token)
    return response, collector


def _call(view, request, args, kwargs):
    response = view(request, *args, **kwargs)
    return response.render() if hasattr(response, "render") else response


def _store(cache_key, response, collector, generation: str, *, fragment: bool) -> Entry | None:
    if response.status_code not in CACHED_STATUSES or response.streaming:
        return None
    shell = _split_shell(response.content, collector.rail)
    if shell is None:
        collector.keys |= collector.rail_keys
        collector.rail_keys = set()
    versions = _versions_for_storing(collector.keys)
    rail_versions = _versions_for_storing(collector.rail_keys) if collector.rail_keys else {}
    entry = Entry.build(response, versions, rail_versions, shell, fragment=fragment)
    entry.generation = generation
    safe_cache.set(cache_key, entry, settings.PAGE_CACHE_SECONDS + STALE_SECONDS)
    return entry


def _restamp(cache_key: str, entry: Entry, generation: str | None) -> None:
    """Mark an entry found fresh key by key as fresh in this generation, for its next hits."""
    remaining = int(entry.fresh_until + STALE_SECONDS - time.time())
    if generation is not None and remaining > 0:
        entry.generation = generation
        safe_cache.set(cache_key, entry, remaining)


def _deadline_passed(found: dict) -> bool:
    deadline = found.get(DEADLINE_KEY)
    return deadline is not None and time.time() >= deadline


def _expire_deadline() -> None:
    keys = safe_cache.get(DEADLINE_KEYS) or ["banner"]
    safe_cache.delete_many([DEADLINE_KEY, DEADLINE_KEYS])
    _purge_now(list(keys), hard=True)


def _refresh_rail(entry: Entry) -> Entry:
    """The entry with today's rail spliced in."""
    from .templatetags.newsroom import news_feed_html  # the rail's one renderer

    html, versions = _shared_rail(news_feed_html)
    return entry.with_rail(html, versions)


def _lookup(cache_key: str) -> tuple[Entry | None, str, str | None]:
    """The stored entry, its state (fresh, rail: only the rail is stale, stale, hard, miss)
    and the purge generation read with it, which a page rendered now is stored under."""
    generation_key = _version_key(GENERATION)
    found = safe_cache.get_many([cache_key, DEADLINE_KEY, generation_key])
    entry, generation = found.get(cache_key), found.get(generation_key)
    if not isinstance(entry, Entry):
        return None, "miss", generation
    if _deadline_passed(found):
        _expire_deadline()
        return _lookup(cache_key)
    in_time = time.time() <= entry.fresh_until
    if in_time and entry.generation is not None and entry.generation == generation:
        return entry, "fresh", generation  # nothing was purged since it was rendered
    found = safe_cache.get_many([_version_key(k) for k in entry.keys])
    state = "fresh"
    if any(found.get(_version_key(k)) != token for k, token in entry.rail_versions.items()):
        state = "rail"  # the rail is spliced in fresh, never served stale
    for key, token in entry.versions.items():
        current = found.get(_version_key(key))
        if current != token:
            if current is not None and current.startswith("h"):
                return entry, "hard", generation
            state = "stale"
    if state == "fresh" and not in_time:
        state = "stale"
    if state == "fresh":
        _restamp(cache_key, entry, generation)  # the purges since did not touch it
    return entry, state, generation


@functools.lru_cache(maxsize=4096)
def _page_params(path: str) -> tuple[str, ...] | None:
    """The query parameters of the cached page at `path`, or None. URLs map to the same views
    for the life of the process, and matching them was a tenth of a hit's cost."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


@receiver(setting_changed)
def _forget_page_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # a test with URLs of its own
        _page_params.cache_clear()


def pages_kept() -> bool:
    """Whether rendered pages are stored: not with PAGE_CACHE_SECONDS <= 0 or a dummy cache,
    where storing (and compressing for every encoding) would be work thrown away."""
    return settings.PAGE_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def _encoded(request, response):
    """An uncached page compressed for this reader alone."""
    encoding = _accepted_encoding(request)
    if response.streaming or not _compressible(response.content, response.get("Content-Type", "")):
        return response
    patch_vary_headers(response, ["Accept-Encoding"])
    if encoding != "identity":
        response.content = _compress(response.content, encoding, ONE_READER_LEVEL)
        response["Content-Encoding"] = encoding
    return response


# A worker's own copies of the pages it served lately -------------------------------------
#
# A hit from the shared cache is a network round trip carrying the whole page in three
# encodings. A worker also keeps the pages it served in memory (LOCAL_BYTES at most), and
# serves its copy while the purge generation it last read from the shared cache still holds;
# it reads that again at most every PAGE_CACHE_LOCAL_SECONDS. So a purge made by another
# process reaches this worker's copies within that time (half a second by default; CDNs keep
# pages for PUBLIC_MAX_AGE anyway), and a purge made by this process at once.

LOCAL_BYTES = 16 * 1024 * 1024
_local_pages: "OrderedDict[str, Entry]" = OrderedDict()
_local_size = {"bytes": 0}
_local_check = {"at": 0.0, "generation": None, "deadline": None}
_local_lock = threading.Lock()


def forget_local_pages() -> None:
    with _local_lock:
        _local_pages.clear()
        _local_size["bytes"] = 0
        _local_check["at"] = 0.0


def _local_hit(cache_key: str) -> Entry | None:
    seconds = settings.PAGE_CACHE_LOCAL_SECONDS
    if seconds <= 0:
        return None
    entry = _local_pages.get(cache_key)
    if entry is None:
        return None
    now = time.time()
    if now - _local_check["at"] >= seconds:
        # Read outside the lock: other threads keep serving while this one waits for Redis.
        generation_key = _version_key(GENERATION)
        found = safe_cache.get_many([generation_key, DEADLINE_KEY])
        _local_check.update(
            at=now, generation=found.get(generation_key), deadline=found.get(DEADLINE_KEY)
        )
    deadline = _local_check["deadline"]
    if (
        entry.generation is None
        or entry.generation != _local_check["generation"]
        or now > entry.fresh_until
        or (deadline is not None and now >= deadline)
    ):
        return None  # the shared cache decides
    with _local_lock:
        if cache_key in _local_pages:
            _local_pages.move_to_end(cache_key)
    return entry


def _keep_local(cache_key: str, entry: Entry) -> None:
    if settings.PAGE_CACHE_LOCAL_SECONDS <= 0 or entry.generation is None:
        return
    with _local_lock:
        old = _local_pages.pop(cache_key, None)
        if old is not None:
            _local_size["bytes"] -= old.size
        _local_pages[cache_key] = entry
        _local_size["bytes"] += entry.size
        while _local_size["bytes"] > LOCAL_BYTES and _local_pages:
            _, dropped = _local_pages.popitem(last=False)
            _local_size["bytes"] -= dropped.size


def serve_fresh(request) -> HttpResponse | None:
    """A fresh cached page for this request if there is one, else None (the view decides).

    Called by public.middleware.CachedPageMiddleware for readers without a session, before
    sessions, CSRF and authentication run: a hit then costs one cache read.
    """
    if not pages_kept():
        return None
    params = _page_params(request.path_info)
    if params is None:  # not a cached page
        return None
    cache_key = page_cache_key(request, canonical_query(request, params))
    entry = _local_hit(cache_key)
    if entry is None:
        entry, state, _ = _lookup(cache_key)
        if state != "fresh":
            return None
        _keep_local(cache_key, entry)
    return entry.response(request, "hit")


def public_page(view=None, *, params: tuple[str, ...] = (), keys: tuple[str, ...] = ()):
    """Serve anonymous GETs from the page cache; everyone else gets a fresh, private page.

    `params`: the query parameters the view reads (all others are dropped before it runs).
    `keys`: keys every response of the view shows, beside those it records while rendering.
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
        if not pages_kept():  # (cards still are, if the cache is real)
            response, _ = _render(view, request, args, kwargs, keys)
            response["Cache-Status"] = "newsroom; fwd=bypass"
            return _public_headers(_encoded(request, response), fragment=wants_fragment(request))
        cache_key = page_cache_key(request, query)
        entry, state, generation = _lookup(cache_key)
        if generation is None and state != "fresh":
            generation = _generation()  # the first purge generation (or it was evicted)
        status = "hit"
        if state == "rail":
            refreshed = _refresh_rail(entry)
            refreshed.generation = generation
            safe_cache.set(cache_key, refreshed, settings.PAGE_CACHE_SECONDS + STALE_SECONDS)
            entry, status = refreshed, "hit; detail=rail"
        elif state == "stale" and not safe_cache.add(f"{cache_key}:lock", 1, LOCK_SECONDS):
            status = "hit; detail=stale"  # another worker is rebuilding it
        elif state != "fresh":
            lock = state == "stale"  # taken just above
            try:
                response, collector = _render(view, request, args, kwargs, keys)
                entry = _store(
                    cache_key, response, collector, generation, fragment=wants_fragment(request)
                )
            finally:
                if lock:
                    safe_cache.delete(f"{cache_key}:lock")
            forwarded = {"miss": "miss", "stale": "stale", "hard": "stale"}[state]
            if entry is None:
                response["Cache-Status"] = f"newsroom; fwd={forwarded}"
                return _public_headers(response, fragment=wants_fragment(request))
            status = f"fwd={forwarded}; stored"
        return entry.response(request, status)

    wrapper.page_cache_params = params  # for serve_fresh, which runs before the view
    return wrapper


def _public_headers(response, *, fragment: bool):
    if fragment:
        # The fragment shares the page's URL: a CDN that ignores Vary would serve it as the
        # page, so only our own cache (keyed apart above) may keep it.
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie", FRAGMENT_HEADER])
    return response
