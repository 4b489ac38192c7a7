"""Telling a CDN which pages to drop: the same keys as our own page cache (public.pagecache).

Pages carry their keys in `Surrogate-Key` (Fastly, Varnish with xkey) and `Cache-Tag`
(Cloudflare, Akamai). After a purge commits, the backend named by PURGE_BACKEND (a dotted
path to a callable taking the list of keys; none by default) is called with them. A CDN that
cannot be reached costs a log line, never the editor's publication.

Built in: `public.purge.http_purge`, an HTTP `PURGE` to each of PURGE_URLS with the keys in
`Surrogate-Key` and `xkey` headers, as Varnish (vmod xkey) and Fastly-style purgers accept.
"""

import logging
import urllib.request
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2


def backend() -> Callable[[list[str]], None] | None:
    path = getattr(settings, "PURGE_BACKEND", "")
    return import_string(path) if path else None


def send(keys: list[str]) -> None:
    """Hand the keys to the configured backend; never raises."""
    purge = backend()
    if purge is None or not keys:
        return
    try:
        purge(keys)
    except Exception:  # noqa: BLE001 - a CDN outage must not fail a publication
        logger.exception("The CDN purge of %s failed", " ".join(keys))


def http_purge(keys: list[str]) -> None:
    """`PURGE` each of PURGE_URLS with the keys; each URL's failure is logged on its own."""
    header = " ".join(keys)
    for url in settings.PURGE_URLS:
        request = urllib.request.Request(
            url, method="PURGE", headers={"Surrogate-Key": header, "xkey": header}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                response.read()
        except OSError as error:  # URLError, HTTPError, timeouts
            logger.warning("CDN purge at %s failed (%s): %s", url, type(error).__name__, header)
