"""The public site under load: gunicorn driven by wrk, page cache on and off, one table.

Run from the repository root (`make bench` runs it on a throwaway PostgreSQL):

    scripts/with-postgres .venv/bin/python bench/http_load.py --articles 100000
    .venv/bin/python bench/http_load.py --articles 100000          # SQLite under var/

It loads the archive with `seed_demo` and warms the renditions once: on SQLite the database
file under var/ is kept, on PostgreSQL a dump under var/ is restored into the throwaway
cluster (--reuse). Then it starts gunicorn (gunicorn.conf.py, 2 sync workers, no worker
recycling) with Redis as the cache, and for each page runs `wrk -t2 -c8 -d<seconds>s`:

- home, a Show-more page half way down the archive, an article, a tag page, search and the
  RSS feed, with the page cache on (Redis), with no page kept but story cards cached in Redis
  (PAGE_CACHE_SECONDS=0: what every page costs right after a purge), and with no cache at all
  (CACHE_URL=dummy://);
- the static CSS file through WhiteNoise: the ceiling for anything Django answers;
- a mix of pages while a background process publishes a story every 10 s through the
  workflow: requests/s against the same mix without publishing, and the page cache's hit
  ratio (responses whose Cache-Status says `hit`);
- worker memory (RSS from /proc) after 1,000 and 10,000 requests of the mix.
"""

import argparse
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{VAR / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(VAR / "bench-media"))
os.environ["CACHE_URL"] = "dummy://"  # this process only seeds and picks URLs
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from articles.pagination import Cursor  # noqa: E402

PUBLISH_EVERY = 10
LUA = ROOT / "bench" / "wrk_mix.lua"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name) or name


def load_archive(articles: int, reuse: bool) -> None:
    call_command("migrate", verbosity=0)
    is_pg = connection.vendor == "postgresql"
    dump = VAR / f"bench-{articles}.pgdump"
    if reuse and Article.objects.count() >= articles:
        return
    if reuse and is_pg and dump.exists():
        start = time.perf_counter()
        connection.close()
        subprocess.run(
            [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d"]
            + [os.environ["DATABASE_URL"], str(dump)],
            check=True,
        )
        print(f"restored {dump.name}: {time.perf_counter() - start:.1f}s")
        if migrate_restored():  # a dump from before the newest migrations: keep it current
            dump_archive(dump)
        analyze()
        return
    call_command("flush", interactive=False, verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", articles=articles, verbosity=0)
    print(f"seed_demo --articles {articles}: {time.perf_counter() - start:.1f}s")
    call_command("renditions", "warm", verbosity=0)
    analyze()
    if is_pg:
        dump_archive(dump)


def migrate_restored() -> bool:
    """Apply the migrations a restored dump predates; whether there were any."""
    from django.db.migrations.recorder import MigrationRecorder

    before = MigrationRecorder(connection).applied_migrations().keys()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # a migration may rewrite the table
    call_command("migrate", verbosity=0)
    return MigrationRecorder(connection).applied_migrations().keys() != before


def dump_archive(dump: Path) -> None:
    connection.close()
    subprocess.run(
        [pg_tool("pg_dump"), "-Fc", "-f", str(dump), os.environ["DATABASE_URL"]], check=True
    )


def analyze() -> None:
    """Planner statistics for the fresh archive, as autovacuum keeps them on a live site: a
    restore brings none, and a bulk load outruns autovacuum."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET statement_timeout = 0")  # the site's limit is for pages
        cursor.execute("ANALYZE")


def pick_urls() -> dict[str, str]:
    published = Article.objects.for_listing()
    total = published.count()
    deep = published.values_list("published_at", "id")[total // 2]
    article = published.filter(tags__isnull=False).distinct()[total // 10]
    tag = (
        Article.objects.published()
        .used_tags()
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n")
        .first()
    )
    word = article.title.split()[0].strip(",.:").lower()
    return {
        "home": "/",
        "show more (50% deep)": f"/?before={Cursor(*deep)}",
        "article": article.get_absolute_url(),
        "tag": f"/tags/{tag.slug}/",
        "search": f"/search/?q={word}",
        "RSS feed": "/feed/",
    }


def mix_paths(count: int = 40) -> list[str]:
    """What readers ask for: the home page, sections, tags and recent articles."""
    paths = ["/", "/feed/"]
    paths += [section.get_absolute_url() for section in Section.objects.all()]
    paths += [a.get_absolute_url() for a in Article.objects.for_listing()[:count]]
    return paths


class Server:
    """gunicorn with the bench's environment, on a free port."""

    def __init__(self, cache_url: str, log: Path, **env: str):
        self.port = free_port()
        self.env = {
            **env,
            **os.environ,
            "CACHE_URL": cache_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "1",
            "GUNICORN_ACCESS_LOG": "0",  # a line per request: gigabytes over a run
            "LOG_LEVEL": "WARNING",
        }
        self.log = log

    def __enter__(self):
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [
                gunicorn,
                "-c",
                "gunicorn.conf.py",
                "--max-requests",
                "0",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=1).read()
                if len(self.workers()) == 2:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            sizes.append(kb / 1024)
        return sizes


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, seconds: int, *, script: Path | None = None, env: dict | None = None) -> dict:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)),
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["errors"] = int(errors.group(1)) if errors else 0
    hits = re.search(r"cache hits: (\d+) of (\d+)", out)
    if hits:
        result["hits"], result["responses"] = int(hits.group(1)), int(hits.group(2))
        result["hit_ratio"] = result["hits"] / max(1, result["responses"])
    return result


