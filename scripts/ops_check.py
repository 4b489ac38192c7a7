"""`make ops-check`: the deployment of docs/operations.md on one machine, and its failures.

Two app servers (A socket-activated from an env file, as newsroom-web.socket and
EnvironmentFile= run it; B plainly), Redis, PostgreSQL with the connection pool .env.example
ships, the scheduler, the task worker and an SMTP server that keeps what it is sent. Then:
Redis stopped for 8 s, PostgreSQL for 10 s, a setting changed and server A restarted as
documented, the scheduler killed.

Checks (docs/operations.md, "Health checks and outages"): no 500 on either server; /readyz
answers 503 naming the failed part during each outage, and within 2 s, and 200 after; an
uncached page during the database outage is a 503 within 2 s (not the pool's wait); the
scheduler and the task worker are the same processes throughout and a story scheduled after
both outages is published; a story published on A (through the desk) appears on B; error
mail is at most one a minute per kind; the restart applies the changed setting and refuses
no request; /readyz?deep and `manage.py doctor` report the killed scheduler within a minute.
Everything listens on 127.0.0.1 and is thrown away.
"""

import http.cookiejar
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
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
    SmtpCatcher,
    Workspace,
    django_json,
    free_port,
    get,
    prepare_site,
    read_env_file,
    say,
    shipped_settings,
    site_env,
)

REDIS_DOWN, DATABASE_DOWN = 8, 10
BETWEEN_OUTAGES = 10
# The promise of docs/operations.md: a reader or a probe gets the 503 this fast.
FAST_503_SECONDS = 2
# A killed scheduler must show in /readyz?deep and `doctor` within this.
NOTICED_WITHIN_SECONDS = 60
SITE_NAMES = ("The Meridian", "The Evening Meridian")  # the setting changed by a restart
DEMO_PASSWORD = "newsroom-demo"  # seed_demo --demo-users; a throwaway site only

NEW_DRAFT = """
import json
from django.contrib.auth import get_user_model
from articles import workflow
from articles.models import Article, ArticleAuthor
editor = get_user_model().objects.get(username="editor")
model = Article.objects.published().exclude(lead_image=None).order_by("-published_at")[0]
story = Article(title="{title}", slug="{slug}", dek=model.dek or "A dek.", body=model.body,
                section_id=model.section_id, lead_image_id=model.lead_image_id)
author = model.bylines.first().author_id
workflow.save_article(story, by=editor, expected_version=None,
    save_related=lambda: ArticleAuthor.objects.create(article=story, author_id=author))
{then}
print(json.dumps(story.pk))
"""
SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
workflow.submit(story, by=editor)
workflow.schedule(story, by=editor, at=timezone.now() + timedelta(seconds={seconds}))
"""


class Poller(threading.Thread):
    """Asks both servers for a cached page, an uncached page and /readyz, over and over."""

    def __init__(self, servers: dict[str, str]):
        super().__init__(daemon=True)
        self.servers, self.log, self.stopped = servers, [], threading.Event()
        self.started = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.started

    def run(self):
        n = 0
        while not self.stopped.is_set():
            n += 1
            for name, base in self.servers.items():
                for kind, path in (
                    ("home", "/"),
                    ("search", f"/search/?q=poll{n}"),
                    ("readyz", "/readyz"),
                ):
                    sent = self.now()
                    status, headers, body = get(base + path, timeout=10)
                    took = self.now() - sent
                    detail = body.decode(errors="replace").strip() if kind == "readyz" else ""
                    self.log.append((sent, name, kind, status, took, detail))
            time.sleep(0.2)

    def between(self, start: float, end: float) -> list[tuple]:
        return [row for row in self.log if start <= row[0] < end]


class Desk:
    """An editor signed in to one server's desk (Django admin) over HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.post("/admin/login/?next=/admin/", username="editor", password=DEMO_PASSWORD)

    def token(self, path: str) -> str:
        page = self.opener.open(self.base + path, timeout=15).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, **fields) -> int:
        fields["csrfmiddlewaretoken"] = self.token(path)
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=15) as response:
            return response.status

    def publish(self, pk: int) -> int:
        """The changelist's "Publish selected stories now" action, as an editor uses it."""
        return self.post(
            "/admin/articles/article/", action="publish_selected", _selected_action=pk, index=0
        )


