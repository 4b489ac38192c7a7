"""Readers' pages in the newsroom's other languages: the same pages under the language's code.

The main language's pages keep their addresses (/news/<slug>/); another language's are the
same pages under its code (/uk/news/<slug>/, /uk/sections/<slug>/feed/). The path alone says
which language a page is in: no header or cookie changes it, so a cached page and a CDN's copy
need no `Vary: Accept-Language`.

`LanguagePrefixMiddleware` takes the code off the path (`request.path_info`) before the page
cache and the URL resolver see it, so both languages resolve with the one set of public URL
patterns, and keeps `request.path` whole, so each language's page has a cache key of its own.
It activates the language for the request (interface text) and sets `request.language`, which
views hand to the read model. Only readers' pages have a prefixed address (public.urls
`LANGUAGE_PAGES`): /uk/admin/, /uk/preview/…, /uk/sitemap.xml or /uk/healthz are 404s.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation

from authors import languages

from .memory import WorkerMemory
from .urls import LANGUAGE_PAGES, app_name

# Whether each path (without its prefix) is a reader's page: URLs map to the same views for
# the life of the process, and matching them is a tenth of a cached hit's cost.
READER_PATHS = WorkerMemory("pages: reader paths", max_items=4096)


@receiver(setting_changed)
def _forget_reader_paths(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # a test with URLs of its own
        READER_PATHS.clear()


def split(path: str) -> tuple[str, str]:
    """(language, the rest of the path) of a path under another language's prefix
    ("/uk/news/x/" → ("uk", "/news/x/"); "/uk" → ("uk", "")), else ("", path)."""
    for code in languages.others():
        if path.startswith(f"/{code}/") or path == f"/{code}":
            return code, path[len(code) + 1 :]
    return "", path


def is_reader_page(path: str) -> bool:
    """Whether `path` (a main-language address) is a page readers have in every language."""
    found = READER_PATHS.get(path)
    if found is None:
        try:
            match = resolve(path)
        except Resolver404:
            found = False
        else:
            found = match.namespace == app_name and match.url_name in LANGUAGE_PAGES
        READER_PATHS.set(path, found)
    return found


def language_of(request) -> str:
    """The language of the page `request` asks for (the main one for a request the middleware
    did not see: an error raised before it ran)."""
    return getattr(request, "language", "") or languages.main()


class LanguagePrefixMiddleware:
    """Answers /<code>/… with the page at /… in that language (see the module's docstring).

    Placed before the page cache's early hit (public.middleware.CachedPageMiddleware), which
    then finds the page by the unprefixed path's view and keys it by the whole path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language, rest = split(request.path_info)
        if not language:
            request.language = languages.main()
            return self.get_response(request)
        if not is_reader_page(rest):
            if not rest.endswith("/") and is_reader_page(f"{rest}/"):  # /uk, /uk/news/x
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
            raise Http404("No such page in this language.")
        request.language, request.path_info = language, rest
        with translation.override(language):
            return self.get_response(request)
