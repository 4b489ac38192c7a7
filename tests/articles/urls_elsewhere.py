"""A second URLconf for the address test: the same view names at other paths."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, slug):
    return HttpResponse(slug)


public = (
    [path("elsewhere/<slug:slug>/", _page, name="article")],
    "public",
)
urlpatterns = [path("", include(public))]
