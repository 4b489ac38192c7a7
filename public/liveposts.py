"""What a live story's page shows: key events, pinned posts and the timeline, newest first.

The timeline is paged with the listings' keyset cursor on (time, id), so a live story of a
thousand posts costs what one of ten costs: two queries, one for the page of posts and one for
the highlights (pinned posts and key events).
"""

from articles import blocks
from articles.models import Article, LivePost
from articles.pagination import Cursor, keyset_page

from .story_body import body_blocks

POSTS_PAGE_SIZE = 20
HIGHLIGHTS = 12
NEW_POSTS_LIMIT = 20


def cursor_including(post: LivePost) -> Cursor:
    """A `?before=` whose page starts with this post (the cursor is exclusive)."""
    return Cursor(post.published_at, post.pk + 1)


def live_story_context(article: Article, before: str | None) -> dict | None:
    """The live part of the story page (None for a `?before=` past the last post).

    Raises InvalidCursor for a malformed `before`.
    """
    cursor = Cursor.parse(before) if before is not None else None
    posts = article.live_posts.all()
    page = keyset_page(posts.for_timeline, cursor, size=POSTS_PAGE_SIZE)
    if cursor is not None and not page.items:
        return None
    context = {"posts_page": page, "live_article": article, "picture_ids": post_images(page.items)}
    if cursor is None:
        highlights = list(posts.highlights().select_related("author")[:HIGHLIGHTS])
        on_page = {post.pk for post in page.items}
        for post in highlights:
            # A key event further down the timeline links to the page that holds it.
            post.link = (
                f"#{post.anchor}"
                if post.pk in on_page
                else f"?before={cursor_including(post)}#{post.anchor}"
            )
        context["pinned_posts"] = [post for post in highlights if post.is_pinned]
        context["picture_ids"] |= post_images(context["pinned_posts"])
        context["key_events"] = [post for post in highlights if post.is_key_event]
        # Where the open page's polling starts: after the newest post (or from the beginning).
        context["live_since"] = str(Cursor.after(page.items[0])) if page.items else "0.0"
    return context


def post_images(posts) -> set[int]:
    """The library pictures these posts show (articles.blocks: a body's own definition)."""
    return set().union(*(blocks.image_ids(body_blocks(post.body)) for post in posts))


def new_posts_context(article: Article, since: Cursor) -> dict:
    """Posts newer than the reader's newest, newest first, for the open page to insert."""
    newer = list(
        article.live_posts.visible()
        .select_related("author")
        .filter(since.newer_q())
        .order_by("published_at", "id")[: NEW_POSTS_LIMIT + 1]
    )
    items = newer[:NEW_POSTS_LIMIT][::-1]
    return {
        "posts": items,
        "has_more": len(newer) > NEW_POSTS_LIMIT,
        "newest": Cursor.after(items[0]) if items else since,
        "is_live": article.is_live,
    }
