"""Sitemaps for crawlers: an index over stories, sections, tags and authors, and Google News.

URLs are absolute on SITE_URL. Every sitemap is paginated at the protocol's 50,000 URLs and
the index lists each page, with the newest change of the sitemap as its lastmod.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from authors import languages

from .pagecache import public_page
from .reading import sitemaps as sitemap_entries
from .reading.editions import is_multilingual
from .seo import absolute_url, language_tag

# Google News reads at most 1,000 stories per news sitemap.
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """Locations on SITE_URL rather than on whatever Host the crawler sent; entries from the
    read model (public.reading.sitemaps), each with its address and last change."""

    entries = staticmethod(sitemap_entries.stories)

    def items(self):
        return self.entries()

    def location(self, item):
        return item.url

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of loading every item.
        return self.items().latest()


class ArticleSitemap(SiteSitemap):
    pass


class SectionSitemap(SiteSitemap):
    entries = staticmethod(sitemap_entries.sections)


class TagSitemap(SiteSitemap):
    """Tags with at least one published story (empty tag pages are not worth crawling)."""

    entries = staticmethod(sitemap_entries.tags)


class AuthorSitemap(SiteSitemap):
    """Authors with at least one published story."""

    entries = staticmethod(sitemap_entries.authors)


class NewsSitemap(SiteSitemap):
    """Google News: stories published in the last 48 hours, with publication name and language."""

    limit = NEWS_LIMIT
    entries = staticmethod(sitemap_entries.news_stories)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def news_language(language: str = "") -> str:
    """The ISO 639 code Google News wants for an edition's language (the main one's by
    default, as LANGUAGE_CODE names it): "en" for en-gb; Chinese keeps its script."""
    code = language_tag(language or languages.main()).lower()
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
    response = sitemap_views.sitemap(
        request, SITEMAPS, section=section, template_name="sitemaps/sitemap.xml"
    )
    # Its entries name their versions in the other languages (xhtml:link).
    response.context_data["alternates"] = is_multilingual()
    return response


@require_safe
@public_page(keys=("sitemap",))
def news(request):
    # The newest NEWS_LIMIT stories only: Google News reads no more from one sitemap.
    urlset = NewsSitemap().get_urls(page=1)
    for url in urlset:  # each edition in its own language
        url["language"] = news_language(url["item"].language)
    context = {"urlset": urlset, "publication": settings.SITE_NAME}
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
