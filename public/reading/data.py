"""What readers' pages show, as frozen dataclasses: the read model's answers.

Templates, the card renderer, the page heads (public.seo), feeds and sitemaps read these;
none of them is a model instance, and nothing is added to one after it is built.
"""

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from authors import languages
from authors.addresses import slug_url
from authors.models import initials_of
from media.pictures import Picture

if TYPE_CHECKING:
    from .body import StoryBody

# Links and people -----------------------------------------------------------------------------


# Each link, card and page below is in one language (`language`: its code, or "" for the main
# language): its address is that language's page, its names are in it.


def other_language(code: str) -> str:
    """`code`, or "" for the main language (whose addresses have no prefix): what the links and
    cards below carry, so that the main language's cost what they cost before languages."""
    return "" if not code or code == languages.main() else code


def _translated(translations, language: str, field: str, default: str) -> str:
    """A row's text in `language` (another than the main one) from its `translations`, as the
    statement read them: JSON text, parsed only here (the main language's pages never do)."""
    if isinstance(translations, str):
        translations = json.loads(translations)
    return languages.translated(translations, language, field, default)


@dataclass(frozen=True, slots=True)
class SectionLink:
    id: int
    name: str
    slug: str
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:section", self.slug, self.language)

    @classmethod
    def of(cls, id, name, slug, translations, language: str) -> "SectionLink":
        """A section's link in `language`, from its columns (with its `translations`)."""
        language = other_language(language)
        if language:
            name = _translated(translations, language, "name", name)
        return cls(id, name, slug, language)


@dataclass(frozen=True, slots=True)
class TagLink:
    id: int
    name: str
    slug: str
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:tag", self.slug, self.language)


@dataclass(frozen=True, slots=True)
class Link:
    """A link an author gives on their page (email, profile, site)."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class AuthorBox:
    """An author as their box under a story, a byline and their page show them."""

    id: int
    name: str
    slug: str
    role: str
    bio: str
    avatar: Picture | None
    links: tuple[Link, ...] = ()  # only their page shows them
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:author", self.slug, self.language)

    @classmethod
    def of(cls, id, name, slug, role, bio, translations, avatar, language: str) -> "AuthorBox":
        """An author's box in `language`, from their columns (with their `translations`)."""
        language = other_language(language)
        if language:
            name = _translated(translations, language, "name", name)
            role = _translated(translations, language, "role", role)
            bio = _translated(translations, language, "bio", bio)
        return cls(id, name, slug, role, bio, avatar, language=language)

    @property
    def initials(self) -> str:
        return initials_of(self.name)

    def with_avatar(self, avatar: Picture | None) -> "AuthorBox":
        return replace(self, avatar=avatar)


# Cards, lines and pages -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """A story as its card, its lead-story place, a list row and an in-body related card show it."""

    id: int
    slug: str
    title: str
    excerpt: str
    published_at: datetime
    reading_time: int
    is_live: bool  # its live coverage is on
    section: SectionLink | None
    picture: Picture | None
    # A search result's headline and snippet: escaped HTML with <mark> around the matches.
    marked_title: str | None = None
    snippet: str | None = None
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:article", self.slug, self.language)

    def shown(self, *, hide_section: bool = False) -> tuple:
        """Everything a card of it shows, for its cache key."""
        section = self.section
        return (
            self.id,
            self.language,
            self.slug,
            self.title,
            self.excerpt,
            self.published_at,
            self.reading_time,
            self.is_live,
            None if hide_section or section is None else (section.id, section.slug, section.name),
            self.picture and self.picture.shown(),
        )

    def with_picture(self, picture: Picture | None) -> "Card":
        return replace(self, picture=picture)


@dataclass(frozen=True, slots=True)
class FeedLine:
    """A News Feed line: a time and a headline."""

    id: int
    slug: str
    title: str
    published_at: datetime
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:article", self.slug, self.language)


