"""How the public pages write times and excerpts: shared by the templates (as filters, see
templatetags/newsroom.py) and by the cards drawn in Python (public.reading.cards)."""

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS_3

from articles.richtext import BULLET, says_again


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


def clock_time(value):
    """ "14:05" for today in the newsroom's zone, "6 December 2026, 14:05" before: a live
    story's "Updated" time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return f"{local.hour:02d}:{local.minute:02d}"
    return date_format(local, "j F Y, H:i")


def iso_datetime(value):
    """A `<time datetime>` value: local time to the second with its offset (valid HTML)."""
    if value is None:
        return ""
    return value.astimezone(timezone.get_current_timezone()).replace(microsecond=0).isoformat()


def excerpt_list(text, limit=3, *, headline="", length=None):
    """The bullets of a roundup excerpt ("Key developments on Jan. 5: * first * second",
    articles.richtext) as {intro, items}, or None for ordinary prose. Whole items only: one
    an older excerpt cut short is left out, as is one that repeats the headline; at most
    `limit` of them and, with `length`, those that fit in it with the intro (at least one)."""
    text = text or ""
    if BULLET not in f" {text}":
        return None
    intro, *items = (part.strip() for part in f" {text}".split(BULLET))
    if says_again(headline, intro):
        intro = ""
    whole = [
        item
        for item in items
        if item.strip("…").strip() and not item.endswith("…") and not says_again(headline, item)
    ]
    kept, used = [], len(intro)
    for item in whole[: int(limit)]:
        used += len(BULLET) + len(item)
        if kept and length is not None and used > length:
            break
        kept.append(item)
    if not kept:
        return None
    return {"intro": intro, "items": kept}
