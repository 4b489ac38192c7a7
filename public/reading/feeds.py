"""What feeds carry: the latest published stories of a listing, and a live story's posts.

Every story of a feed with its bylines, tags, lead picture and body, in four queries whatever
their number: the stories, their bylines, their tags, and one renditions query for every
picture (the JPEGs alone: a feed shows the share JPEG and the bodies' JPEGs).
"""

from collections import defaultdict

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles import blocks
from articles.models import Article, ArticleAuthor, LivePost, Section, TaggedArticle, TagName
from authors import languages
from authors.addresses import in_language as address_in
from authors.addresses import slug_url
from authors.models import Author
from media.renditions import FALLBACK_FORMAT

from ..pagecache import in_language, shows, shows_stories
from . import sql
from .body import body_blocks, feed_body
from .cardstore import with_loaded
from .data import (
    AuthorBox,
    FeedItem,
    FeedSource,
    LivePostView,
    StoryHead,
    TagLink,
    other_language,
)
from .listings import named_tags

FEED_LENGTH = 30
STORY_VALUES = (
    "id",
    "slug",
    "title",
    "dek",
    "excerpt",
    "created_at",
    "published_at",
    "significant_update_at",
    "body",
    *(f"lead_image__{name}" for name in sql.PICTURE_FIELDS),
)


def feed_source(kind: str, slug: str | None = None, *, language: str = "") -> FeedSource | None:
    """The listing of a feed ("site", "section", "tag" or "author") in `language`, None for
    none: a tag on no published story in it has no feed (it would reveal the drafts that carry
    it)."""
    language = other_language(language)
    if kind == "site":
        home = address_in("/", language) if language else "/"
        return FeedSource("site", None, in_language("front", language), home, "", language)
    if kind == "section":
        found = Section.objects.filter(slug=slug).values_list("pk", "slug", "name", "translations")
    elif kind == "tag":
        tags = named_tags(Article.objects.in_language(language).published().used_tags(), language)
        found = tags.filter(slug=slug).values_list("pk", "slug", "shown_name")
    else:
        found = Author.objects.filter(slug=slug).values_list("pk", "slug", "name")
    found = found.first()
    if found is None:
        return None
    pk, slug, name = found[:3]
    if kind == "section":
        name = languages.translated(found[3], language, "name", name)
    url = slug_url(f"public:{kind}", slug, language)
    return FeedSource(kind, pk, in_language(f"{kind}:{pk}", language), url, name, language)


def feed_items(source: FeedSource) -> list[FeedItem]:
    """The newest FEED_LENGTH listed stories of the source's listing, in its language."""
    stories = Article.objects.in_language(source.language).published().stories()
    stories = stories.order_by("-published_at", "-id")
    if source.kind == "section":
        stories = stories.in_section(source.id)
    elif source.kind == "tag":
        stories = stories.tagged(source.id)
    elif source.kind == "author":
        stories = stories.by_author(source.id)
    rows = list(stories.values_list(*STORY_VALUES)[:FEED_LENGTH])
    ids = [row[0] for row in rows]
    bylines, tags = _authors(ids, source.language), _tags(ids, source.language)
    bodies = {row[0]: body_blocks(row[8]) for row in rows}
    image_ids = set().union(*map(blocks.image_ids, bodies.values()))
    leads = {row[0]: sql.picture(row[9:]) for row in rows}
    loaded = sql.pictures(image_ids, known=leads.values(), formats=[FALLBACK_FORMAT])
    items = [
        FeedItem(
            *row[:8],
            lead_image=with_loaded(leads[row[0]], loaded),
            authors=tuple(bylines[row[0]]),
            tags=tuple(tags[row[0]]),
            content=feed_body(bodies[row[0]], loaded),
            language=source.language,
        )
        for row in rows
    ]
    shows(source.key)
    shows_stories(items, bylines=True)
    shows(*(f"image:{pk}" for pk in image_ids))
    return items


def _authors(ids: list[int], language: str) -> dict[int, list[AuthorBox]]:
    """Each story's authors in its bylines' order, once each (their pages in `language`)."""
    found = defaultdict(list)
    bylines = (
        ArticleAuthor.objects.filter(article__in=ids)
        .order_by("position", "id")
        .values_list("article_id", *(f"author__{name}" for name in sql.AUTHOR_FIELDS))
    )
    for story_id, *author in bylines:
        if all(known.id != author[0] for known in found[story_id]):
            found[story_id].append(AuthorBox(*author, None, language=language))
    return found


def _tags(ids: list[int], language: str) -> dict[int, list[TagLink]]:
    """Each story's tags, in the order they were given to it, named in `language`."""
    found = defaultdict(list)
    tagged = TaggedArticle.objects.filter(content_object__in=ids).order_by("id")
    if language and language != languages.main():
        names = TagName.objects.filter(tag=OuterRef("tag_id"), language=language).values("name")
        tagged = tagged.annotate(shown_name=Coalesce(Subquery(names[:1]), F("tag__name")))
    else:
        tagged = tagged.annotate(shown_name=F("tag__name"))
    rows = tagged.values_list("content_object_id", "tag_id", "shown_name", "tag__slug")
    for story_id, *tag in rows:
        found[story_id].append(TagLink(*tag, language))
    return found


def live_feed(slug: str, language: str = "") -> tuple[StoryHead, list[LivePostView]] | None:
    """A published live story in `language` and its newest FEED_LENGTH posts with their
    pictures, None for no such story."""
    story = (
        Article.objects.in_language(language)
        .published()
        .filter(slug=slug, coverage_started_at__isnull=False)
        .values_list("id", "slug", "title", "dek", "excerpt", "language")
        .first()
    )
    if story is None:
        return None
    head = StoryHead(*story[:5], other_language(story[5]))
    shows(f"a:{head.id}")  # posting to the story purges its key
    posts = LivePost.objects.filter(article=head.id).for_timeline()[:FEED_LENGTH]
    views = [LivePostView.of(post, head.url, language=head.language) for post in posts]
    # Their pictures as a story feed's: the JPEGs, in one query (none without pictures).
    image_ids = set().union(*(blocks.image_ids(post.body.blocks) for post in views))
    if image_ids:
        loaded = sql.pictures(image_ids, formats=[FALLBACK_FORMAT])
        views = [post.with_images(loaded) for post in views]
        shows(*(f"image:{pk}" for pk in image_ids))
    return head, views
