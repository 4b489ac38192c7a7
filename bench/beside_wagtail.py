"""Our uncached pages beside a plain Wagtail 8 news site, on the same machine, in turn.

The Wagtail site is the peer kept in the shared folder (`shared/peers/wagtail`): copy it,
install it and seed it with 2,000 stories as its README says, then, from this repository's
root, with our 2,000-story database (`.venv/bin/python bench/http_load.py --articles 2000`
leaves it in var/bench.sqlite3):

    .venv/bin/python bench/beside_wagtail.py --peer /tmp/wagtail-peer [--rounds 6]

Each round starts our gunicorn with no cache at all (CACHE_URL=dummy://), then the peer's
gunicorn (it has no page cache), both with 2 sync workers, and drives the home page, a page
half way down the archive and an article with `wrk -t2 -c8` after a 3 s warm-up. The servers
run in turn rather than once each because a shared machine's speed drifts by 20% from one
minute to the next: the sums over the rounds are what to compare.
"""

import argparse
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import ROOT, Server, free_port, pick_urls, wrk  # noqa: E402

PAGES = ("home", "deep page", "article")
WARM_UP = 3


class PeerServer:
    """The Wagtail peer's gunicorn, as its bench.sh starts it."""

    def __init__(self, peer: Path, log: Path):
        self.peer, self.log, self.port = peer, log, free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(self.peer / ".venv" / "bin" / "gunicorn"),
                "newsroom.wsgi:application",
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=self.peer,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url("/"), timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"the peer's gunicorn did not start; see {self.log}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def peer_paths(peer: Path) -> dict[str, str]:
    out = subprocess.run(
        [str(peer / ".venv" / "bin" / "python"), "manage.py", "benchinfo", "urls"],
        cwd=peer,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    named = dict(line.split(" ", 1) for line in out.splitlines() if line.count(" ") == 1)
    return {"home": named["index"], "deep page": named["index_deep"], "article": named["article"]}


def measure(server, paths: dict[str, str], seconds: int) -> dict[str, float]:
    rates = {}
    for page in PAGES:
        url = server.url(paths[page])
        wrk(url, WARM_UP)
        result = wrk(url, seconds)
        if result["errors"]:
            raise SystemExit(f"{url}: {result['errors']} error responses")
        rates[page] = result["rps"]
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", type=Path, required=True, help="the prepared Wagtail copy")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    args = parser.parse_args()
    ours = pick_urls()
    our_paths = {
        "home": ours["home"],
        "deep page": ours["show more (50% deep)"],
        "article": ours["article"],
    }
    their_paths = peer_paths(args.peer)
    log = ROOT / "var" / "beside-wagtail.log"
    totals = {"ours": dict.fromkeys(PAGES, 0.0), "Wagtail": dict.fromkeys(PAGES, 0.0)}
    print(f"ours: {our_paths}\nWagtail: {their_paths}\nreq/s per round: " + ", ".join(PAGES))
    for round_number in range(1, args.rounds + 1):
        with Server("dummy://", log) as server:
            mine = measure(server, our_paths, args.seconds)
        with PeerServer(args.peer, log) as server:
            theirs = measure(server, their_paths, args.seconds)
        for name, rates in (("ours", mine), ("Wagtail", theirs)):
            for page in PAGES:
                totals[name][page] += rates[page]
        ratios = "  ".join(f"{mine[p] / theirs[p]:.2f}×" for p in PAGES)
        print(
            f"round {round_number}: ours {' '.join(f'{mine[p]:.0f}' for p in PAGES)}"
            f" | Wagtail {' '.join(f'{theirs[p]:.0f}' for p in PAGES)} | {ratios}",
            flush=True,
        )
    print(f"\nsummed over {args.rounds} rounds (req/s)\n")
    print("| page | Wagtail 8 | ours, cache off | ratio |\n|---|---|---|---|")
    for page in PAGES:
        mine, theirs = totals["ours"][page], totals["Wagtail"][page]
        print(f"| {page} | {theirs:,.0f} | {mine:,.0f} | {mine / theirs:.2f}× |")


if __name__ == "__main__":
    main()
