"""How the public pages write times and excerpts: shared by the templates (as filters, see
templatetags/newsroom.py) and by the cards drawn in Python (public.reading.cards)."""

from django.utils import timezone
from django.utils.dates import MONTHS_3


def feed_time(value):
    """ "14:05" for today in the newsroom's zone, "Jan 5" before, "Jan 5, 2025" in past years.

    Written out rather than through Django's date formatter (what `date:"M j"` does, month
    names translated the same way): a page shows thirty of these."""
    if value is None:
        return ""
    # The zone looked up once: timezone.localtime() and localdate() each look it up again.
    zone = timezone.get_current_timezone()
    local = value.astimezone(zone)
    today = timezone.now().astimezone(zone).date()
    if local.date() == today:
        return f"{local.hour:02d}:{local.minute:02d}"
    day = f"{str(MONTHS_3[local.month]).title()} {local.day}"
    return day if local.year == today.year else f"{day}, {local.year}"


def iso_datetime(value):
    """A `<time datetime>` value: local time to the second with its offset (valid HTML)."""
    if value is None:
        return ""
    return value.astimezone(timezone.get_current_timezone()).replace(microsecond=0).isoformat()


# A roundup's excerpt: "Key developments on Jan. 5: * first * second * …" (articles.richtext).
_BULLET = " * "


def excerpt_list(text, limit=3):
    """The bullets of a roundup excerpt as (intro, items), or None for ordinary prose."""
    text = text or ""
    if _BULLET not in text:
        return None
    intro, *items = (part.strip() for part in text.split(_BULLET))
    items = [item for item in items if item.strip("…").strip()]
    if not items:
        return None
    return {"intro": intro, "items": items[: int(limit)]}
