"""What sitemaps list: every page readers may open (stories, standing pages, sections, tags
with a published story, authors with one), with its last change; and the stories of the last
48 hours for Google News.

Each is a sequence of SitemapEntry read a page at a time (`Entries`): Django's Sitemap counts
its items and slices them into pages of 50,000, so the whole archive is never loaded at once.

Where the newsroom has more than one language, every edition readers may see is listed with
its story's other such editions as alternates (one more query a page, whatever its size), and
each section and author page in every language, each tag page in the languages of its
stories, the others as its alternates.
"""

from datetime import timedelta

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Section
from authors import languages
from authors.addresses import in_language, slug_url
from authors.models import Author

from .data import SitemapEntry
from .editions import alternates, is_multilingual

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


def _published():
    """The editions readers may see, in the languages the newsroom publishes in (one taken off
    the list has no pages)."""
    return Article.objects.published().filter(language__in=languages.codes())


class StoryEntries(Entries):
    """Stories' entries, each with the editions of its story readers may see as alternates,
    read for a whole page in one query (only where the newsroom has more than one language)."""

    def __init__(self, stories, latest):
        # `stories` in the sitemap's order; each row ends with its translation key.
        fields = ("slug", "published_at", "significant_update_at", "language", "translation_key")
        super().__init__(stories.values_list(*fields), _story, latest)
        self.keys = stories.values("translation_key")

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        rows = list(self.queryset[index])
        editions = _editions(self.keys[index]) if is_multilingual() else {}
        return [
            self.entry(*row[:-1], alternates=alternates(editions.get(row[-1], {}))) for row in rows
        ]


def _editions(keys) -> dict:
    """{translation key: {language: address}} of the editions readers may see of the stories
    whose keys `keys` (a subquery) gives."""
    found: dict = {}
    rows = _published().filter(translation_key__in=keys)
    for key, language, slug in rows.values_list("translation_key", "language", "slug"):
        found.setdefault(key, {})[language] = slug_url("public:article", slug, language)
    return found


def _story(
    slug, published_at, significant_update_at, language, title="", alternates=()
) -> SitemapEntry:
    lastmod = max(filter(None, [published_at, significant_update_at]), default=None)
    url = slug_url("public:article", slug, language)
    return SitemapEntry(url, lastmod, title, published_at, language, alternates)


class InTheirLanguages:
    """A listing sitemap's entries in the newsroom's languages: each row a listing's address
    under every language's prefix where it has a page (with `everywhere`, all of them; else
    where a story in that language is listed: a tag's), with the newest story in that
    language as its lastmod and its other languages' pages as alternates. Read a page at a
    time like any Entries: an entry's place is its row's times the number of languages, plus
    its language's, so a page may hold fewer than the protocol's 50,000."""

    def __init__(self, rows, name: str, latest, *, everywhere: bool):
        # `rows`: (slug, lastmod in each language, in the newsroom's order).
        self.rows, self.name, self._latest = rows, name, latest
        self.everywhere = everywhere
        self.codes = languages.codes()

    def count(self) -> int:
        return self.rows.count() * len(self.codes)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self.count())
        width = len(self.codes)
        first = start // width
        found = []
        for n, (slug, *times) in enumerate(self.rows[first : -(-stop // width)], first):
            path = slug_url(self.name, slug)
            pages = {
                code: (in_language(path, code), lastmod)
                for code, lastmod in zip(self.codes, times, strict=True)
                if self.everywhere or lastmod is not None
            }
            named = alternates({code: url for code, (url, _) in pages.items()})
            for k, code in enumerate(self.codes):
                if code in pages and start <= n * width + k < stop:
                    url, lastmod = pages[code]
                    found.append(SitemapEntry(url, lastmod, alternates=named))
        return found

    def latest(self):
        return self._latest()


def _listings(rows, filters: dict, name: str, order, *, everywhere: bool = True) -> Entries:
    """A listing sitemap's entries: `rows` (sections, tags, authors) annotated with `lastmod`,
    their newest story matching `filters` (on the outer row); where the newsroom has more than
    one language, in each language (InTheirLanguages)."""
    rows = rows.order_by(*order)
    if not is_multilingual():
        return Entries(rows.values_list("slug", "lastmod"), _listing(name), _latest_of(rows))
    times = {
        f"lastmod_{n}": _newest_story(language=code, **filters)
        for n, code in enumerate(languages.codes())
    }
    found = rows.annotate(**times).values_list("slug", *times)
    return InTheirLanguages(found, name, _latest_of(rows), everywhere=everywhere)


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
    """Every page readers may open, standing pages too, newest first: every edition, each
    with its story's other editions readers may see."""
    published = _published()
    return StoryEntries(published.order_by("-published_at", "-id"), _latest_story(published))


def news_stories() -> Entries:
    """The stories of the last 48 hours (Google News), newest first, each edition with its
    language."""
    recent = _published().stories().filter(published_at__gte=timezone.now() - NEWS_WINDOW)
    rows = recent.order_by("-published_at", "-id").values_list(
        "slug", "published_at", "significant_update_at", "language", "title"
    )
    return Entries(rows, _story, _latest_story(recent))


def _listing(name: str):
    return lambda slug, lastmod: SitemapEntry(slug_url(name, slug), lastmod)


def sections() -> Entries:
    filters = {"section": OuterRef("pk")}
    rows = Section.objects.annotate(lastmod=_newest_story(**filters))
    return _listings(rows, filters, "public:section", ("position", "id"))


def tags() -> Entries:
    """Tags with at least one published story (empty tag pages are not worth crawling), each
    in the languages of its stories."""
    filters = {"tags": OuterRef("pk")}
    rows = Article.objects.published().used_tags().annotate(lastmod=_newest_story(**filters))
    return _listings(rows, filters, "public:tag", ("id",), everywhere=False)


def authors() -> Entries:
    """Authors with at least one published story."""
    filters = {"bylines__author": OuterRef("pk")}
    rows = Author.objects.annotate(lastmod=_newest_story(**filters)).filter(lastmod__isnull=False)
    return _listings(rows, filters, "public:author", ("id",))
