"""The verdicts of `make ops-check` (scripts/ops_check.py): what an outage must look like
from outside. The outages themselves run outside the suite."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import ops_check  # noqa: E402


class FakePoller:
    def __init__(self, rows):
        self.log = rows

    between = ops_check.Poller.between


def outage_rows(part: str, *, home=200, search=200, readyz=None) -> list[tuple]:
    """What both servers answered, every half second of a 10 s outage starting at 10 s."""
    readyz = readyz or (503, f"{part}: ConnectionError")
    rows = []
    for tick in range(20, 40):
        for server in ("A", "B"):
            t = tick / 2
            rows += [
                (t, server, "home", home, 0.01, ""),
                (t, server, "search", search, 0.01, ""),
                (t, server, "readyz", readyz[0], 0.01, readyz[1]),
            ]
    return rows


def checks(part, rows, recovered=1.0):
    result = {"name": part, "part": part, "began": 10, "ended": 20,
              "recovered": {"A": recovered, "B": recovered}}  # fmt: skip
    return dict(ops_check.report(result, FakePoller(rows)))


def test_a_cache_outage_handled_as_designed_passes():
    assert all(checks("cache", outage_rows("cache")).values())


def test_a_database_outage_handled_as_designed_passes():
    assert all(checks("database", outage_rows("database", search=503)).values())


@pytest.mark.parametrize(
    ("part", "rows", "failed"),
    [
        ("cache", outage_rows("cache", home=500), "cache: no 500 and no hang"),
        ("cache", outage_rows("cache", search=0), "cache: no 500 and no hang"),
        ("cache", outage_rows("cache", readyz=(200, "ok")), "cache: /readyz on A 503 naming cache"),
        ("database", outage_rows("database", readyz=(503, "cache: Error")),
         "database: /readyz on B 503 naming database"),
        ("database", outage_rows("database", home=503), "database: cached home page still 200"),
    ],
)  # fmt: skip
def test_a_broken_promise_is_reported(part, rows, failed):
    assert checks(part, rows)[failed] is False


def test_a_server_that_never_recovers_is_reported():
    assert (
        checks("cache", outage_rows("cache"), recovered=None)["cache: A recovered by itself"]
        is False
    )


OUTAGE_MAIL = "[Django] ERROR (EXTERNAL IP): Service Unavailable: /search/"


def test_one_error_mail_a_minute_with_its_count_passes():
    mails = [(10.0, OUTAGE_MAIL), (70.5, OUTAGE_MAIL + " (29 more like this since 14:05:09 UTC)")]
    assert all(dict(ops_check.mail_report(mails, since=5)).values())


def test_error_mail_more_often_than_a_minute_is_reported():
    mails = [(10.0, OUTAGE_MAIL), (12.0, OUTAGE_MAIL), (13.0, "[Django] ERROR: other")]
    found = dict(ops_check.mail_report(mails, since=5))
    assert found["error mail: at most one a minute per kind"] is False


def test_an_outage_nobody_was_mailed_about_is_reported():
    found = dict(ops_check.mail_report([(1.0, OUTAGE_MAIL)], since=5))
    assert found["error mail: the database outage was mailed"] is False
