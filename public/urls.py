from django.urls import path

from . import converters, sitemaps, views  # noqa: F401 - converters registers `uslug`
from .feeds import AuthorFeed, LivePostFeed, SectionFeed, SiteFeed, TagFeed, feed_view

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", feed_view(SiteFeed), name="feed"),
    path("feed/atom/", feed_view(SiteFeed, atom=True), name="feed_atom"),
    path("news/<slug:slug>/", views.article_detail, name="article"),
    path("news/<slug:slug>/posts/", views.live_posts, name="live_posts"),
    path("news/<slug:slug>/posts/feed/", feed_view(LivePostFeed), name="live_posts_feed"),
    path("news-feed/", views.news_feed, name="news_feed"),
    path("sections/<uslug:slug>/", views.section_detail, name="section"),
    path("sections/<uslug:slug>/feed/", feed_view(SectionFeed), name="section_feed"),
    path(
        "sections/<uslug:slug>/feed/atom/",
        feed_view(SectionFeed, atom=True),
        name="section_feed_atom",
    ),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag"),
    path("tags/<uslug:slug>/feed/", feed_view(TagFeed), name="tag_feed"),
    path("tags/<uslug:slug>/feed/atom/", feed_view(TagFeed, atom=True), name="tag_feed_atom"),
    path("authors/<uslug:slug>/", views.author_detail, name="author"),
    path("authors/<uslug:slug>/feed/", feed_view(AuthorFeed), name="author_feed"),
    path(
        "authors/<uslug:slug>/feed/atom/", feed_view(AuthorFeed, atom=True), name="author_feed_atom"
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("news-sitemap.xml", sitemaps.news, name="news_sitemap"),
    path("search/", views.search, name="search"),
    path("live/", views.live, name="live"),
    path("preview/<str:token>/", views.preview, name="preview"),
]

# The pages readers have in every language, under its prefix (/uk/news/<slug>/: see
# public.prefixes). Crawlers' files and preview links have one address, the unprefixed one.
LANGUAGE_PAGES = frozenset(
    {
        "home",
        "feed",
        "feed_atom",
        "article",
        "live_posts",
        "live_posts_feed",
        "news_feed",
        "section",
        "section_feed",
        "section_feed_atom",
        "tag",
        "tag_feed",
        "tag_feed_atom",
        "author",
        "author_feed",
        "author_feed_atom",
        "search",
        "live",
    }
)
