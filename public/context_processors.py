from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .prefixes import language_of
from .reading import navigation


def site(request):
    """Site name and the navigation's sections in the page's language (looked up only if a
    template uses them)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "LIVE_FEED_POLL_SECONDS": settings.LIVE_FEED_POLL_SECONDS,
        "LIVE_POSTS_POLL_SECONDS": settings.LIVE_POSTS_POLL_SECONDS,
        "nav_sections": SimpleLazyObject(lambda: navigation(language_of(request))),
    }
