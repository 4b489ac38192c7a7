"""How the public pages write times and excerpts: shared by the templates (as filters, see
templatetags/newsroom.py) and by the cards drawn in Python (public.reading.cards).

Dates follow the reader's language: the formats below are the English ones, and a language's
format module (FORMAT_MODULE_PATH: newsroom/formats/<language>/formats.py) may set its own
under the same names ("5 січня" for "Jan 5"). Times are 24-hour in every language."""

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format

from articles.richtext import BULLET, says_again

# The public site's own date formats (Django's date syntax), by name.
FORMATS = {
    "STORY_DATETIME_FORMAT": "j F Y, H:i",  # a story's times: "27 November 2026, 14:05"
    "FEED_DAY_FORMAT": "M j",  # a News Feed line before today: "Jan 5"
    "FEED_DAY_YEAR_FORMAT": "M j, Y",  # …and in a past year: "Jan 5, 2025"
}


def local_format(name: str) -> str:
    """The format `name` (one of FORMATS) in the active language, else the English one."""
    found = get_format(name)
    return FORMATS[name] if found == name else found  # get_format gives back a name it lacks


def feed_time(value):
    """ "14:05" for today in the newsroom's zone, "Jan 5" before, "Jan 5, 2025" in past years."""
    if value is None:
        return ""
    # The zone looked up once: timezone.localtime() and localdate() each look it up again.
    zone = timezone.get_current_timezone()
    local = value.astimezone(zone)
    today = timezone.now().astimezone(zone).date()
    if local.date() == today:  # the common case on a news site, written out
        return f"{local.hour:02d}:{local.minute:02d}"
    name = "FEED_DAY_FORMAT" if local.year == today.year else "FEED_DAY_YEAR_FORMAT"
    return date_format(local, local_format(name))


def date_time(value):
    """ "27 November 2026, 14:05" in the newsroom's zone: when a story was published or
    corrected (the `date_time` filter)."""
    if value is None:
        return ""
    return date_format(timezone.localtime(value), local_format("STORY_DATETIME_FORMAT"))


def clock_time(value):
    """ "14:05" for today in the newsroom's zone, "6 December 2026, 14:05" before: a live
    story's "Updated" time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return f"{local.hour:02d}:{local.minute:02d}"
    return date_format(local, local_format("STORY_DATETIME_FORMAT"))


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
