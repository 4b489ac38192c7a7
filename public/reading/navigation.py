"""The site's navigation: its sections, kept until a section changes."""

from ..pagecache import get_versioned, set_versioned, shows, versioned_key
from . import sql
from .data import SectionLink

# Kept under the `nav` key's version, so a section change is seen at once: no need to expire.
NAV_SECONDS = 24 * 60 * 60


def navigation() -> tuple[SectionLink, ...]:
    """The sections in the site's navigation, in the editors' order (no query while kept)."""
    shows("nav")
    name = versioned_key("nav-links", "nav")
    links = get_versioned(name)
    if links is None:
        links = tuple(SectionLink(*row) for row in sql.sections())
        set_versioned(name, links, NAV_SECONDS)
    return links
