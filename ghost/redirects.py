"""Permanent redirects from Ghost's URL shapes to ours, so an imported archive keeps its links.

Ghost serves posts at /<slug>/ (and /<slug>/amp/), tags at /tag/<slug>/, authors at
/author/<slug>/ and its feed at /rss/. A redirect is sent only for something readers may see
here (a published() story, a tag on one), so these patterns never confirm that a draft, a
scheduled or an embargoed story exists, and turn anything else into a 404.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from articles.models import Article
from authors import languages
from authors.models import Author
from public import converters  # noqa: F401 - registers the `uslug` path converter


@require_safe
def post(request, slug):
    # Only what readers may see: a draft's, a scheduled or an embargoed story's slug is never
    # confirmed by a redirect.
    # The Ghost site we replaced was in the main language (a second language's Ghost site had
    # its own address, whose links are not ours to answer).
    found = Article.objects.published().filter(slug=slug, language=languages.main())
    article = found.only("slug", "language").first()
    if article is None:
        raise Http404("No such story.")
    return HttpResponsePermanentRedirect(article.get_absolute_url())


@require_safe
def tag(request, slug, feed=False):
    found = get_object_or_404(Article.objects.published().used_tags().only("slug"), slug=slug)
    name = "public:tag_feed" if feed else "public:tag"
    return HttpResponsePermanentRedirect(reverse(name, kwargs={"slug": found.slug}))


@require_safe
def author(request, slug, feed=False):
    found = get_object_or_404(Author.objects.only("slug"), slug=slug)
    name = "public:author_feed" if feed else "public:author"
    return HttpResponsePermanentRedirect(reverse(name, kwargs={"slug": found.slug}))


@require_safe
def feed(request):
    return HttpResponsePermanentRedirect(reverse("public:feed"))


# Included last in newsroom/urls.py: `<slug>/` would otherwise shadow later one-level paths.
urlpatterns = [
    path("rss/", feed, name="ghost-rss"),
    path("tag/<uslug:slug>/", tag, name="ghost-tag"),
    path("tag/<uslug:slug>/rss/", tag, {"feed": True}, name="ghost-tag-rss"),
    path("author/<uslug:slug>/", author, name="ghost-author"),
    path("author/<uslug:slug>/rss/", author, {"feed": True}, name="ghost-author-rss"),
    path("<slug:slug>/amp/", post, name="ghost-amp"),
    path("<slug:slug>/", post, name="ghost-post"),
]