def new_story(env: dict, title: str, slug: str, *, schedule_in: int | None = None) -> int:
    """A story ready to publish, written through the workflow; scheduled if asked. Its id."""
    then = "" if schedule_in is None else SCHEDULE.format(seconds=schedule_in)
    return django_json(env, NEW_DRAFT.format(title=title, slug=slug, then=then))


def took(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} s"


def wait_for(predicate, seconds: float) -> float | None:
    """Seconds until `predicate()` is true, or None after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def shows(base: str, slug: str) -> bool:
    return slug.encode() in get(base + "/", timeout=10)[2]


def outage(name, part, poller, stop, start, seconds, servers, during=lambda: None) -> dict:
    """Stops a service for `seconds` (from when it is down), runs `during`, starts it again."""
    say(f"stopping {name} for {seconds}s")
    stop()
    began = poller.now()
    during()
    time.sleep(max(0.0, seconds - (poller.now() - began)))
    ended = poller.now()
    start()
    say(f"{name} started again")
    recovered = {}
    for server, base in servers.items():
        recovered[server] = wait_for(lambda b=base: get(b + "/readyz", timeout=5)[0] == 200, 90)
    return {"name": name, "part": part, "began": began, "ended": ended, "recovered": recovered}


def report(result, poller) -> list[tuple[str, bool]]:
    """Prints the outage's answers; returns (check, passed) pairs."""
    checks = []
    # Requests sent while the service was down, leaving out half a second at either end for
    # requests in flight when it stopped or answered after it started.
    during = poller.between(result["began"] + 0.5, result["ended"] - 0.5)
    print(f"\n{result['name']} down {result['ended'] - result['began']:.0f} s")
    print(f"  {'server':<8}{'page':<8}{'requests':>9}  statuses             slowest")
    for server in ("A", "B"):
        for kind in ("home", "search", "readyz"):
            rows = [r for r in during if r[1] == server and r[2] == kind]
            counts = Counter(r[3] for r in rows)
            text = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
            slowest = max((r[4] for r in rows), default=0)
            print(f"  {server:<8}{kind:<8}{len(rows):>9}  {text:<20} {slowest:.2f} s")
        readyz = [r for r in during if r[1] == server and r[2] == "readyz"]
        named = [r for r in readyz if r[3] == 503 and result["part"] in r[5]]
        checks.append(
            (
                f"{result['name']}: /readyz on {server} 503 naming {result['part']}",
                bool(readyz) and len(named) == len(readyz),
            )
        )
        said = sorted({r[5].replace("\n", "; ") for r in readyz})
        print(f"  server {server}: /readyz said {' | '.join(said) or 'nothing'}")
        seconds = result["recovered"][server]
        print(
            f"  server {server}: /readyz 200 again {seconds:.1f} s after the restart"
            if seconds is not None
            else f"  server {server}: never recovered"
        )
        checks.append((f"{result['name']}: {server} recovered by itself", seconds is not None))
    answered = Counter(r[3] for r in during)
    checks.append((f"{result['name']}: no 500 and no hang", all(s in (200, 503) for s in answered)))
    if result["part"] == "database":
        home = [r for r in during if r[2] == "home"]
        checks.append(("database: cached home page still 200", all(r[3] == 200 for r in home)))
        refused = [r for r in during if r[3] == 503]
        slowest = max((r[4] for r in refused), default=0)
        checks.append(
            (
                f"database: every 503 within {FAST_503_SECONDS} s (slowest {slowest:.2f} s)",
                bool(refused) and slowest < FAST_503_SECONDS,
            )
        )
    else:
        pages = [r for r in during if r[2] != "readyz"]
        checks.append(("cache: every page 200", all(r[3] == 200 for r in pages)))
    return checks


