"""Public addresses by slug, remembered (authors is the lowest app whose rows have public
pages; articles' sections and stories use the same)."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from . import languages


def slug_url(name: str, slug: str, language: str = "") -> str:
    """`reverse(name, kwargs={"slug": slug})` in `language` (the main one when empty: no
    prefix), remembered: a listing asks for forty story and section addresses, an article for
    its authors' several times, and reversing one costs more than the rest of its card's text."""
    path = _slug_url(name, slug, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return in_language(path, language) if language else path


def in_language(path: str, language: str) -> str:
    """A main-language address `path` as the same page's address in `language`."""
    prefix = languages.prefix(language)
    if not prefix:
        return path
    script = get_script_prefix()
    return f"{script}{prefix[1:]}/{path[len(script) :]}"


# A pure function of its arguments (the URLconf among them): no data read, nothing to forget.
@functools.lru_cache(maxsize=16384)
def _slug_url(name: str, slug: str, urlconf: str, script_prefix: str) -> str:
    return reverse(name, kwargs={"slug": slug}, urlconf=urlconf)
