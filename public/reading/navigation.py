"""The site's navigation: its sections, kept until a section changes; and the sections the
front page shows a block of, read with them."""

from ..pagecache import get_versioned, set_versioned, shows, versioned_key
from . import sql
from .data import SectionLink

# Kept under the `nav` key's version, so a section change is seen at once: no need to expire.
NAV_SECONDS = 24 * 60 * 60


def _kept() -> tuple[tuple[SectionLink, ...], tuple[SectionLink, ...]]:
    """(the navigation's sections, the front page's block sections in order): one query
    while not kept."""
    shows("nav")
    name = versioned_key("nav-and-blocks", "nav")
    kept = get_versioned(name)
    if kept is None:
        rows = sql.sections()
        links = tuple(SectionLink(*row[:3]) for row in rows)
        chosen = sorted((row[3], n) for n, row in enumerate(rows) if row[3] is not None)
        kept = (links, tuple(links[n] for _, n in chosen))
        set_versioned(name, kept, NAV_SECONDS)
    return kept


def navigation() -> tuple[SectionLink, ...]:
    """The sections in the site's navigation, in the editors' order (no query while kept)."""
    return _kept()[0]


def front_page_sections() -> tuple[SectionLink, ...]:
    """The sections the front page shows a block of, in the editors' order."""
    return _kept()[1]
