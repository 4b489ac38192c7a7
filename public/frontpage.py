"""The front page as editors arranged it: a live strip, the lead and the top stories.

Editors hold a story in a place until a set time (articles.FrontPageSlot); an empty or expired
place is filled with the newest story not shown elsewhere. Everything shown here, "above the
fold", is left out of the chronological grid below it and of the News Feed rail, so the home
page never says the same thing twice. Cached home pages expire when the first hold runs out.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from articles.models import Article, FrontPageSlot, LivePost

from .card_loading import front_page_cards
from .pagecache import expire_pages_at

Slot = FrontPageSlot.Slot
TOP_SLOTS = (Slot.TOP_1, Slot.TOP_2, Slot.TOP_3, Slot.TOP_4)
STRIP_POSTS = 3


@dataclass
class FrontPage:
    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    live: Article | None = None
    live_posts: list[LivePost] = field(default_factory=list)
    live_since: str = ""
    newest_at: datetime | None = None
    # The newest stories after those above the fold, when asked for (the grid's first page).
    newest_rest: list[Article] = field(default_factory=list)

    @property
    def shown_ids(self) -> set[int]:
        """The stories above the fold, which the grid and the rail leave out."""
        return {story.pk for story in [self.lead, *self.top, self.live] if story is not None}

    @property
    def stories(self) -> list[Article]:
        return [story for story in [self.lead, *self.top] if story is not None]


def arrange_front_page(also_newest: int = 0) -> FrontPage:
    """The live strip, lead and top stories: two queries (three with a live strip).

    `also_newest`: how many of the newest stories after those to fetch in the same query
    (`newest_rest`), so the first page of the grid below costs no query of its own."""
    # The few unexpired holds, then their stories as cards by id, only those published (a
    # join with a condition on the stories' columns made SQLite walk every published story).
    holds = list(
        FrontPageSlot.objects.filter(until__gt=timezone.now())
        .order_by("until")
        .values_list("slot", "article_id", "until")
    )
    if holds:
        expire_pages_at(holds[0][2], key="front")
    places = (Slot.LEAD, *TOP_SLOTS)
    # With them, the newest others: a short walk down the feed index (one that also fetched
    # the held stories by id, with OR, made PostgreSQL scan the whole table).
    held_cards, fill = front_page_cards(
        {article_id for _, article_id, _ in holds}, len(places) + also_newest
    )
    chosen = {slot: held_cards[pk] for slot, pk, _ in holds if pk in held_cards}
    live = chosen.get(Slot.LIVE)
    arranged, used = [], set()
    for place in places:
        story = chosen.get(place)
        if story is None or story.pk in used:  # an empty place, or a story held twice
            story = fill.pop(0) if fill else None
        if story is not None:
            used.add(story.pk)
        arranged.append(story)
    front = FrontPage(lead=arranged[0], top=[s for s in arranged[1:] if s is not None])
    front.newest_rest = fill[:also_newest]  # the newest not placed above, in order
    if live is not None and live.is_live:
        front.live = live
        front.live_posts = list(LivePost.objects.filter(article=live).for_timeline()[:STRIP_POSTS])
    return front


def held_story_ids() -> set[int]:
    """The stories held in a place now, which the grid's Show-more pages leave out (they were
    above the fold on the first page): one small query, where arranging the places is two."""
    held = list(
        FrontPageSlot.objects.filter(until__gt=timezone.now())
        .order_by("until")
        .values_list("article_id", "until")
    )
    if held:
        expire_pages_at(held[0][1], key="front")  # the story comes back to the grid then
    return {article_id for article_id, _ in held}
