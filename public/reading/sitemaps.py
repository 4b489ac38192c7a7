"""What sitemaps list: every page readers may open (stories, standing pages, sections, tags
with a published story, authors with one), with its last change; and the stories of the last
48 hours for Google News.

Each is a sequence of SitemapEntry read a page at a time (`Entries`): Django's Sitemap counts
its items and slices them into pages of 50,000, so the whole archive is never loaded at once.
"""

from datetime import timedelta

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Section
from authors.addresses import slug_url
from authors.models import Author

from .data import SitemapEntry

NEWS_WINDOW = timedelta(hours=48)


class Entries:
    """A sitemap's entries: the rows of `queryset`, counted and sliced lazily, each made a
    SitemapEntry by `entry`."""

    def __init__(self, queryset, entry, latest):
        self.queryset, self.entry, self._latest = queryset, entry, latest

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.entry(*row) for row in self.queryset[index]]
        return self.entry(*self.queryset[index])

    def latest(self):
        """The newest change of any entry (one aggregate, not every row)."""
        return self._latest()


def _story(slug, published_at, significant_update_at, title="") -> SitemapEntry:
    lastmod = max(filter(None, [published_at, significant_update_at]), default=None)
    return SitemapEntry(slug_url("public:article", slug), lastmod, title, published_at)


def _newest_story(**filters):
    """Publish time of the newest published story matching filters on an outer row."""
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


def _latest_story(stories):
    def latest():
        found = stories.aggregate(
            published=Max("published_at"), updated=Max("significant_update_at")
        )
        return max(filter(None, found.values()), default=None)

    return latest


def _latest_of(rows):
    return lambda: rows.aggregate(latest=Max("lastmod"))["latest"]


def stories() -> Entries:
    """Every page readers may open, standing pages too, newest first."""
    published = Article.objects.published()
    rows = published.order_by("-published_at", "-id").values_list(
        "slug", "published_at", "significant_update_at"
    )
    return Entries(rows, _story, _latest_story(published))


def news_stories() -> Entries:
    """The stories of the last 48 hours (Google News), newest first."""
    recent = (
        Article.objects.published().stories().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
    )
    rows = recent.order_by("-published_at", "-id").values_list(
        "slug", "published_at", "significant_update_at", "title"
    )
    return Entries(rows, _story, _latest_story(recent))


def _listing(name: str):
    return lambda slug, lastmod: SitemapEntry(slug_url(name, slug), lastmod)


def sections() -> Entries:
    rows = Section.objects.annotate(lastmod=_newest_story(section=OuterRef("pk")))
    return Entries(
        rows.order_by("position", "id").values_list("slug", "lastmod"),
        _listing("public:section"),
        _latest_of(rows),
    )


def tags() -> Entries:
    """Tags with at least one published story (empty tag pages are not worth crawling)."""
    rows = (
        Article.objects.published().used_tags().annotate(lastmod=_newest_story(tags=OuterRef("pk")))
    )
    return Entries(
        rows.order_by("id").values_list("slug", "lastmod"), _listing("public:tag"), _latest_of(rows)
    )


def authors() -> Entries:
    """Authors with at least one published story."""
    rows = Author.objects.annotate(lastmod=_newest_story(bylines__author=OuterRef("pk"))).filter(
        lastmod__isnull=False
    )
    return Entries(
        rows.order_by("id").values_list("slug", "lastmod"),
        _listing("public:author"),
        _latest_of(rows),
    )
