"""Every page a reader reaches: the listings, the article, search, the live feed, preview links,
health checks and the error pages. Views choose a read-model function (public.reading), a
template and a status; the rules live in `articles` (what is published) and the read model."""

import hashlib
import sys

from django.conf import settings
from django.core import signing
from django.db.utils import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_safe

from articles import preview as preview_links
from articles.models import Article
from articles.pagination import Cursor, InvalidCursor
from operations import health

from . import reading
from .forms import SearchForm
from .pagecache import public_page, wants_fragment
from .reading.search import SearchCursor

LISTING_TEMPLATE = "public/article_list.html"
# What Django raises when the database is unreachable, restarting or cancels a slow statement.
DATABASE_DOWN = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before retrying a 503.
RETRY_AFTER_SECONDS = 30


def bad_request(request, message: str, *, first_page: str = ""):
    """The reader-facing 400 page, saying what was wrong with the address (and where to go)."""
    return render(request, "400.html", {"message": message, "first_page": first_page}, status=400)


def _first_page(request) -> str:
    """This listing (or search) without its `?before=` cursor."""
    query = request.GET.copy()
    query.pop("before", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


def _bad_cursor(request, error: InvalidCursor):
    return bad_request(request, str(error), first_page=_first_page(request))


def _listing_page(request, page, context: dict, template=LISTING_TEMPLATE, chunk=LISTING_TEMPLATE):
    """A listing page, or with the Show-more header just its next chunk of cards (the `chunk`
    partial of the template `chunk`)."""
    if not page.is_first and not page.items:
        raise Http404("No stories before that point.")
    context = {**context, "page": page}
    if wants_fragment(request):
        return render(request, f"{chunk}#chunk", context)
    return render(request, template, context)


@require_safe
@public_page(params=("before",), keys=("front",))
def home(request):
    """The front page: what editors arranged above the fold, then the newest stories."""
    context = {"heading": gettext("News Feed"), "is_home": True}
    if "before" not in request.GET:
        front = reading.front_page(language=request.language)
        return _listing_page(request, front.page, {**context, "front": front})
    try:  # a Show-more page: only the grid, without what was held above it
        cursor = Cursor.parse(request.GET["before"])
    except InvalidCursor as error:
        return _bad_cursor(request, error)
    grid = reading.home_grid(cursor, language=request.language)
    return _listing_page(request, grid.page, context)


@require_safe
@public_page(params=("before",), keys=("feed",))
def news_feed(request):
    """The News Feed rail as a page of its own: where the rail's "Show more" goes."""
    try:
        cursor = Cursor.parse(request.GET["before"]) if "before" in request.GET else None
    except InvalidCursor as error:
        return _bad_cursor(request, error)
    template = "public/news_feed.html"
    page = reading.news_feed_page(cursor, language=request.language)
    return _listing_page(request, page, {}, template, chunk=template)


def _listing(request, find, slug, template: str = LISTING_TEMPLATE):
    try:
        listing = find(
            slug,
            request.GET.get("before"),
            fragment=wants_fragment(request),
            language=request.language,
        )
    except InvalidCursor as error:
        return _bad_cursor(request, error)
    if listing is None:
        raise Http404("No such listing.")
    return _listing_page(request, listing.page, listing.context(), template)


@require_safe
@public_page(params=("before",))
def section_detail(request, slug):
    return _listing(request, reading.section_listing, slug)


@require_safe
@public_page(params=("before",))
def tag_detail(request, slug):
    return _listing(request, reading.tag_listing, slug)


@require_safe
@public_page(params=("before",))
def author_detail(request, slug):
    return _listing(request, reading.author_listing, slug, template="public/author_detail.html")


def _article(request, found, extra: dict | None = None):
    """The answer for an article page from the read model: 404, 410, a live story's next
    posts (the Show-more chunk) or the page."""
    if found is None:
        return render(request, "404.html", status=404)
    if isinstance(found, reading.Gone):
        return render(request, "public/article_gone.html", {"article": found}, status=410)
    if isinstance(found, reading.LiveParts):
        return render(request, "public/article_detail.html#posts_chunk", found.context())
    return render(request, "public/article_detail.html", {**found.context(), **(extra or {})})


def _read_article(request, read, key, **kwargs):
    """`read(key, before, chunk=…, **kwargs)`, or the answer for what it refused."""
    try:
        return read(key, request.GET.get("before"), chunk=wants_fragment(request), **kwargs), None
    except InvalidCursor as error:
        return None, bad_request(request, str(error), first_page=request.path)
    except reading.NoPostsBefore as error:
        raise Http404("No posts before that point.") from error


@require_safe
@public_page(params=("before",))  # a live story's earlier posts
def article_detail(request, slug):
    found, refused = _read_article(request, reading.article_page, slug, language=request.language)
    if refused is not None:
        return refused
    if found is None:
        raise Http404("No such story.")
    return _article(request, found)


@require_safe
@never_cache
def preview(request, token):
    """The story as readers will see it, for as long as the link lives and the desk allows.

    A taken-down story answers its 410 page to every link; a link made before the story's
    preview key changed (revoked, or taken down since) is a 404 like any unknown address.
    """
    try:
        link = preview_links.read_token(token)
    except signing.SignatureExpired:
        return render(request, "public/preview_expired.html", status=410)
    except signing.BadSignature:
        return render(request, "404.html", status=404)
    found, refused = _read_article(request, reading.preview_page, link)
    if refused is not None:
        return refused
    extra = {"is_preview": True, "preview_expires_in": preview_links.PREVIEW_MAX_AGE}
    response = _article(request, found, extra)
    if found is not None and not isinstance(found, reading.Gone):
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _live_since(request) -> Cursor | None:
    try:
        return Cursor.parse(request.GET.get("since", ""))
    except InvalidCursor:
        return None


def live_etag(request):
    """Changes only when a newer story is published (or the newest is taken down): one query."""
    since = _live_since(request)
    if since is None:
        return None
    newest = Article.objects.in_language(request.language).newest_cursor()
    return hashlib.sha256(f"{since}|{newest}".encode()).hexdigest()[:32]


@require_safe
@condition(etag_func=live_etag)
def live(request):
    """Stories newer than ?since=<cursor>, for the News Feed's "N new stories" button.

    Browsers poll it with If-None-Match, so an unchanged feed costs one indexed query and a 304.
    """
    since = _live_since(request)
    if since is None:
        return bad_request(
            request, gettext("This link to new stories is not valid: reload the page.")
        )
    page, has_more = reading.newer_stories(since, language=request.language)
    context = {
        "page": page,
        "has_more": has_more,
        "newest": Cursor.after(page.items[0]) if page.items else since,
    }
    response = render(request, "public/live.html", context)
    # Shared caches may keep it, but must ask again every time (a 304 is cheap).
    patch_cache_control(response, public=True, no_cache=True)
    return response


def live_posts_etag(request, slug):
    """Changes when a post is added, edited or deleted, or coverage starts or ends."""
    since = _live_since(request)
    if since is None:
        return None
    state = reading.live_story_state(slug, request.language)
    if state is None:
        return None
    digest = hashlib.sha256(f"{since}|{state}".encode())
    return digest.hexdigest()[:32]


@require_safe
@condition(etag_func=live_posts_etag)
def live_posts(request, slug):
    """Posts newer than ?since=<cursor> on a live story, for its "N new posts" button.

    The open page polls it with If-None-Match: no new post costs one query and a 304.
    """
    since = _live_since(request)
    if since is None:
        return bad_request(
            request, gettext("This link to new posts is not valid: reload the page.")
        )
    found = reading.new_posts(slug, since, language=request.language)
    if found is None:
        raise Http404("Not a live story.")
    response = render(request, "public/live_posts.html", found)
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
@public_page(params=("q", "before"), keys=("front",))
def search(request):
    """Ranked results for ?q=, with the same Show more as the listings (a rank-aware cursor)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form.errors["q"][0])
    text = form.cleaned_data["q"]
    try:
        cursor = SearchCursor.parse(request.GET["before"]) if "before" in request.GET else None
    except InvalidCursor as error:
        return _bad_cursor(request, error)
    context = {"form": form, "query": text, "heading": gettext("Search"), "is_search": True}
    page = reading.search_page(text, cursor, language=request.language)
    return _listing_page(request, page, context, template="public/search.html")


@require_safe
@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing, answers any Host (public.middleware)."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@never_cache
def readyz(request):
    """Readiness: the database and the cache answer, or a 503 naming each part that failed.

    `?deep` adds the scheduler's and the task worker's heartbeats (operations.health).
    """
    failed = health.problems(deep="deep" in request.GET)
    if failed:
        body = "".join(f"{line}\n" for line in failed)
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _bare_page(template: str) -> str:
    """An error page rendered without the database or context processors."""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        # Its language as the page's `lang`: "en" for any English, "uk".
        "LANGUAGE_CODE": (get_language() or "en").split("-")[0],
    }
    try:
        return loader.get_template(template).render(context)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return '<!doctype html><title>Server error</title><h1>Server error</h1><a href="/">Home</a>'


def service_unavailable(request):
    """The 503 page for a database outage (see public.middleware): retry soon, don't cache."""
    response = HttpResponse(_bare_page("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """The 500 page: the site's header and a way home, without touching the database."""
    # A database failure outside a view (in middleware) is still an outage, not a bug.
    if isinstance(sys.exception(), DATABASE_DOWN):
        return service_unavailable(request)
    return HttpResponseServerError(_bare_page("500.html"))
