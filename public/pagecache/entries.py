"""A cached page as stored: its bytes in every encoding, their ETags and headers.

HTML, feeds and sitemaps are stored gzip- and Brotli-compressed beside the plain bytes, each
with its ETag, and served by Accept-Encoding with `Vary: Accept-Encoding`. A page whose News
Feed rail is kept apart stores the bytes before and after it (its shell).
"""

import gzip
import hashlib
import time
from dataclasses import dataclass

import brotli
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

FRAGMENT_HEADER = "X-Show-More"
COMPRESSIBLE = ("text/", "application/rss+xml", "application/atom+xml", "application/xml")
MIN_COMPRESS_BYTES = 256
# Headers that belong to one response, not to the cached page.
NOT_STORED = {"content-length", "etag", "vary", "cache-control", "set-cookie", "content-encoding"}


def accepted_encoding(request) -> str:
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


def compressible(body: bytes, content_type: str) -> bool:
    return content_type.startswith(COMPRESSIBLE) and len(body) >= MIN_COMPRESS_BYTES


# A stored page is compressed once and sent many times. A page made for one reader is
# compressed for that reader alone, where a faster level (Brotli 4: 0.15 ms for an article,
# 8% more bytes than level 6's 0.25 ms) costs less than the bytes it would save.
STORED_LEVEL, ONE_READER_LEVEL = 6, 4


def compress(body: bytes, encoding: str, level: int = STORED_LEVEL) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=level, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=level, mtime=0)


def etag(body: bytes, encoding: str) -> str:
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
        if compressible(body, content_type):
            self.bodies["gzip"] = compress(body, "gzip")
            self.bodies["br"] = compress(body, "br")
        self.etags = {name: etag(data, name) for name, data in self.bodies.items()}
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
        public_headers(response, fragment=self.fragment)
        return tuple(response.items())

    def response(self, request, status: str) -> HttpResponse:
        """The stored page for this reader's encoding, with every header a reader gets."""
        encoding = accepted_encoding(request)
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


def split_shell(body: bytes, rail: str | None) -> tuple[bytes, bytes] | None:
    if rail is None:
        return None
    before, found, after = body.partition(rail.encode())
    return (before, after) if found else None


def encoded(request, response):
    """An uncached page compressed for this reader alone."""
    encoding = accepted_encoding(request)
    if response.streaming or not compressible(response.content, response.get("Content-Type", "")):
        return response
    patch_vary_headers(response, ["Accept-Encoding"])
    if encoding != "identity":
        response.content = compress(response.content, encoding, ONE_READER_LEVEL)
        response["Content-Encoding"] = encoding
    return response


def public_headers(response, *, fragment: bool):
    if fragment:
        # The fragment shares the page's URL: a CDN that ignores Vary would serve it as the
        # page, so only our own cache (keyed apart above) may keep it.
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie", FRAGMENT_HEADER])
    return response
