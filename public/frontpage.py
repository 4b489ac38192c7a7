"""The front page as editors arranged it: a live strip, the lead and the top stories.

Editors hold a story in a place until a set time (articles.FrontPageSlot); an empty or expired
place is filled with the newest story not shown elsewhere. Everything shown here, "above the
fold", is left out of the chronological grid below it and of the News Feed rail, so the home
page never says the same thing twice. Cached home pages expire when the first hold runs out.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from articles.models import Article, FrontPageSlot, LivePost
from media.renditions import prefetch_renditions

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

    @property
    def shown_ids(self) -> set[int]:
        """The stories above the fold, which the grid and the rail leave out."""
        return {story.pk for story in [self.lead, *self.top, self.live] if story is not None}

    @property
    def stories(self) -> list[Article]:
        return [story for story in [self.lead, *self.top] if story is not None]


def arrange_front_page() -> FrontPage:
    """The live strip, lead and top stories: three queries (four with a live strip)."""
    slots = list(
        FrontPageSlot.objects.active().order_by("until").values_list("slot", "article_id", "until")
    )
    if slots:
        expire_pages_at(slots[0][2], key="front")
    chosen = {slot: article_id for slot, article_id, _ in slots}
    places = (Slot.LEAD, *TOP_SLOTS)
    held = [chosen[place] for place in places if place in chosen]
    live_id = chosen.get(Slot.LIVE)
    skip = [*held, *([live_id] if live_id else [])]
    newest = (
        Article.objects.published()
        .exclude(pk__in=skip)
        .order_by("-published_at", "-id")
        .values("pk")[: len(places) - len(held)]
    )
    # The held stories and the newest others in one query; pictures in one more.
    stories = (
        Article.objects.for_listing()
        .prefetch_related(None)
        .filter(Q(pk__in=skip) | Q(pk__in=newest))
    )
    by_id = {story.pk: story for story in stories}
    fill = [story for story in by_id.values() if story.pk not in skip]  # newest first
    arranged, used = [], set()
    for place in places:
        story = by_id.get(chosen.get(place))
        if story is None or story.pk in used:  # an empty place, or a story held twice
            story = fill.pop(0) if fill else None
        if story is not None:
            used.add(story.pk)
        arranged.append(story)
    front = FrontPage(lead=arranged[0], top=[s for s in arranged[1:] if s is not None])
    live = by_id.get(live_id)
    if live is not None and live.is_live:
        front.live = live
        front.live_posts = list(LivePost.objects.filter(article=live).for_timeline()[:STRIP_POSTS])
    return front


def with_pictures(*story_lists) -> None:
    """Every card picture on the home page in one query."""
    prefetch_renditions(story.lead_image for stories in story_lists for story in stories)
