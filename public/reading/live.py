"""What a live story's page shows of its posts: key events, pinned posts and the timeline,
newest first, and the posts newer than a reader's page.

The timeline is paged with the listings' keyset cursor on (time, id), so a live story of a
thousand posts costs what one of ten costs: two queries, one for the page of posts and one for
the highlights (pinned posts and key events).
"""

from django.db.models import Max, Subquery

from articles import blocks
from articles.models import Article, LivePost
from articles.pagination import Cursor, keyset_page

from . import sql
from .data import LiveParts, LivePostView, Page

POSTS_PAGE_SIZE = 20
HIGHLIGHTS = 12
NEW_POSTS_LIMIT = 20


def cursor_including(post) -> Cursor:
    """A `?before=` whose page starts with this post (the cursor is exclusive)."""
    return Cursor(post.published_at, post.id + 1)


def live_parts(
    story_id: int, story_url: str, cursor: Cursor | None, changed_at=None, *, language: str = ""
) -> LiveParts | None:
    """The live part of a story's page in `language` (None for a `?before=` past the last
    post), its posts' pictures not loaded yet (`LiveParts.with_images`). `changed_at`: the
    story's own last change, which its "Updated" time is never older than."""
    posts = LivePost.objects.filter(article=story_id)
    listing = posts.for_timeline
    if cursor is None:
        # The newest edit of any post, for the page's "Updated", in the timeline's query.
        edited = posts.visible().exclude(edited_at=None).order_by("-edited_at")
        last_edit = Subquery(edited.values("edited_at")[:1])

        def listing(before):
            return posts.for_timeline(before).annotate(last_edit=last_edit)

    page = keyset_page(listing, cursor, size=POSTS_PAGE_SIZE)
    if cursor is not None and not page.items:
        return None
    items = tuple(LivePostView.of(post, story_url, language=language) for post in page.items)
    posts_page = Page(items, page.next_cursor, page.is_first)
    picture_ids = post_images(items)
    if cursor is not None:
        return LiveParts(posts_page, picture_ids=frozenset(picture_ids))
    here = {post.id for post in items}
    highlights = highlights_of(posts, story_url, here=here, language=language)
    pinned = tuple(post for post in highlights if post.is_pinned)
    newest = [items[0].published_at, page.items[0].last_edit] if items else []
    return LiveParts(
        posts_page,
        pinned_posts=pinned,
        key_events=tuple(post for post in highlights if post.is_key_event),
        # Where the open page's polling starts: after the newest post (or from the beginning).
        live_since=str(Cursor.after(items[0])) if items else "0.0",
        picture_ids=frozenset(picture_ids | post_images(pinned)),
        updated_at=max(filter(None, [changed_at, *newest]), default=None),
    )


def highlights_of(
    posts, story_url: str, *, here: set[int], language: str = ""
) -> list[LivePostView]:
    """The pinned posts and key events at the top of the page, newest first: one of the posts
    `here` links to its place, another to the page of the timeline that holds it."""
    return [
        LivePostView.of(
            post,
            story_url,
            f"#{post.anchor}"
            if post.pk in here
            else f"?before={cursor_including(post)}#{post.anchor}",
            language=language,
        )
        for post in posts.highlights().select_related("author")[:HIGHLIGHTS]
    ]


def post_images(posts) -> set[int]:
    """The library pictures these posts show (articles.blocks: a body's own definition)."""
    return set().union(*(blocks.image_ids(post.body.blocks) for post in posts))


def live_story(slug: str, language: str = "") -> tuple[int, str, bool] | None:
    """(id, address, whether coverage is on) of a published live story in `language`, else
    None."""
    story = Article.objects.in_language(language).published().filter(slug=slug).first()
    if story is None or not story.is_live_story:
        return None
    return story.pk, story.get_absolute_url(), story.is_live


def live_story_state(slug: str, language: str = ""):
    """What changes when a live story's posts change (its id, the end of its coverage, its
    last save): one query, for the polling answer's ETag. None for no published story in
    `language`."""
    return (
        Article.objects.in_language(language)
        .published()
        .filter(slug=slug)
        .values_list("pk", "coverage_ended_at", "modified_at")
        .first()
    )


def new_posts(slug: str, since: Cursor, *, language: str = "") -> dict | None:
    """Posts newer than the reader's newest, newest first, with their pictures (one query
    more when they show some), for the open page to insert; the story's key events as they
    stand now, for the page's list, and when its posts last changed (None for no published
    live story in `language`)."""
    found = live_story(slug, language)
    if found is None:
        return None
    story_id, story_url, is_live = found
    posts = LivePost.objects.filter(article=story_id)
    newer = list(
        posts.visible()
        .select_related("author")
        .filter(since.newer_q())
        .order_by("published_at", "id")[: NEW_POSTS_LIMIT + 1]
    )
    items = [
        # They go in at the top of the page, where a key event's link finds them.
        LivePostView.of(post, story_url, f"#{post.anchor}", language=language)
        for post in newer[:NEW_POSTS_LIMIT][::-1]
    ]
    picture_ids = post_images(items)
    if picture_ids:
        loaded = sql.pictures(picture_ids)
        items = [post.with_images(loaded) for post in items]
    # The whole list, not just the new posts among it: a post marked as a key event after the
    # reader opened the page, a key event's new headline or its deletion reach the page too.
    # Those not arriving now link to the page that holds them; the page's script follows one
    # it shows already on the spot.
    here = {post.id for post in items}
    highlights = highlights_of(posts, story_url, here=here, language=language)
    times = posts.visible().aggregate(posted=Max("published_at"), edited=Max("edited_at"))
    return {
        "posts": items,
        "key_events": [post for post in highlights if post.is_key_event],
        "updated_at": max(filter(None, times.values()), default=None),
        "has_more": len(newer) > NEW_POSTS_LIMIT,
        "newest": Cursor.after(items[0]) if items else since,
        "is_live": is_live,
    }
