"""`make soak`: the public site under load on gunicorn + PostgreSQL + Redis, then the same load
with PostgreSQL stopped for 10 s. Prints a table of figures; exits 1 if a promise is broken.

Promises checked (docs/security.md, "Load and faults"):
- under load: no 5xx, no draft ever served, a published story on the home page within a
  second, workers' memory flat (RSS at 10 s and at the end within ±15 %);
- database stopped: no 500 (cached pages 200, others 503 with Retry-After), the site
  recovers by itself, every story published before the fault is still published.
Everything listens on 127.0.0.1 and is thrown away at the end.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throwaway import (  # noqa: E402
    HOST,
    PY,
    ROOT,
    Gunicorn,
    Postgres,
    Redis,
    Workspace,
    django_json,
    free_port,
    get,
    need,
    prepare_site,
    say,
    site_env,
)

ARTICLES = 2000
SECONDS = 60
CONCURRENCY = 64
FAULT_AT, FAULT_FOR = 25, 10
# The desk stops publishing this long before the fault: each publish empties the page cache,
# and "cached pages keep being served" needs pages cached since the last one.
QUIET_BEFORE = 12
RSS_TOLERANCE = 0.15

PATHS_CODE = """
import json
import os
from articles.models import Article, Section
from authors.models import Author
published = Article.objects.published().order_by("-published_at")
paths = ["/", "/feed/", "/feed/atom/", "/sitemap.xml", "/news-sitemap.xml"]
paths += [a.get_absolute_url() for a in published[:60]]
paths += [a.get_absolute_url() for a in published.order_by("?")[:60]]
for s in Section.objects.all():
    paths += [s.get_absolute_url(), s.get_absolute_url() + "feed/"]
for t in published.used_tags()[:10]:
    paths += [f"/tags/{t.slug}/", f"/tags/{t.slug}/feed/"]
paths += [a.get_absolute_url() for a in Author.objects.all()[:8]]
print(json.dumps(paths))
"""
SEARCHES = ["drones", "energy", "minister", "winter+budget", "kyiv", "grain", "talks"]


def show_more_pages(site: str, start: str, depth: int) -> list[str]:
    """Follow "Show more" links from `start`, `depth` pages deep."""
    found, url = [], start
    for _ in range(depth):
        match = re.search(rb'href="(\?before=[^"]+)"', get(site + url)[2])
        if not match:
            break
        url = start.split("?")[0] + match.group(1).decode().replace("&amp;", "&")
        found.append(url)
    return found


def build_paths(env: dict, site: str, folder: Path) -> Path:
    paths = django_json(env, PATHS_CODE)
    for start in ["/", paths[-1], *[p for p in paths if p.startswith("/sections/")][:4:2]]:
        paths += show_more_pages(site, start, 5)
    for query in SEARCHES:
        paths.append(f"/search/?q={query}")
        paths += show_more_pages(site, f"/search/?q={query}", 2)
    target = folder / "paths.txt"
    target.write_text("\n".join(paths) + "\n")
    return target


def run_wrk(site: str, paths: Path, seconds: int) -> subprocess.Popen:
    wrk = need("wrk", "wrk")
    command = [wrk, "-t2", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "scripts" / "soak.lua"), site, "--", str(paths)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def wrk_figures(output: str) -> dict:
    """Totals from soak.lua's WRK-JSON line: statuses, per-second statuses, latencies."""
    line = next(li for li in output.splitlines() if li.startswith("WRK-JSON "))
    totals, seconds = Counter(), {}
    for key, value in json.loads(line.removeprefix("WRK-JSON ")):
        if key.startswith("second:"):
            second, status = key.removeprefix("second:").split(":")
            seconds.setdefault(int(second), Counter())[int(status)] += value
        else:
            totals[key] += value
    return {"totals": totals, "seconds": seconds}


def statuses(totals: Counter) -> Counter:
    return Counter({int(k[7:]): v for k, v in totals.items() if k.startswith("status:")})