@dataclass(frozen=True, slots=True)
class LivePostView:
    """One post of a live story as its page, its strip on the front page and its feed show it."""

    id: int
    published_at: datetime
    headline: str
    body: "StoryBody"  # its blocks, with the pictures they show once loaded (`with_images`)
    summary: str  # the headline, or the post's first words
    text: str  # the post as plain text (LiveBlogPosting)
    is_pinned: bool
    is_key_event: bool
    edited_at: datetime | None
    author: AuthorBox | None
    url: str  # its place on the story's page
    link: str = ""  # a key event's link: to this page's post, or the page that holds it

    @property
    def anchor(self) -> str:
        return f"post-{self.id}"

    @classmethod
    def of(cls, post, story_url: str, link: str = "", *, language: str = "") -> "LivePostView":
        """The view of a LivePost (its author selected with it) on a story in `language`, its
        pictures not loaded."""
        from .body import StoryBody, body_blocks  # the body's reader draws with these classes

        author = post.author
        return cls(
            post.pk,
            post.published_at,
            post.headline,
            StoryBody(body_blocks(post.body)),
            post.summary,
            post.text,
            post.is_pinned,
            post.is_key_event,
            post.edited_at,
            AuthorBox.of(
                *(author.pk, author.name, author.slug, author.role, author.bio),
                *(author.translations, None, language),
            )
            if author
            else None,
            f"{story_url}#{post.anchor}",
            link,
        )

    def with_images(self, loaded: dict[int, Picture]) -> "LivePostView":
        """The post with the pictures its blocks show, from those the page loaded."""
        return replace(self, body=self.body.with_images(loaded))


@dataclass(frozen=True)
class Page:
    """One page of a listing: its items, their drawn cards (for cards), the cursor of the next
    page, and the picture its social card shows (its first story's)."""

    items: tuple
    next_cursor: object | None
    is_first: bool
    cards: tuple = ()
    share_picture: Picture | None = None


@dataclass(frozen=True)
class Listing:
    """A listing page (the home grid's next pages, a section, a tag, an author, search)."""

    heading: str
    page: Page
    intro: str = ""
    kicker: str = ""
    section: SectionLink | None = None
    tag: TagLink | None = None
    author: AuthorBox | None = None

    def context(self) -> dict:
        return {
            "heading": self.heading,
            "page": self.page,
            "intro": self.intro,
            "kicker": self.kicker,
            "section": self.section,
            "tag": self.tag,
            "author": self.author,
        }


@dataclass(frozen=True)
class SectionBlock:
    """A section's block on the front page: its newest story as a card, the next as rows."""

    section: SectionLink
    stories: tuple[Card, ...]
    lead_card: str  # drawn
    rows: tuple[str, ...]  # drawn


@dataclass(frozen=True)
class FrontPage:
    """The front page as editors arranged it, its section blocks, and the first page of the
    grid below."""

    lead: Card | None
    lead_html: str  # drawn
    share_picture: Picture | None  # what a shared link shows: the lead's share image or picture
    top: tuple[Card, ...]
    top_cards: tuple[str, ...]  # drawn
    live: Card | None
    live_posts: tuple[LivePostView, ...]
    live_since: str  # where the News Feed's live polling starts
    newest_at: datetime | None  # the newest story's time anywhere on the page
    page: Page
    blocks: tuple[SectionBlock, ...] = ()


@dataclass(frozen=True, slots=True)
class LiveBanner:
    """The breaking-news banner readers see now."""

    text: str
    url: str  # its story's address, if it has one readers may open
    starts_at: datetime
    ends_at: datetime | None  # None: until an editor takes it down


# A story's page -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Correction:
    text: str
    created_at: datetime


@dataclass(frozen=True)
class LiveParts:
    """What a live story's page shows of its posts."""

    posts_page: Page  # of LivePostViews, newest first
    pinned_posts: tuple = ()
    key_events: tuple = ()
    live_since: str = ""  # where the open page's polling starts
    picture_ids: frozenset = frozenset()  # the library pictures its posts show
    # The newest post's time or the newest edit of one (or the story's own last change).
    updated_at: datetime | None = None

    def with_images(self, loaded: dict[int, Picture]) -> "LiveParts":
        """Its posts with the pictures they show, from those the page loaded."""
        page = self.posts_page
        return replace(
            self,
            posts_page=replace(page, items=tuple(post.with_images(loaded) for post in page.items)),
            pinned_posts=tuple(post.with_images(loaded) for post in self.pinned_posts),
        )

    def context(self) -> dict:
        return {
            "posts_page": self.posts_page,
            "pinned_posts": self.pinned_posts,
            "key_events": self.key_events,
            "live_since": self.live_since,
            "live_updated_at": self.updated_at,
        }


