from django.urls import path

from articles.feeds import AuthorFeed, feed_view

from . import views

app_name = "authors"

urlpatterns = [
    path("authors/<slug:slug>/", views.author_detail, name="detail"),
    path("authors/<slug:slug>/feed/", feed_view(AuthorFeed), name="feed"),
    path("authors/<slug:slug>/feed/atom/", feed_view(AuthorFeed, atom=True), name="feed_atom"),
]