def desk_events(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def phase(ws, env, web, pg, site, paths, *, fault: bool) -> dict:
    name = "database stopped" if fault else "steady load"
    say(f"{name}: {SECONDS}s at concurrency {CONCURRENCY}")
    desk = subprocess.Popen(
        [PY, str(ROOT / "scripts" / "soak_desk.py"), site, str(SECONDS - 5), "--every", "3"]
        + (["--pause", str(FAULT_AT - QUIET_BEFORE), str(FAULT_AT + FAULT_FOR)] if fault else []),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=(ws.path / f"desk-{int(fault)}.log").open("w"),
        text=True,
    )
    started = time.monotonic()
    load = run_wrk(site, paths, SECONDS)
    result = {"name": name, "probes": [], "started_wall": time.time()}
    probe_stop = threading.Event()

    def probe(kind: str, path: str):
        # A cached page (the home page, also asked for by the load) and an uncached one (a
        # new search each time). Times are when each request was sent: under load, requests
        # wait in gunicorn's queue.
        n = 0
        while not probe_stop.is_set():
            n += 1
            sent = round(time.monotonic() - started, 1)
            status, headers, _ = get(site + path.format(n=n), timeout=20)
            result["probes"].append((kind, sent, status, headers.get("Retry-After")))
            time.sleep(0.25)

    probers = [
        threading.Thread(target=probe, args=("cached", "/"), daemon=True),
        threading.Thread(target=probe, args=("uncached", "/search/?q=probe{n}"), daemon=True),
    ]
    for prober in probers:
        prober.start()
    time.sleep(10)
    result["rss_10s"] = web.worker_rss_kb()
    if fault:
        time.sleep(max(0, FAULT_AT - (time.monotonic() - started)))
        say("stopping PostgreSQL (pg_ctl stop -m fast)")
        result["fault_started"] = time.monotonic() - started
        pg.stop(mode="fast")
        time.sleep(FAULT_FOR)
        say("starting PostgreSQL again")
        pg.start()
        result["fault_ended"] = time.monotonic() - started
    time.sleep(max(0, SECONDS - 2 - (time.monotonic() - started)))
    result["rss_end"] = web.worker_rss_kb()
    result.update(wrk_figures(load.communicate(timeout=SECONDS + 30)[0]))
    probe_stop.set()
    for prober in probers:
        prober.join(25)
    result["desk"] = desk_events(desk.communicate(timeout=60)[0])
    return result


def verdicts(result: dict, *, fault: bool) -> list[tuple[str, str, bool]]:
    """(check, figure, passed) rows for the table."""
    counts = statuses(result["totals"])
    five = sum(v for k, v in counts.items() if k >= 500)
    desk = result["desk"]
    leaks = [e for e in desk if e["kind"] in ("hidden", "draft") and e["status"] == 200]
    probes_checked = sum(e["kind"] in ("hidden", "draft") for e in desk)
    visible = [e["after"] for e in desk if e["kind"] == "visible"]
    late = [v for v in visible if v is None or v > 1.0]
    rows = [
        ("requests", f"{result['totals']['requests']:,} ({_rate(result)}/s)", True),
        ("statuses", ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items())), True),
        ("latency p50 / p99", _latency(result["totals"]), True),
        ("socket errors", str(result["totals"]["socket_errors"]), True),
        ("drafts asked for, served", f"{probes_checked}, {len(leaks)}", not leaks),
        ("stories published", str(len(visible)), len(visible) > 0),
        ("on the home page after", _spread(visible), not late),
    ]
    if not fault:
        rows.insert(2, ("5xx", str(five), five == 0))
        before, after = sum(result["rss_10s"].values()), sum(result["rss_end"].values())
        change = (after - before) / before
        rows.append(
            (
                "workers' RSS at 10 s → end",
                f"{before / 1024:.0f} MB → {after / 1024:.0f} MB ({change:+.1%})",
                abs(change) <= RSS_TOLERANCE and set(result["rss_10s"]) == set(result["rss_end"]),
            )
        )
        return rows
    other = sum(v for k, v in counts.items() if k >= 500 and k != 503)
    rows.insert(2, ("5xx other than 503", str(other), other == 0))
    missing = result["totals"]["no_retry_after"]
    rows.insert(3, ("503 without Retry-After", str(missing), missing == 0))
    # From a second into the outage (PostgreSQL takes a moment to stop) until its restart.
    start, end = result["fault_started"] + 1, result["fault_ended"]
    down = [p for p in result["probes"] if start <= p[1] < end]
    cached = [p for p in down if p[0] == "cached"]
    cached_ok = sum(p[2] == 200 for p in cached)
    rows.append(
        (
            "cached page during outage",
            f"{cached_ok}/{len(cached)} answered 200",
            bool(cached) and cached_ok == len(cached),
        )
    )
    uncached = [p for p in down if p[0] == "uncached"]
    answers = Counter(p[2] for p in uncached)
    rows.append(
        (
            "uncached page during outage",
            _counter(answers),
            set(answers) <= {503} and all(p[3] for p in uncached),
        )
    )
    after = [p for p in result["probes"] if p[0] == "uncached" and p[1] >= end]
    recovered = next((p[1] - end for p in after if p[2] == 200), None)
    rows.append(
        (
            "recovered after restart",
            "never" if recovered is None else f"{recovered:.1f} s",
            recovered is not None,
        )
    )
    errors = sum(e["kind"] == "db_error" for e in desk)
    rows.append(("desk cycles refused by the outage", str(errors), True))
    return rows