# Error mails: Django's subject prefix and level, then the handler's count suffix.
ERROR_MAIL = "[Django] ERROR"
COUNTED = re.compile(r" \(\d+ more like this since [0-9:]+ UTC\)$")
# A kind's next mail comes when its minute is over; allow for the processes' clocks.
MAIL_GAP_SECONDS = 55


def mail_report(messages: list[tuple[float, str]], since: float) -> list[tuple[str, bool]]:
    """Prints the error mails received after `since`; checks at most one a minute per kind."""
    kinds: dict[str, list[float]] = {}
    for at, subject in messages:
        if at >= since and subject.startswith(ERROR_MAIL):
            kinds.setdefault(COUNTED.sub("", subject), []).append(at)
    print("\nerror mails from the database outage on")
    for kind, times in kinds.items():
        offsets = ", ".join(f"{t - since:.0f} s" for t in times)
        print(f"  {len(times)} × {kind[:90]} (at {offsets})")
    gaps = [b - a for times in kinds.values() for a, b in zip(times, times[1:], strict=False)]
    return [
        (
            "error mail: the database outage was mailed",
            any("Service Unavailable" in kind for kind in kinds),
        ),
        (
            "error mail: at most one a minute per kind",
            all(gap >= MAIL_GAP_SECONDS for gap in gaps),
        ),
    ]


def site_name(base: str) -> str | None:
    """Which of SITE_NAMES an uncached page of `base` shows."""
    body = get(base + f"/search/?q=name{time.monotonic_ns()}", timeout=10)[2].decode(
        errors="replace"
    )
    shown = [name for name in SITE_NAMES if f">{name}<" in body or f"— {name}<" in body]
    return shown[-1] if shown else None


def deep_problems(base: str) -> str:
    status, _, body = get(base + "/readyz?deep", timeout=10)
    return "" if status == 200 else body.decode(errors="replace").strip() or f"status {status}"


