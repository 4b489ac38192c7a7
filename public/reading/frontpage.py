"""The front page as editors arranged it: a live strip, the lead and the top stories, then the
newest stories.

Editors hold a story in a place until a set time (articles.FrontPageSlot); an empty or expired
place is filled with the newest story not shown elsewhere. Everything shown "above the fold" is
left out of the chronological grid below it and of the News Feed rail, so the home page never
says the same thing twice. Cached home pages expire when the first hold runs out.
"""

from django.utils import timezone

from articles.models import FrontPageSlot, LivePost
from articles.pagination import PAGE_SIZE, Cursor, page_of

from ..pagecache import expire_pages_at, shows_stories
from . import sql
from .cards import lead_story
from .cardstore import drawn_cards, with_loaded
from .data import FrontPage, Listing, LivePostView, Page
from .listings import newest_listing

Slot = FrontPageSlot.Slot
PLACES = (Slot.LEAD, Slot.TOP_1, Slot.TOP_2, Slot.TOP_3, Slot.TOP_4)
STRIP_POSTS = 3


def _holds() -> list[tuple]:
    """(slot, story id, until) of the unexpired holds, the first to run out first; the cached
    home page expires with it."""
    holds = list(
        FrontPageSlot.objects.filter(until__gt=timezone.now())
        .order_by("until")
        .values_list("slot", "article_id", "until")
    )
    if holds:
        expire_pages_at(holds[0][2], key="front")
    return holds


def front_page() -> FrontPage:
    """The places, the live strip and the grid's first page: three queries (four with a live
    strip, five when a card or the lead's picture must be drawn).

    The few unexpired holds are read first, then their stories (only those readers may see)
    with the newest others, in one statement: a join with a condition on the stories' columns
    made SQLite walk every published story, and fetching the held stories by id with OR made
    PostgreSQL scan the whole table."""
    holds = _holds()
    held, fill = sql.front_page_cards({pk for _, pk, _ in holds}, len(PLACES) + PAGE_SIZE + 1)
    chosen = {slot: held[pk] for slot, pk, _ in holds if pk in held}
    arranged, used = [], set()
    for place in PLACES:
        story = chosen.get(place)
        if story is None or story.id in used:  # an empty place, or a story held twice
            story = fill.pop(0) if fill else None
        if story is not None:
            used.add(story.id)
        arranged.append(story)
    lead, top = arranged[0], tuple(story for story in arranged[1:] if story is not None)
    live, posts = chosen.get(Slot.LIVE), ()
    if live is not None and not live.is_live:
        live = None
    if live is not None:
        timeline = LivePost.objects.filter(article=live.id).for_timeline()[:STRIP_POSTS]
        posts = tuple(LivePostView.of(post, live.url) for post in timeline)
    grid = page_of(fill, None)  # the newest not placed above, in order
    on_page = [*(story for story in arranged if story is not None), *grid.items]
    newest = max(on_page, key=lambda story: (story.published_at, story.id), default=None)
    shows_stories([*(s for s in arranged if s), *([live] if live else []), *grid.items])
    # The top cards with the grid's, and the lead's picture: one query for all the
    # renditions the page lacks.
    drawn, loaded = drawn_cards([*top, *grid.items], also=[lead and lead.picture])
    if lead is not None:
        lead = lead.with_picture(with_loaded(lead.picture, loaded))
    return FrontPage(
        lead=lead,
        lead_html=lead_story(lead) if lead is not None else "",
        top=top,
        top_cards=drawn[: len(top)],
        live=live,
        live_posts=posts,
        # The News Feed's live polling starts after the newest story anywhere on the page.
        live_since=str(Cursor.after(newest)) if newest else "0.0",
        newest_at=newest.published_at if newest else None,
        page=Page(tuple(grid.items), grid.next_cursor, True, drawn[len(top) :]),
    )


def home_grid(cursor: Cursor) -> Listing:
    """A Show-more page of the home grid: the stories older than `cursor`, leaving out those
    held in a place now (they were above the fold on the first page). The holds are one
    small query, where arranging the places is two."""
    return newest_listing(cursor, {pk for _, pk, _ in _holds()})
