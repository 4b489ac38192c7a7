"""Times as the desk shows them: short relative phrases, exact times in the newsroom's zone.

One way to say a time everywhere on the desk: 24-hour, in the newsroom's zone, "17:39" today,
"7 Dec, 17:39" this year, "7 Dec 2025, 17:39" before (`moment`). Django admin's own pages say
it the same way (newsroom/formats).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html


def duration(delta: timedelta) -> str:
    """ "5 min", "3 h", "2 days": how long, rounded down to the unit that matters."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"


def relative(when: datetime | None, now: datetime | None = None) -> str:
    """ "2 h ago", "in 3 h", "just now"."""
    if when is None:
        return ""
    delta = (now or timezone.now()) - when
    if abs(delta) < timedelta(minutes=1):
        return "just now"
    if delta > timedelta(0):
        return f"{duration(delta)} ago"
    return f"in {duration(-delta)}"


def moment(when: datetime | None, now: datetime | None = None) -> str:
    """ "17:39" today, "7 Dec, 17:39" this year, "7 Dec 2025, 17:39" before or after that."""
    if when is None:
        return ""
    local, today = timezone.localtime(when), timezone.localtime(now or timezone.now())
    if local.date() == today.date():
        return date_format(local, "H:i")
    if local.year == today.year:
        return date_format(local, "j M, H:i")
    return date_format(local, "j M Y, H:i")


def exact(when: datetime | None) -> str:
    """ "28 Nov 2026, 14:05 (Europe/Kyiv)": the tooltip under every relative time."""
    if when is None:
        return ""
    return f"{date_format(timezone.localtime(when), 'j M Y, H:i')} ({settings.TIME_ZONE})"


def time_tag(when: datetime | None, empty: str = ""):
    """A <time> reading "2 h ago", with the exact local time (and zone) as its tooltip."""
    if when is None:
        return empty
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', when.isoformat(), exact(when), relative(when)
    )


def short(when: datetime) -> str:
    """ "14:05" today, "7 Dec, 14:05" before: when something on the desk happened."""
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j M, H:i")