def _latency(totals) -> str:
    return f"{totals['p50_us'] / 1000:.0f} ms / {totals['p99_us'] / 1000:.0f} ms"


def _rate(result) -> str:
    return f"{result['totals']['requests'] / SECONDS:,.0f}"


def _spread(values) -> str:
    known = sorted(v for v in values if v is not None)
    if not known:
        return "never"
    missing = len(values) - len(known)
    text = f"median {known[len(known) // 2]:.2f} s, max {known[-1]:.2f} s"
    return text + (f", {missing} never" if missing else "")


def _counter(counter) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())) or "none"


def lost_stories(env: dict, site: str, results: list[dict]) -> list[str]:
    """Stories the desk published (in either phase) that are no longer published."""
    published = [e["pk"] for r in results for e in r["desk"] if e["kind"] == "published"]
    code = (
        "import json; from articles.models import Article; "
        f"ids = set(Article.objects.published().filter(pk__in={published!r})"
        ".values_list('pk', flat=True)); "
        f"print(json.dumps([pk for pk in {published!r} if pk not in ids]))"
    )
    missing = django_json(env, code)
    slugs = [e["slug"] for r in results for e in r["desk"] if e["kind"] == "published"]
    unreachable = [s for s in slugs if get(f"{site}/news/{s}/")[0] != 200]
    return [str(pk) for pk in missing] + unreachable


def main() -> int:
    with Workspace("soak") as ws:
        say("starting PostgreSQL and Redis (throwaway)")
        pg, redis = Postgres(ws), Redis(ws)
        port = free_port()
        site = f"http://{HOST}:{port}"
        env = site_env(ws, database_url=pg.url, cache_url=redis.url, site_port=port)
        say(f"loading the demo ({ARTICLES} stories), renditions, static files")
        prepare_site(env, ARTICLES)
        web = Gunicorn(ws, env, port, workers=2)
        say(f"gunicorn: 2 workers × 4 threads on {site}")
        paths = build_paths(env, site, ws.path)
        say(f"{len(paths.read_text().split())} paths to rotate over")
        steady = phase(ws, env, web, pg, site, paths, fault=False)
        outage = phase(ws, env, web, pg, site, paths, fault=True)
        lost = lost_stories(env, site, [steady, outage])
        rows = [
            ("steady load", verdicts(steady, fault=False)),
            ("PostgreSQL stopped 10 s", verdicts(outage, fault=True)),
        ]
        rows.append(("after both", [("published stories lost", str(len(lost)), not lost)]))
        print_table(rows)
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        print(f"\nmachine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
        print_timeline(outage)
        failed = [check for _, group in rows for check, _, ok in group if not ok]
        if failed:
            print(f"\nFAILED: {', '.join(failed)}  (logs in {ws.path}, kept)")
            ws.keep = True
            return 1
        print("\nsoak: every check passed")
        return 0


def print_table(groups) -> None:
    print()
    for title, rows in groups:
        print(f"{title}")
        for check, figure, ok in rows:
            print(f"  {'ok ' if ok else 'BAD'} {check:<36} {figure}")


def print_timeline(result) -> None:
    """Answers per second around the outage (from wrk): what readers got."""
    print("\nper second during the PostgreSQL run (s: status counts)")
    for second in sorted(result["seconds"]):
        t = second - int(result["started_wall"])
        mark = " <- PostgreSQL down" if result["fault_started"] <= t < result["fault_ended"] else ""
        print(f"  {t:>3}s  {_counter(result['seconds'][second])}{mark}")


if __name__ == "__main__":
    sys.exit(main())
