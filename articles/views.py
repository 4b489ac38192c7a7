import hashlib

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_safe
from taggit.models import Tag

from media.renditions import prefetch_renditions
from newsroom.pagecache import public_page, wants_fragment

from .forms import SearchForm
from .models import Article, Section
from .pagination import PAGE_SIZE, Cursor, InvalidCursor, Page, keyset_page
from .search import SearchCursor, search_page

LISTING_TEMPLATE = "articles/article_list.html"


def render_listing(request, listing, context, template=LISTING_TEMPLATE, *, lead=False):
    """A listing page, or with the Show-more header just its next chunk of cards.

    `listing(before)` gives the stories older than a cursor (see keyset_page). With `lead`, the
    first story of the first page is shown large above the grid.
    """
    try:
        cursor = Cursor.parse(request.GET["before"]) if "before" in request.GET else None
    except InvalidCursor as error:
        return render(request, "400.html", {"message": str(error)}, status=400)
    page = keyset_page(listing, cursor)
    if cursor is not None and not page.items:
        raise Http404("No stories before that point.")
    context = {**context, "page": page}
    if lead and page.is_first and page.items:
        context["lead"] = page.items[0]
    if wants_fragment(request):
        return render(request, f"{LISTING_TEMPLATE}#chunk", context)
    return render(request, template, context)


@require_safe
@public_page
def home(request):
    return render_listing(
        request,
        Article.objects.for_listing,
        {"heading": "News Feed", "is_home": True},
        lead=True,
    )


@require_safe
@public_page
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return render_listing(
        request,
        lambda before: Article.objects.for_listing(before).in_section(section),
        {"heading": section.name, "section": section, "intro": section.description},
    )


@require_safe
@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return render_listing(
        request,
        lambda before: Article.objects.for_listing(before).tagged(tag),
        {"heading": tag.name, "kicker": "Tag", "tag": tag},
    )


@require_safe
@public_page
def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.select_related("section", "lead_image")
        .with_bylines()
        .prefetch_related("tags", "corrections"),
        slug=slug,
    )
    if not article.is_published:
        if article.was_taken_down:
            return render(request, "articles/article_gone.html", {"article": article}, status=410)
        raise Http404("No such story.")
    related = article.related_stories()
    # Every image's renditions on the page (lead, avatars, related cards) in one query.
    prefetch_renditions(
        [
            article.lead_image,
            *(author.avatar for author in article.authors()),
            *(story.lead_image for story in related),
        ]
    )
    return render(request, "articles/article_detail.html", {"article": article, "related": related})


LIVE_LIMIT = 20


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
    newest = Article.objects.newest_cursor()
    return hashlib.sha256(f"{since}|{newest}".encode()).hexdigest()[:32]


@require_safe
@condition(etag_func=live_etag)
def live(request):
    """Stories newer than ?since=<cursor>, for the News Feed's "N new stories" button.

    Browsers poll it with If-None-Match, so an unchanged feed costs one indexed query and a 304.
    """
    since = _live_since(request)
    if since is None:
        return render(
            request,
            "400.html",
            {"message": "The 'since' parameter is not a valid page cursor."},
            status=400,
        )
    # Oldest first from the cursor, so a burst of news is shown from where the reader left off.
    newer = list(
        Article.objects.for_listing()
        .filter(since.newer_q())
        .order_by("published_at", "id")[: LIVE_LIMIT + 1]
    )
    items = newer[:LIVE_LIMIT][::-1]
    context = {
        "items": items,
        "has_more": len(newer) > LIVE_LIMIT,
        "newest": Cursor.after(items[0]) if items else since,
    }
    response = render(request, "articles/live.html", context)
    # Shared caches may keep it, but must ask again every time (a 304 is cheap).
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
@public_page
def search(request):
    """Ranked results for ?q=, with the same Show more as the listings (a rank-aware cursor)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "400.html", {"message": form.errors["q"][0]}, status=400)
    text = form.cleaned_data["q"]
    try:
        cursor = SearchCursor.parse(request.GET["before"]) if "before" in request.GET else None
    except InvalidCursor as error:
        return render(request, "400.html", {"message": str(error)}, status=400)
    if text:
        page = search_page(Article.objects.for_listing(), text, cursor, PAGE_SIZE)
    else:
        page = Page(items=[], next_cursor=None, is_first=True)
    if cursor is not None and not page.items:
        raise Http404("No results after that point.")
    context = {"form": form, "query": text, "page": page}
    if wants_fragment(request):
        return render(request, "articles/search.html#chunk", context)
    return render(request, "articles/search.html", context)


@require_safe
@never_cache
def healthz(request):
    """Liveness and database check for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means "unhealthy"
        return HttpResponse(
            f"database unavailable: {type(error).__name__}\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 page: the site's header and a way home, without touching the database."""
    try:
        html = loader.get_template("500.html").render(
            {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE}
        )
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        html = '<!doctype html><title>Server error</title><h1>Server error</h1><a href="/">Home</a>'
    return HttpResponseServerError(html)
