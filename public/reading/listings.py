"""Listings: the home grid's next pages, a section's, a tag's and an author's stories, the News
Feed (its page and the rail on every page) and the stories newer than a reader's page. Each in
one language: its stories (editions), and the names of its sections, tags and authors' roles.

Newest first, twenty a page, keyset pagination on (published_at, id) (articles.pagination):
the same cost on page 1 and page 5,000. The home grid and the News Feed walk the feed index
with written-out statements (sql); sections, tags and authors ask the ORM for the same card
columns (`sql.card_values()`), as fast for one filter.
"""

from dataclasses import replace

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from taggit.models import Tag

from articles.models import Article, Section, TagName
from articles.pagination import PAGE_SIZE, Cursor, page_of
from authors import languages
from authors.models import Author, AuthorLink

from ..pagecache import in_language, shows, shows_images, shows_stories
from . import sql
from .cardstore import drawn_cards, with_loaded
from .data import AuthorBox, Link, Listing, Page, SectionLink, TagLink, other_language

NEWS_FEED_LENGTH = 12
NEWS_FEED_PAGE_SIZE = 30
LIVE_LIMIT = 20


def _cards(stories, language: str) -> list:
    """Up to a page and one of `stories` (a queryset of stories in `language`), as Cards."""
    now, language = timezone.now(), other_language(language)
    rows = stories.values_list(*sql.card_values(language))[: PAGE_SIZE + 1]
    return [sql.card(row, now, language) for row in rows]


def _page(
    cards, cursor, *, hide_section=False, share=True, also=(), variant="grid"
) -> tuple[Page, dict]:
    """A page of Cards, drawn; with `share`, its first story's picture for its social card."""
    page = page_of(cards, cursor)
    first = page.items[0].picture if share and page.items else None
    shows_stories(page.items)
    drawn, loaded = drawn_cards(
        page.items, hide_section=hide_section, also=[first, *also], variant=variant
    )
    share_picture = with_loaded(first, loaded)
    return Page(tuple(page.items), page.next_cursor, cursor is None, drawn, share_picture), loaded


def newest_listing(
    cursor: Cursor, skip: set[int], *, variant: str = "grid", language: str = ""
) -> Listing:
    """The newest stories in `language` older than `cursor`, leaving out `skip`, drawn as
    `variant`."""
    cards = sql.newest_cards(PAGE_SIZE + 1, before=cursor, skip=skip, language=language)
    page, _ = _page(cards, cursor, share=False, variant=variant)
    return Listing(heading=gettext("News Feed"), page=page)


def _stories(before: Cursor | None, language: str):
    stories = Article.objects.in_language(language).published(before).stories()
    return stories.order_by("-published_at", "-id")


def section_listing(
    slug: str, before: str | None, *, fragment: bool = False, language: str = ""
) -> Listing | None:
    """A section's stories in `language`, under its name and description in it (None for no
    such section). Raises InvalidCursor."""
    found = Section.objects.filter(slug=slug)
    found = found.values_list("id", "name", "slug", "translations", "description").first()
    if found is None:
        return None
    section = SectionLink.of(*found[:4], language)
    intro = languages.translated(found[3], language, "description", found[4])
    shows(in_language(f"section:{section.id}", language))
    cursor = Cursor.parse(before) if before is not None else None
    cards = _cards(_stories(cursor, language).in_section(section.id), language)
    page, _ = _page(cards, cursor, hide_section=True, share=not fragment)
    return Listing(heading=section.name, page=page, intro=intro, section=section)


def named_tags(tags, language: str):
    """`tags` (a Tag queryset) with `shown_name`: each one's name in `language` (its own,
    where it has none there, and in the main language)."""
    if not language or language == languages.main():
        return tags.annotate(shown_name=F("name"))
    names = TagName.objects.filter(tag=OuterRef("pk"), language=language).values("name")
    return tags.annotate(shown_name=Coalesce(Subquery(names[:1]), F("name")))