def main() -> int:
    with Workspace("ops-check") as ws:
        say("starting PostgreSQL, Redis and an SMTP catcher (throwaway)")
        pg, redis, smtp = Postgres(ws), Redis(ws), SmtpCatcher(ws)
        port_a, port_b = free_port(), free_port()
        env = site_env(ws, database_url=pg.url, cache_url=redis.url, site_port=port_a)
        # The connection pool as .env.example ships it, and error mail to the catcher.
        env.update(
            shipped_settings(
                "DATABASE_POOL_MAX_SIZE", "DATABASE_POOL_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT"
            )
        )
        env.update(
            DJANGO_ADMINS="Night Desk <ops@example.org>",
            DJANGO_SERVER_EMAIL="newsroom@example.org",
            DJANGO_EMAIL_BACKEND="smtp",
            DJANGO_EMAIL_HOST=HOST,
            DJANGO_EMAIL_PORT=str(smtp.port),
            DJANGO_EMAIL_USE_TLS="false",
            TASKS_BACKEND="database",
        )
        say(
            f"pool as shipped: {env.get('DATABASE_POOL_MAX_SIZE')} connections, "
            f"{env.get('DATABASE_POOL_TIMEOUT')} s wait"
        )
        say("loading the demo (300 stories), renditions, static files")
        prepare_site(env, 300)
        servers = {"A": f"http://{HOST}:{port_a}", "B": f"http://{HOST}:{port_b}"}
        # Server A as systemd runs it: its socket held for it, its env file read at each start.
        env_file = ws.path / "newsroom.env"
        env_file.write_text(f'SITE_NAME="{SITE_NAMES[0]}"\n')
        web_a = Gunicorn(
            ws, {**env, **read_env_file(env_file)}, port_a, name="web-a", socket_activated=True
        )
        Gunicorn(ws, {**env, "SITE_NAME": SITE_NAMES[0]}, port_b, workers=2, name="web-b")

        def background(name: str, *args: str) -> subprocess.Popen:
            log = (ws.path / f"{name}.log").open("a")
            process = subprocess.Popen(
                [PY, "manage.py", *args],
                cwd=ROOT,
                env={**env, "LOG_LEVEL": "INFO"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            ws.cleanups.append(lambda: (process.terminate(), process.wait(30)))
            return process

        scheduler = background("scheduler", "publish_scheduled", "--loop", "2")
        worker = background("worker", "db_worker", "--interval", "2")
        say(
            f"servers A {servers['A']}, B {servers['B']}; scheduler pid {scheduler.pid}, "
            f"task worker pid {worker.pid}"
        )
        desk = Desk(servers["A"])
        healthy = wait_for(lambda: deep_problems(servers["A"]) == "", 30)
        poller = Poller(servers)
        poller.start()
        time.sleep(3)
        checks = [
            (
                "before: /readyz 200 on both",
                all(r[3] == 200 for r in poller.log if r[2] == "readyz"),
            ),
            ("before: /readyz?deep 200 (scheduler and worker beating)", healthy is not None),
        ]

        # Redis away: publishing on A must work, and B must show it once Redis is back.
        def publish_on_a():
            time.sleep(2)
            pk = new_story(env, "Published while Redis was down", "during-redis-outage")
            status = desk.publish(pk)
            checks.append(("publishing on A during the Redis outage", status == 200))

        redis_result = outage(
            "Redis", "cache", poller, redis.stop, redis.start, REDIS_DOWN, servers, publish_on_a
        )
        seen = wait_for(lambda: shows(servers["B"], "during-redis-outage"), 30)
        redis_result["coherent"] = seen
        checks.append(("story published on A during the outage shows on B", seen is not None))
        # Each process skips the cache for 5 s after its last failure (public.cacheguard); give
        # the pages time to be cached again before the database goes, as between real outages.
        time.sleep(BETWEEN_OUTAGES)
        database_began = time.monotonic()
        database_result = outage(
            "PostgreSQL",
            "database",
            poller,
            lambda: pg.stop(mode="fast"),
            pg.start,
            DATABASE_DOWN,
            servers,
        )
        time.sleep(2)

        # After both: a story scheduled now goes out without anyone restarting the scheduler,
        # and one published on A shows on B.
        new_story(env, "Scheduled after both outages", "scheduled-after-outages", schedule_in=3)
        published = wait_for(lambda: shows(servers["B"], "scheduled-after-outages"), 120)
        pk = new_story(env, "Published on A after the outages", "published-on-a")
        desk.publish(pk)
        coherent = wait_for(lambda: shows(servers["B"], "published-on-a"), 10)

        # A setting changed in the env file, applied by the documented restart.
        shown_before = site_name(servers["A"])
        env_file.write_text(f'SITE_NAME="{SITE_NAMES[1]}"\n')
        say("SITE_NAME changed in A's env file; restarting A (systemctl restart newsroom-web)")
        restart_began = poller.now()
        web_a.restart({**env, **read_env_file(env_file)})
        restart_ended = poller.now()
        shown_after, shown_on_b = site_name(servers["A"]), site_name(servers["B"])
        during_restart = [
            r for r in poller.between(restart_began, restart_ended + 1) if r[1] == "A"
        ]

        # The scheduler killed: the monitoring must notice, and a new one is seen again.
        say("killing the scheduler (SIGKILL)")
        scheduler_survived = scheduler.poll() is None
        scheduler.kill()
        scheduler.wait(10)
        noticed = wait_for(
            lambda: "scheduler:" in deep_problems(servers["B"]), NOTICED_WITHIN_SECONDS + 30
        )
        doctor = subprocess.run(
            [PY, "manage.py", "doctor", "--skip", "settings", "--skip", "tls"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        doctor_says = [line for line in doctor.stdout.splitlines() if " scheduler " in line]
        background("scheduler", "publish_scheduled", "--loop", "2")
        back = wait_for(lambda: deep_problems(servers["B"]) == "", 30)
        poller.stopped.set()
        poller.join(15)

        checks += report(redis_result, poller)
        checks += report(database_result, poller)
        print("\nafter both outages")
        for name, process, survived in (
            ("scheduler", scheduler, scheduler_survived),
            ("task worker", worker, worker.poll() is None),
        ):
            print(f"  {name}: pid {process.pid}, {'running' if survived else 'EXITED'}")
        print(f"  story scheduled 3 s ahead: on B's home page {took(published)} later")
        print(f"  story published on A in the Redis outage: on B {took(seen)} after Redis")
        print(f"  story published on A afterwards: on B's home page {took(coherent)} later")
        for log in ("scheduler", "worker"):
            for line in (ws.path / f"{log}.log").read_text().splitlines():
                if "retrying in" in line or "Recovered after" in line or "again after" in line:
                    print(f"  {log} log: {line[:150]}")
        print("\nrestart with a changed setting")
        restart_statuses = Counter(r[3] for r in during_restart)
        print(
            f"  A showed {shown_before!r}, after the restart {shown_after!r} (B, not restarted: "
            f"{shown_on_b!r}); restart took {restart_ended - restart_began:.1f} s; requests to "
            f"A meanwhile: {dict(restart_statuses)}, slowest "
            f"{max((r[4] for r in during_restart), default=0):.2f} s"
        )
        print("\nscheduler killed")
        print(f"  /readyz?deep on B reported it {took(noticed)} after the kill")
        print(
            f"  doctor (exit {doctor.returncode}): {' | '.join(doctor_says) or 'no scheduler line'}"
        )
        print(f"  a new scheduler: /readyz?deep 200 again {took(back)} after it started")
        checks += mail_report(smtp.messages, database_began)
        requests = Counter(r[3] for r in poller.log)
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(requests.items()))
        print(f"  all polled requests: {len(poller.log)} ({statuses})")
        checks += [
            ("scheduler still running, never restarted", scheduler_survived),
            ("task worker still running, never restarted", worker.poll() is None),
            ("scheduled story published after both outages", published is not None),
            (
                # B's workers check their own copies of pages against purges twice a second
                # (PAGE_CACHE_LOCAL_SECONDS).
                "story published on A appears on B within 1 s",
                coherent is not None and coherent <= 1,
            ),
            (
                "restart: the setting changed in the env file is applied on A (not on B)",
                (shown_before, shown_after, shown_on_b)
                == (SITE_NAMES[0], SITE_NAMES[1], SITE_NAMES[0]),
            ),
            (
                "restart: every request to A answered 200 while it restarted",
                bool(during_restart) and set(restart_statuses) == {200},
            ),
            (
                f"scheduler killed: /readyz?deep says so within {NOTICED_WITHIN_SECONDS} s",
                noticed is not None and noticed <= NOTICED_WITHIN_SECONDS,
            ),
            (
                "scheduler killed: doctor fails its scheduler line",
                doctor.returncode == 1 and bool(doctor_says) and doctor_says[0].startswith("fail"),
            ),
            ("a new scheduler: /readyz?deep 200 again", back is not None),
            ("no 500 from either server, whole run", 500 not in requests and 0 not in requests),
        ]
        print()
        for check, ok in checks:
            print(f"  {'ok ' if ok else 'BAD'} {check}")
        if not all(ok for _, ok in checks):
            ws.keep = True
            print(f"\nops-check FAILED (logs in {ws.path}, kept)")
            return 1
        print("\nops-check: every check passed")
        return 0


if __name__ == "__main__":
    sys.exit(main())
