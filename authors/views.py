from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.views import render_listing
from newsroom.pagecache import public_page

from .models import Author


@require_safe
@public_page
def author_detail(request, slug):
    author = get_object_or_404(
        Author.objects.select_related("avatar").prefetch_related("links"), slug=slug
    )
    return render_listing(
        request,
        lambda before: Article.objects.for_listing(before).by_author(author),
        {"heading": author.name, "author": author},
        template="authors/author_detail.html",
    )
