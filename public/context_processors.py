from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from media.rows import RowReader, fetch_rows

from .pagecache import get_versioned, set_versioned, shows, versioned_key

# Keyed on the `nav` key's version, so a section change is seen at once: no need to expire.
NAV_SECONDS = 24 * 60 * 60


def navigation_sections() -> list[Section]:
    """The sections in the site's navigation, cached until published content next changes."""
    shows("nav")
    name = versioned_key("nav-sections", "nav")
    sections = get_versioned(name)
    if sections is None:
        sections = _sections()
        set_versioned(name, sections, NAV_SECONDS)
    return sections


NAV_READER = RowReader(Section, ("id", "name", "slug", "position"))


def _sections() -> list[Section]:
    # Written out, as Section.objects.only(...) in the sections' order: with no shared cache
    # every page asks, and the ORM took longer to build this than the database to run it.
    db, rows = fetch_rows(
        Section,
        NAV_READER.select("s") + " ORDER BY s.position, s.name",
        [],
    )
    return [NAV_READER(row, db) for row in rows]


def site(request):
    """Site name and the navigation's sections (looked up only if a template uses them)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "LIVE_FEED_POLL_SECONDS": settings.LIVE_FEED_POLL_SECONDS,
        "nav_sections": SimpleLazyObject(navigation_sections),
    }