def tag_listing(
    slug: str, before: str | None, *, fragment: bool = False, language: str = ""
) -> Listing | None:
    """A tag's stories in `language`, under its name in it (None for no such tag, or one on
    no published story in it: a tag only on drafts, scheduled or embargoed stories must not
    reveal them). Raises InvalidCursor."""
    found = named_tags(Tag.objects.filter(slug=slug), language)
    found = found.values_list("id", "shown_name", "slug").first()
    if found is None:
        return None
    tag = TagLink(*found, other_language(language))
    # So that the first story published with it purges the 404 too.
    shows(in_language(f"tag:{tag.id}", language))
    cursor = Cursor.parse(before) if before is not None else None
    # The page's own query tells whether any published story has it: asking that first read
    # every story with the tag.
    cards = _cards(_stories(cursor, language).tagged(tag.id), language)
    if not cards:
        return None
    page, _ = _page(cards, cursor, share=not fragment)
    return Listing(
        heading=tag.name, page=page, kicker=pgettext("a listing's kicker", "Tag"), tag=tag
    )


AUTHOR_VALUES = (
    "id",
    "name",
    "slug",
    "role",
    "bio",
    "translations",
    *(f"avatar__{name}" for name in sql.PICTURE_FIELDS),
)


def author_box(row, language: str) -> AuthorBox:
    """The AuthorBox in `language` of a row of AUTHOR_VALUES (or of the same columns read
    with SQL)."""
    return AuthorBox.of(*row[:6], sql.picture(row[6 : 6 + sql.PICTURE_WIDTH]), language)


def author_listing(
    slug: str, before: str | None, *, fragment: bool = False, language: str = ""
) -> Listing | None:
    """An author's page in `language`: their box with links, and their stories in it.
    Raises InvalidCursor."""
    found = Author.objects.filter(slug=slug).values_list(*AUTHOR_VALUES).first()
    if found is None:
        return None
    author = author_box(found, language)
    shows(in_language(f"author:{author.id}", language), f"byline:{author.id}")
    shows_images([author.avatar and author.avatar.id])
    cursor = Cursor.parse(before) if before is not None else None
    links = AuthorLink.objects.filter(author=author.id).values_list("label", "url")
    cards = _cards(_stories(cursor, language).by_author(author.id), language)
    also = [] if fragment else [author.avatar]
    page, loaded = _page(cards, cursor, share=not fragment, also=also)
    author = replace(
        author,
        avatar=with_loaded(author.avatar, loaded),
        links=tuple(Link(*link) for link in links),
    )
    return Listing(heading=author.name, page=page, author=author)


def news_feed_page(cursor: Cursor | None, *, language: str = "") -> Page:
    """The News Feed in `language` as a page of its own, thirty lines a page."""
    lines = sql.newest_feed_lines(NEWS_FEED_PAGE_SIZE + 1, before=cursor, language=language)
    page = page_of(lines, cursor, NEWS_FEED_PAGE_SIZE)
    shows_stories(page.items)
    return Page(tuple(page.items), page.next_cursor, cursor is None)


def news_feed(limit: int = NEWS_FEED_LENGTH, *, language: str = "") -> Page:
    """The News Feed rail in `language`: the wire, the latest lines of every story in it. One
    query."""
    page = page_of(sql.newest_feed_lines(limit + 1, language=language), None, limit)
    shows(in_language("feed", language), *(f"a:{line.id}" for line in page.items))
    return Page(tuple(page.items), page.next_cursor, True)


def newer_stories(since: Cursor, *, language: str = "") -> tuple[Page, bool]:
    """The stories in `language` newer than a reader's page, newest first, as cards (at most
    LIVE_LIMIT, the oldest of them first: a burst of news is shown from where the reader left
    off), and whether there are more."""
    now = timezone.now()
    newer = (
        Article.objects.in_language(language)
        .published()
        .stories()
        .filter(since.newer_q())
        .order_by("published_at", "id")
        .values_list(*sql.card_values(language))[: LIVE_LIMIT + 1]
    )
    cards = [sql.card(row, now, other_language(language)) for row in newer]
    items = cards[:LIVE_LIMIT][::-1]
    drawn, _ = drawn_cards(items)
    return Page(tuple(items), None, True, drawn), len(cards) > LIVE_LIMIT