@dataclass(frozen=True, slots=True)
class Edition:
    """A page in another language that readers may see: a story's other edition, or the same
    listing's address in another language. What the language switcher and the hreflang
    alternates link to."""

    language: str
    url: str
    title: str = ""
    # A story's edition only (its JSON-LD): what the story was translated from, or one of its
    # translations.
    is_source: bool = False
    is_translation: bool = False


@dataclass(frozen=True)
class StoryPage:
    """A story as its own page shows it (and its preview, and its JSON-LD)."""

    id: int
    slug: str
    title: str
    dek: str
    excerpt: str
    status: str
    status_label: str
    published_at: datetime | None
    significant_update_at: datetime | None
    reading_time: int
    section: SectionLink | None
    lead_image: Picture | None
    caption: str  # the lead image's caption for this story
    alt: str  # and its alt text, in the story's language
    share_image: Picture | None  # the picture social cards show, when not the lead image
    seo_title: str
    seo_description: str
    canonical_url: str
    share_title: str
    share_description: str
    coverage_started_at: datetime | None
    coverage_ended_at: datetime | None
    is_published: bool
    is_live: bool  # its live coverage is on
    byline_groups: tuple  # (role, (AuthorBox, …)) in order of first appearance
    authors: tuple[AuthorBox, ...]
    tags: tuple[TagLink, ...]
    corrections: tuple[Correction, ...]
    language: str = ""  # its edition's language ("" for the main one)
    translation_key: object = None  # shared by its editions (uuid.UUID)
    editions: tuple[Edition, ...] = ()  # its other editions readers may see

    @property
    def url(self) -> str:
        return slug_url("public:article", self.slug, self.language)

    @property
    def picture(self) -> Picture | None:
        """Its lead image: what its card shows (public.pagecache.story_keys)."""
        return self.lead_image

    @property
    def is_live_story(self) -> bool:
        """Told as timestamped live posts (its coverage has started, ended or not)."""
        return self.coverage_started_at is not None

    @property
    def last_changed_at(self) -> datetime | None:
        return max(filter(None, [self.published_at, self.significant_update_at]), default=None)


@dataclass(frozen=True, slots=True)
class Gone:
    """A story taken down: its address answers 410 with the desk's notice."""

    takedown_notice: str


@dataclass(frozen=True)
class ArticlePage:
    """Everything an article page shows: the story, its body, its related stories' drawn cards
    and, for a live story, its posts."""

    story: StoryPage
    body: object  # public.reading.body.StoryBody
    related: tuple = ()
    live: LiveParts | None = None

    def context(self) -> dict:
        context = {"article": self.story, "body": self.body, "related": self.related}
        return {**context, **self.live.context()} if self.live is not None else context


# Feeds and sitemaps ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedSource:
    """The listing a feed follows: the site, a section, a tag or an author."""

    kind: str
    id: int | None
    key: str  # the listing's page-cache key
    url: str  # the listing's address
    title: str  # empty for the site's own feed
    language: str = ""


@dataclass(frozen=True)
class FeedItem:
    """A story as a feed carries it."""

    id: int
    slug: str
    title: str
    dek: str
    excerpt: str
    created_at: datetime
    published_at: datetime
    significant_update_at: datetime | None
    lead_image: Picture | None  # with its JPEG renditions
    authors: tuple[AuthorBox, ...]
    tags: tuple[TagLink, ...]
    content: str  # the body for feed readers (public.reading.body.feed_body)
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:article", self.slug, self.language)

    @property
    def picture(self) -> Picture | None:
        return self.lead_image

    @property
    def last_changed_at(self) -> datetime | None:
        return max(filter(None, [self.published_at, self.significant_update_at]), default=None)


@dataclass(frozen=True, slots=True)
class StoryHead:
    """A story named in a feed of its own (a live story's posts)."""

    id: int
    slug: str
    title: str
    dek: str
    excerpt: str
    language: str = ""

    @property
    def url(self) -> str:
        return slug_url("public:article", self.slug, self.language)


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """An address in a sitemap, with its last change (and a story's headline, time and
    language, for Google News)."""

    url: str
    lastmod: datetime | None
    title: str = ""
    published_at: datetime | None = None
    language: str = ""  # a story's edition's ("" for the main language)
    # The page's versions in every language readers may see, itself and x-default among them:
    # (hreflang, address); none for a page in one language only.
    alternates: tuple[tuple[str, str], ...] = ()
