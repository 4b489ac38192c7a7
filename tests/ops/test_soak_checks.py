"""The verdicts of `make soak` (scripts/soak.py): a broken promise must turn a row BAD, or the
soak's "every check passed" means nothing. The load itself runs outside the suite."""

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import soak  # noqa: E402


def wrk_line(**counts) -> str:
    pairs = ", ".join(f'["{key}", {value}]' for key, value in counts.items())
    return f"Running 1m test\nWRK-JSON [{pairs}]\n"


def steady(**changes):
    figures = soak.wrk_figures(
        wrk_line(
            **{
                "status:200": 900,
                "status:404": 3,
                "requests": 903,
                "socket_errors": 0,
                "p50_us": 20000,
                "p99_us": 90000,
                "no_retry_after": 0,
            }
        )  # fmt: skip
    )
    result = {
        **figures,
        "rss_10s": {1: 80_000, 2: 81_000},
        "rss_end": {1: 84_000, 2: 83_000},
        "desk": [
            {"kind": "draft", "url": "/news/a/", "status": 404},
            {"kind": "hidden", "url": "/news/b/", "status": 404},
            {"kind": "published", "slug": "a", "pk": 1},
            {"kind": "visible", "slug": "a", "after": 0.0},
        ],
    }
    result.update(changes)
    return {check: ok for check, _, ok in soak.verdicts(result, fault=False)}


def test_threads_figures_are_summed():
    # Each of wrk's threads reports its own counts under the same keys.
    line = '["status:200", 5], ["second:100:503", 2], ["status:200", 7], ["second:100:503", 1]'
    figures = soak.wrk_figures(f"WRK-JSON [{line}]")
    assert figures["totals"]["status:200"] == 12
    assert figures["seconds"] == {100: Counter({503: 3})}


def test_a_clean_run_passes():
    assert all(steady().values())


@pytest.mark.parametrize(
    ("change", "row"),
    [
        (
            {"desk": [{"kind": "hidden", "url": "/news/b/", "status": 200}]},
            "drafts asked for, served",
        ),
        ({"desk": [{"kind": "visible", "slug": "a", "after": 1.5}]}, "on the home page after"),
        ({"desk": [{"kind": "visible", "slug": "a", "after": None}]}, "on the home page after"),
        ({"rss_end": {1: 100_000, 2: 100_000}}, "workers' RSS at 10 s → end"),
        ({"rss_end": {1: 84_000, 3: 83_000}}, "workers' RSS at 10 s → end"),
    ],
)
def test_a_broken_promise_is_reported(change, row):
    assert steady(**change)[row] is False


def test_a_server_error_is_reported():
    figures = soak.wrk_figures(
        wrk_line(
            **{
                "status:200": 9,
                "status:500": 1,
                "requests": 10,
                "socket_errors": 0,
                "p50_us": 1,
                "p99_us": 1,
                "no_retry_after": 0,
            }
        )  # fmt: skip
    )
    result = {**figures, "rss_10s": {1: 1}, "rss_end": {1: 1}, "desk": []}
    assert {c: ok for c, _, ok in soak.verdicts(result, fault=False)}["5xx"] is False
