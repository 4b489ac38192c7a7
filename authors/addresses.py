"""Public addresses by slug, remembered (authors is the lowest app whose rows have public
pages; articles' sections and stories use the same)."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def slug_url(name: str, slug: str) -> str:
    """`reverse(name, kwargs={"slug": slug})`, remembered: a listing asks for forty story and
    section addresses, an article for its authors' several times, and reversing one costs more
    than the rest of its card's text."""
    return _slug_url(name, slug, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


# A pure function of its arguments (the URLconf among them): no data read, nothing to forget.
@functools.lru_cache(maxsize=16384)
def _slug_url(name: str, slug: str, urlconf: str, script_prefix: str) -> str:
    return reverse(name, kwargs={"slug": slug}, urlconf=urlconf)
