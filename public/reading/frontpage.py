"""The front page as editors arranged it: a live strip, the lead and the top stories, a block
for each section the editors chose, then the newest stories.

Each language has its own: its places hold stories in that language and the rest fills with
its newest stories; the section blocks' order is shared. Editors hold a story in a place until
a set time (articles.FrontPageSlot); an empty or expired place is filled with the newest story
not shown elsewhere. Each section block shows its
section's newest stories not placed above it; "Latest" then goes on with the newest stories
not shown above, so the main column never says the same thing twice. The News Feed rail is the
wire: every story, newest first (the shared rail, public.pagecache.rail). Cached home pages
expire when the first hold runs out.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from articles.models import FrontPageSlot, LivePost
from articles.pagination import PAGE_SIZE, Cursor, page_of
from authors import languages

from ..pagecache import expire_pages_at, in_language, shows_images, shows_stories
from . import sql
from .cards import lead_story
from .cardstore import drawn_cards, with_loaded
from .data import (
    Card,
    FrontPage,
    Listing,
    LivePostView,
    Page,
    Picture,
    SectionBlock,
    SectionLink,
)
from .listings import newest_listing
from .navigation import front_page_sections

Slot = FrontPageSlot.Slot
PLACES = (Slot.LEAD, Slot.TOP_1, Slot.TOP_2, Slot.TOP_3, Slot.TOP_4)
STRIP_POSTS = 3
# A section block: its lead card and this many compact rows under it.
BLOCK_ROWS = 4
BLOCK_SIZE = 1 + BLOCK_ROWS


def _holds(language: str) -> list[tuple]:
    """(slot, story id, until) of the unexpired holds on `language`'s front page, the first to
    run out first; the cached home page expires with it."""
    holds = list(
        FrontPageSlot.objects.filter(until__gt=timezone.now(), language=language)
        .order_by("until")
        .values_list("slot", "article_id", "until")
    )
    if holds:
        expire_pages_at(holds[0][2], key=in_language("front", language))
    return holds


@dataclass(frozen=True)
class _Arranged:
    lead: Card | None
    top: tuple[Card, ...]
    live: Card | None
    blocks: tuple[tuple[SectionLink, tuple[Card, ...]], ...]
    grid: object  # articles.pagination's page of the newest stories not shown above
    share: Picture | None  # what a shared link to the page shows: the lead's share image

    @property
    def block_ids(self) -> set[int]:
        return {story.id for _, stories in self.blocks for story in stories}


def _arrange(holds: list[tuple], sections: Sequence[SectionLink], language: str) -> _Arranged:
    """The places, the live strip's story, the section blocks and the grid's first page, from
    one statement: the held stories (only those readers may see), the newest others and each
    block section's newest. A join with a condition on the stories' columns made SQLite walk
    every published story, and fetching the held stories by id with OR made PostgreSQL scan
    the whole table; each section is a walk down its own index."""
    # Enough of the newest for the places, the grid's page and one more, whatever the blocks
    # take; enough of each section for its block, whatever the places above it take.
    above = len(PLACES) + 1
    held, fill, by_section, shares = sql.front_page_cards(
        {pk for _, pk, _ in holds},
        above + PAGE_SIZE + 1 + BLOCK_SIZE * len(sections),
        [section.id for section in sections],
        BLOCK_SIZE + above,
        language=language,
    )
    chosen = {slot: held[pk] for slot, pk, _ in holds if pk in held}
    arranged, used = [], set()
    for place in PLACES:
        story = chosen.get(place)
        if story is None or story.id in used:  # an empty place, or a story held twice
            story = fill.pop(0) if fill else None
        if story is not None:
            used.add(story.id)
        arranged.append(story)
    live = chosen.get(Slot.LIVE)
    if live is not None and not live.is_live:
        live = None
    if live is not None:
        used.add(live.id)
    blocks = []
    for section in sections:
        stories = tuple(s for s in by_section.get(section.id, ()) if s.id not in used)
        if stories:
            blocks.append((section, stories[:BLOCK_SIZE]))
            used.update(s.id for s in stories[:BLOCK_SIZE])
    grid = page_of([story for story in fill if story.id not in used], None)
    top = tuple(story for story in arranged[1:] if story is not None)
    lead = arranged[0]
    return _Arranged(lead, top, live, tuple(blocks), grid, lead and shares.get(lead.id))


def front_page(
    *,
    holds: list[tuple] | None = None,
    sections: Sequence[SectionLink] | None = None,
    language: str | None = None,
) -> FrontPage:
    """The front page in `language` (the main one when None): the places, the live strip, the
    section blocks and the grid's first page, of its stories only: three queries (four with a
    live strip, five when a card or the lead's picture must be drawn), the section blocks'
    stories read with the places'.

    `holds` ((slot, story id, until), as FrontPageSlot rows) and `sections` stand in for the
    editors' saved arrangement: the desk's preview of an arrangement not saved yet."""
    language = language or languages.main()
    if holds is None:
        holds = _holds(language)
    if sections is None:
        sections = front_page_sections(language)
    arranged = _arrange(holds, sections, language)
    lead, top, live, grid = arranged.lead, arranged.top, arranged.live, arranged.grid
    posts = ()
    if live is not None:
        timeline = LivePost.objects.filter(article=live.id).for_timeline()[:STRIP_POSTS]
        posts = tuple(LivePostView.of(post, live.url, language=language) for post in timeline)
    block_stories = [story for _, stories in arranged.blocks for story in stories]
    on_page = [*(s for s in [lead, *top] if s is not None), *block_stories, *grid.items]
    newest = max(on_page, key=lambda story: (story.published_at, story.id), default=None)
    shows_stories([*on_page, *([live] if live else [])])
    # The picture a shared link to the home page shows: the lead's share image, else its own.
    share = arranged.share or (lead and lead.picture)
    shows_images([share and share.id])
    # Every card the page draws, the lead's picture and its share image: one query for all
    # the renditions the page lacks. Top stories, the blocks' leads and the grid fold into
    # rows on a phone; a block's other stories are rows, without the kicker its heading
    # already says.
    ways = [("fold", False)] * len(top)
    for _, stories in arranged.blocks:
        ways += [("fold", True)] + [("row", True)] * (len(stories) - 1)
    ways += [("fold", False)] * len(grid.items)
    drawn, loaded = drawn_cards(
        [*top, *block_stories, *grid.items], ways=ways, also=[lead and lead.picture, share]
    )
    if lead is not None:
        lead = lead.with_picture(with_loaded(lead.picture, loaded))
    blocks, at = [], len(top)
    for section, stories in arranged.blocks:
        blocks.append(SectionBlock(section, stories, drawn[at], drawn[at + 1 : at + len(stories)]))
        at += len(stories)
    return FrontPage(
        lead=lead,
        lead_html=lead_story(lead) if lead is not None else "",
        share_picture=with_loaded(share, loaded),
        top=top,
        top_cards=drawn[: len(top)],
        live=live,
        live_posts=posts,
        # The News Feed's live polling starts after the newest story anywhere on the page.
        live_since=str(Cursor.after(newest)) if newest else "0.0",
        newest_at=newest.published_at if newest else None,
        page=Page(tuple(grid.items), grid.next_cursor, True, drawn[at:]),
        blocks=tuple(blocks),
    )


def home_grid(cursor: Cursor, *, language: str | None = None) -> Listing:
    """A Show-more page of the home grid in `language` (the main one when None): the stories
    older than `cursor`, leaving out those above the grid now that may be older than it: held
    in a place, or in a section block (the places the newest stories fill are newer than any
    grid page). Arranging the page without drawing it is two queries."""
    language = language or languages.main()
    holds = _holds(language)
    blocks = _arrange(holds, front_page_sections(language), language).block_ids
    shown = {pk for _, pk, _ in holds} | blocks
    return newest_listing(cursor, shown, variant="fold", language=language)
