"""How the public pages write times: the News Feed's "14:05", "Nov 27" and "Nov 27, 2025", a
live story's "Updated 14:05"."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from public.formats import clock_time, date_time, feed_time, iso_datetime

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # 12:00 in Kyiv


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (datetime(2026, 11, 28, 7, 5, tzinfo=UTC), "09:05"),  # today, local time
        (datetime(2026, 11, 27, 22, 30, tzinfo=UTC), "00:30"),  # today in Kyiv, not in UTC
        (datetime(2026, 11, 27, 21, 30, tzinfo=UTC), "Nov 27"),
        (datetime(2026, 1, 5, 12, 0, tzinfo=UTC), "Jan 5"),
        (datetime(2025, 5, 1, 12, 0, tzinfo=UTC), "May 1, 2025"),
        (None, ""),
    ],
)
def test_feed_times_read_as_the_newsroom_sees_the_day(when, shown):
    with time_machine.travel(NOW, tick=False):
        assert feed_time(when) == shown


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (datetime(2026, 11, 28, 7, 5, tzinfo=UTC), "09:05"),  # today: 24-hour as in English
        (datetime(2026, 3, 5, 12, 0, tzinfo=UTC), "5 березня"),  # the month in the genitive
        (datetime(2026, 1, 5, 12, 0, tzinfo=UTC), "5 січня"),
        (datetime(2025, 5, 1, 12, 0, tzinfo=UTC), "1 травня 2025"),
    ],
)
def test_feed_times_in_ukrainian_read_as_ukrainian_writes_a_date(when, shown):
    with time_machine.travel(NOW, tick=False), translation.override("uk"):
        assert feed_time(when) == shown


def test_a_language_without_the_sites_own_formats_falls_back_to_the_english_ones():
    when = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    with time_machine.travel(NOW, tick=False), translation.override("de"):
        # Month names still follow the language, as the date filter's do.
        assert feed_time(when) == date_filter(timezone.localtime(when), "M j") == "Mär 5"
        assert date_time(when) == "5 März 2026, 14:00"


def test_machine_readable_times_carry_the_offset_and_no_microseconds():
    when = datetime(2026, 11, 28, 7, 5, 9, 123456, tzinfo=UTC)
    assert iso_datetime(when) == "2026-11-28T09:05:09+02:00"


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        (datetime(2026, 11, 28, 7, 5, tzinfo=UTC), "09:05"),  # today: the newsroom's clock
        (datetime(2026, 11, 28, 9, 59, tzinfo=UTC), "11:59"),
        (datetime(2026, 11, 27, 21, 40, tzinfo=UTC), "27 November 2026, 23:40"),
        (None, ""),
    ],
)
def test_a_live_storys_updated_time_is_a_24_hour_clock_with_the_date_before_today(when, shown):
    with time_machine.travel(NOW, tick=False):
        assert clock_time(when) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en-gb", "27 November 2026, 23:40"), ("uk", "27 листопада 2026, 23:40")],
)
def test_a_storys_date_and_time_reads_in_the_readers_language(language, shown):
    when = datetime(2026, 11, 27, 21, 40, tzinfo=UTC)
    with translation.override(language):
        assert date_time(when) == shown
        assert date_time(None) == ""


def test_a_live_storys_updated_time_in_ukrainian_names_the_month_in_the_genitive():
    with time_machine.travel(NOW, tick=False), translation.override("uk"):
        assert clock_time(datetime(2026, 11, 28, 7, 5, tzinfo=UTC)) == "09:05"
        assert clock_time(datetime(2026, 11, 27, 21, 40, tzinfo=UTC)) == "27 листопада 2026, 23:40"