def drive(server: Server, paths: list[str], count: int, clients: int = 8) -> None:
    """Send `count` requests over `paths` from `clients` threads (wrk cannot stop at a count)."""
    from concurrent.futures import ThreadPoolExecutor

    def get(n):
        with urllib.request.urlopen(server.url(paths[n % len(paths)]), timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(get, range(count)))


def publisher(stop_after: float) -> subprocess.Popen:
    """A separate process publishing a copy of a story every PUBLISH_EVERY seconds."""
    code = f"""
import os, sys, time, django
sys.path.insert(0, {str(ROOT)!r}); django.setup()
from django.contrib.auth import get_user_model
from articles import workflow
from articles.models import Article
editor = get_user_model().objects.filter(is_superuser=True).first() or \\
    get_user_model().objects.create_superuser("bench-editor", "bench@example.org", None)
end = time.monotonic() + {stop_after}
n = 0
while time.monotonic() < end:
    time.sleep({PUBLISH_EVERY})
    # A recent story that passes the publishing checklist (a copy of it will too).
    recent = Article.objects.for_detail().published().stories().order_by("-published_at")
    source = next(story for story in recent[5:60] if not workflow.publish_checklist(story))
    tags, bylines = list(source.tags.all()), list(source.bylines.all())
    source.pk = source.id = None
    source.slug = f"bench-{{os.getpid()}}-{{n}}"; n += 1
    source.status, source.published_at, source.version = Article.Status.DRAFT, None, 0
    source.save()
    source.tags.set(tags)
    for byline in bylines:
        byline.pk = None; byline.article = source; byline.save()
    workflow.publish(source, by=editor)
"""
    env = {**os.environ, "CACHE_URL": os.environ["BENCH_REDIS_URL"]}
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)


def _stop(signum, frame):
    raise SystemExit(1)  # so that gunicorn and Redis are stopped on the way out


def main():
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--reuse", action="store_true", help="keep or restore a loaded archive")
    args = parser.parse_args()

    VAR.mkdir(exist_ok=True)
    load_archive(args.articles, args.reuse)
    call_command("collectstatic", interactive=False, verbosity=0)
    urls = pick_urls()
    static = staticfiles_storage.url("css/site.css")
    mix = mix_paths()
    total = Article.objects.for_listing().count()
    connection.close()

    tmp = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
    )
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    os.environ["BENCH_REDIS_URL"] = redis_url
    log = VAR / "bench-gunicorn.log"
    log.write_bytes(b"")  # this run's errors only
    rows = []
    mix_env = {"BENCH_PATHS": " ".join(mix)}
    try:
        time.sleep(0.5)
        results = {}
        modes = {
            "on": {"cache_url": redis_url},
            "miss": {"cache_url": redis_url, "PAGE_CACHE_SECONDS": "0"},
            "off": {"cache_url": "dummy://"},
        }
        for mode, server_args in modes.items():
            with Server(log=log, **server_args) as server:
                for label, path in urls.items():
                    urllib.request.urlopen(server.url(path)).read()  # the first reader's miss
                    results[label, mode] = wrk(server.url(path), args.seconds)
                if mode == "on":
                    results["static", mode] = wrk(server.url(static), args.seconds)
                    drive(server, mix, len(mix))  # each page's first reader
                    quiet = wrk(server.url("/"), args.seconds * 2, script=LUA, env=mix_env)
                    busy_seconds = args.seconds * 3
                    writer = publisher(busy_seconds)
                    busy = wrk(server.url("/"), busy_seconds, script=LUA, env=mix_env)
                    writer.wait()
        # Memory: a fresh server, cache on, counted from its first request.
        with Server(redis_url, log) as server:
            memory, done = {}, 0
            for count in (1000, 10000):
                drive(server, mix, count - done)
                done = count
                memory[count] = server.rss_mb()

        cpus = os.cpu_count()
        print()
        print(
            f"{connection.vendor}, {total:,} published stories, gunicorn 2 sync workers, "
            f"wrk -t2 -c8 -d{args.seconds}s, {cpus} cores"
        )
        headings = {"on": "cache on", "miss": "page miss", "off": "cache off"}
        print(
            f"{'page':<24}"
            + "".join(f"{headings[m] + ' req/s':>18}{'p50 ms':>8}{'p99 ms':>8}" for m in modes)
        )
        for label in [*urls, "static"]:
            line = f"{label:<24}"
            for mode in modes:
                r = results.get((label, mode))
                line += f"{r['rps']:>18.0f}{r['p50']:>8.1f}{r['p99']:>8.1f}" if r else " " * 34
            if any(results.get((label, m), {}).get("errors") for m in modes):
                line += "  (non-2xx answers!)"
            rows.append(line)
        print("\n".join(rows))
        ratio = busy.get("hit_ratio")
        print(
            f"mix of {len(mix)} pages, cache on: {quiet['rps']:.0f} req/s quiet, "
            f"{busy['rps']:.0f} req/s ({busy['rps'] / quiet['rps']:.0%}) while publishing every "
            f"{PUBLISH_EVERY} s, hit ratio "
            + (
                f"{ratio:.2%} ({busy['responses'] - busy['hits']} misses in {busy['responses']})"
                if ratio
                else "n/a (no Cache-Status header)"
            )
            + f", p99 {busy['p99']:.1f} ms"
        )
        print(
            "worker RSS: "
            + ", ".join(
                f"after {n:,} requests " + " / ".join(f"{mb:.0f} MB" for mb in memory[n])
                for n in (1000, 10000)
            )
        )
    finally:
        redis.terminate()
        redis.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
