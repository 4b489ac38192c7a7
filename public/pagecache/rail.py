"""The News Feed rail, kept apart from the pages that show it.

Every listing and article shows the rail of the newest stories, so every publication changes
every page's rail. A page's entry holds its HTML around the rail; the rail fragment is cached
once per language (`pc:rail`, `pc:rail:uk`) with its own keys (`feed` and its stories), and a
page whose only stale part is the rail is reassembled from its entry and the fresh fragment,
without calling its view.
"""

from authors import languages

from ..cacheguard import safe_cache
from .entries import Entry
from .keys import Collector, collector, in_rail
from .versions import fresh_reads, versions, versions_for_storing

RAIL_KEY = "pc:rail"
RAIL_SECONDS = 60


def render_rail(render, language: str = "") -> str:
    """The News Feed rail in `language` (`render()` gives its HTML), kept apart in the page's
    entry.

    On a page being cached, the rail comes from the cache while nothing it shows has changed
    (it is the same on every page of a language), so a page miss does not render it again.
    """
    found = collector.get()
    if found is None:  # staff, previews: fresh
        return _render_in_rail(render)
    html, rail_versions = _shared_rail(render, language)
    found.rail_keys.update(rail_versions)
    if found.rail is None:
        found.rail = html
    return html


def _render_in_rail(render) -> str:
    token = in_rail.set(True)
    try:
        return render()
    finally:
        in_rail.reset(token)


def _shared_rail(render, language: str) -> tuple[str, dict[str, str]]:
    """The cached rail and its keys' versions while they hold; else rendered and stored."""
    name = rail_key(language)
    cached = safe_cache.get(name)
    if cached is not None:
        html, rail_versions = cached
        if versions(rail_versions) == rail_versions:
            return html, rail_versions
    rendering = Collector()
    token = collector.set(rendering)
    try:
        html = fresh_reads(lambda: _render_in_rail(render))
    finally:
        collector.reset(token)
    rail_versions = versions_for_storing(rendering.rail_keys)
    # Short-lived as well as versioned: its times say "14:05" today and "Nov 27" tomorrow.
    safe_cache.set(name, (html, rail_versions), RAIL_SECONDS)
    return html, rail_versions


def rail_key(language: str) -> str:
    """Where the rail of `language`'s pages is cached (`pc:rail`, `pc:rail:uk`)."""
    main = not language or language == languages.main()
    return RAIL_KEY if main else f"{RAIL_KEY}:{language}"


def refresh_rail(entry: Entry, language: str = "") -> Entry:
    """The entry with today's rail in `language` spliced in."""
    from ..templatetags.newsroom import news_feed_html  # the rail's one renderer

    html, rail_versions = _shared_rail(lambda: news_feed_html(language=language), language)
    return entry.with_rail(html, rail_versions)
