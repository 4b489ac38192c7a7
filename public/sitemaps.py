"""Sitemaps for crawlers: an index over stories, sections, tags and authors, and Google News.

URLs are absolute on SITE_URL. Every sitemap is paginated at the protocol's 50,000 URLs and
the index lists each page, with the newest change of the sitemap as its lastmod.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, OuterRef, Subquery
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from articles.models import Article, Section
from authors.models import Author

from .pagecache import public_page
from .seo import absolute_url

NEWS_WINDOW = timedelta(hours=48)
# Google News reads at most 1,000 stories per news sitemap.
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """Locations on SITE_URL rather than on whatever Host the crawler sent."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of loading every item.
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


def _newest_story(**filters):
    """Publish time of the newest published story matching filters on an outer row."""
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "significant_update_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.last_changed_at

    def get_latest_lastmod(self):
        latest = self.items().aggregate(
            published=Max("published_at"), updated=Max("significant_update_at")
        )
        return max(filter(None, latest.values()), default=None)


class SectionSitemap(SiteSitemap):
    def items(self):
        return (
            Section.objects.only("slug")
            .annotate(lastmod=_newest_story(section=OuterRef("pk")))
            .order_by("position", "id")
        )


class TagSitemap(SiteSitemap):
    """Tags with at least one published story (empty tag pages are not worth crawling)."""

    def items(self):
        return (
            Article.objects.published()
            .used_tags()
            .only("slug")
            .annotate(lastmod=_newest_story(tags=OuterRef("pk")))
            .order_by("id")
        )

    def location(self, item):
        return reverse("public:tag", kwargs={"slug": item.slug})


class AuthorSitemap(SiteSitemap):
    """Authors with at least one published story."""

    def items(self):
        return (
            Author.objects.only("slug")
            .annotate(lastmod=_newest_story(bylines__author=OuterRef("pk")))
            .filter(lastmod__isnull=False)
            .order_by("id")
        )


class NewsSitemap(ArticleSitemap):
    """Google News: stories published in the last 48 hours, with publication name and language."""

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .stories()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("title", "slug", "published_at", "significant_update_at")
            .order_by("-published_at", "-id")
        )


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def news_language() -> str:
    """The ISO 639 code Google News wants: "en" for en-gb; Chinese keeps its script."""
    code = settings.LANGUAGE_CODE.lower()
    if code in {"zh-cn", "zh-hans"}:
        return "zh-cn"
    if code in {"zh-tw", "zh-hant"}:
        return "zh-tw"
    return code.split("-")[0]


# Views. Public pages like any other: GET/HEAD only, served from the page cache.


@require_safe
@public_page(keys=("sitemap",))
def index(request):
    entries = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("public:sitemap_section", kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    response = TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    latest = max(filter(None, (entry.last_mod for entry in entries)), default=None)
    if latest:
        # Lets ConditionalGetMiddleware answer crawlers with 304 Not Modified.
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


@require_safe
@public_page(params=("p",), keys=("sitemap",))
def section(request, section):
    return sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml"
    )


@require_safe
@public_page(keys=("sitemap",))
def news(request):
    # The newest NEWS_LIMIT stories only: Google News reads no more from one sitemap.
    context = {
        "urlset": NewsSitemap().get_urls(page=1),
        "publication": settings.SITE_NAME,
        "language": news_language(),
    }
    return TemplateResponse(request, "sitemaps/news.xml", context, content_type="application/xml")


@require_safe
@public_page
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(reverse('public:sitemap'))}",
        f"Sitemap: {absolute_url(reverse('public:news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
