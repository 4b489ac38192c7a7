"""The site's navigation: its sections, kept until a section changes; and the sections the
front page shows a block of, read with them. Each language's, with the sections' names in it."""

from ..pagecache import get_versioned, in_language, set_versioned, shows, versioned_key
from . import sql
from .data import SectionLink

# Kept under the `nav` key's version, so a section change is seen at once: no need to expire.
NAV_SECONDS = 24 * 60 * 60


def _kept(language: str) -> tuple[tuple[SectionLink, ...], tuple[SectionLink, ...]]:
    """(the navigation's sections, the front page's block sections in order) in `language`:
    one query while not kept."""
    shows("nav")
    name = versioned_key(in_language("nav-and-blocks", language), "nav")
    kept = get_versioned(name)
    if kept is None:
        rows = sql.sections()
        links = tuple(SectionLink.of(*row[:4], language) for row in rows)
        chosen = sorted((row[4], n) for n, row in enumerate(rows) if row[4] is not None)
        kept = (links, tuple(links[n] for _, n in chosen))
        set_versioned(name, kept, NAV_SECONDS)
    return kept


def navigation(language: str = "") -> tuple[SectionLink, ...]:
    """The sections in the site's navigation, in the editors' order (no query while kept)."""
    return _kept(language)[0]


def front_page_sections(language: str = "") -> tuple[SectionLink, ...]:
    """The sections the front page shows a block of, in the editors' order."""
    return _kept(language)[1]
