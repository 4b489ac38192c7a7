"""The desk's lists (the admin's changelists), safe with any query string.

Django answers a filter it cannot apply with a redirect to "?e=1", a page titled "Database
error", and its date drill-down (`date_hierarchy`) turns a year it can parse but not use (1,
9999, thirty digits, "١") into a 500: the year's bounds fall outside the calendar once they
are moved to UTC. Here both are a 400. It lives in media, the lowest layer, so every app's
admin can use it (`SafeChangeListMixin`).
"""

import re
from datetime import MAXYEAR, MINYEAR, datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest

_NUMBER = re.compile(r"[0-9]{1,4}")


def check_date_drill(field: str, params: dict) -> None:
    """Refuse a year, month or day in the address that is no date the list can show."""
    given = {
        part: params[f"{field}__{part}"]
        for part in ("year", "month", "day")
        if f"{field}__{part}" in params
    }
    if not given:
        return
    if not all(_NUMBER.fullmatch(value) for value in given.values()):
        raise BadRequest("The date in the address is not a date.")
    year = int(given.get("year", 2000))
    try:
        datetime(year, int(given.get("month", 1)), int(given.get("day", 1)))
    except ValueError:
        raise BadRequest("The date in the address is not a date.") from None
    # A year's list runs to the next New Year, in the newsroom's zone: both must be dates.
    if not MINYEAR < year < MAXYEAR:
        raise BadRequest("The list cannot show that year.")


class SafeChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        if self.date_hierarchy:
            check_date_drill(self.date_hierarchy, self.params)
        try:
            return super().get_queryset(request, exclude_parameters)
        except IncorrectLookupParameters as error:
            raise BadRequest("This list cannot be filtered that way.") from error


class SafeChangeListMixin:
    """For a ModelAdmin: its list refuses a filter it cannot apply with a 400."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList
