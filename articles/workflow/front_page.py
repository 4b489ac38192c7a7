"""The front page's arranged places: which story an editor may hold in which slot, and until
when. The desk's slot form asks here; the public site reads only the slots that hold
(FrontPageSlot.objects.active())."""

from datetime import datetime

from django.utils import timezone

from ..models import Article, FrontPageSlot


def slot_problems(
    slot: str | None, article: Article | None, until: datetime | None
) -> list[tuple[str, str]]:
    """What stops `article` holding `slot` until `until`, as (field, message) pairs for the
    editor; empty when it may."""
    problems = []
    if article is not None and not article.is_published:
        problems.append(("article", "Choose a published story."))
    if article is not None and slot == FrontPageSlot.Slot.LIVE and not article.is_live:
        problems.append(("article", "The live strip takes a story whose live coverage is on."))
    if until is not None and until <= timezone.now():
        problems.append(("until", "Choose a time in the future."))
    return problems
