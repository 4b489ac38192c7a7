"""Throwaway services for scripts/soak and scripts/ops-check: PostgreSQL, Redis, gunicorn (by
itself or on a socket held for it, as systemd's newsroom-web.socket does) and an SMTP server
that keeps what it is sent, on loopback ports, all under one temporary folder that is deleted
at the end.

PostgreSQL runs as the `postgres` user when the script runs as root (it refuses root), like
scripts/with-postgres; unlike it, the cluster can be stopped and started again mid-run, with
full durability (fsync on), since "nothing written before the fault is lost" is measured.
"""

import email
import email.policy
import glob
import json
import os
import shlex
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def need(command: str, package: str) -> str:
    """The path of `command`, installing its Debian package first when missing (as root)."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit(f"{command} is missing: sudo apt-get install {package}, then run again.")
    say(f"Installing {package} from Debian…")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )
    return shutil.which(command) or sys.exit(f"{package} did not install {command}.")


class Workspace:
    """A temporary folder, and every process started in it stopped at the end."""

    def __init__(self, name: str):
        self.path = Path(tempfile.mkdtemp(prefix=f"newsroom-{name}."))
        os.chmod(self.path, 0o755)
        self.cleanups = []
        self.keep = False  # leave the folder (logs) in place, e.g. after a failed check

    def __enter__(self):
        # Ctrl+C and SIGTERM end the run through __exit__, so nothing is left running (and
        # Ctrl+C works even when started in the background, where SIGINT is ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        return self

    def __exit__(self, *exc):
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as error:  # noqa: BLE001 - keep cleaning up
                print(f"cleanup: {error}", file=sys.stderr)
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)


class Postgres:
    def __init__(self, ws: Workspace):
        initdb = shutil.which("initdb") or max(
            glob.glob("/usr/lib/postgresql/*/bin/initdb"), default=None
        )
        if initdb is None:
            initdb = need("initdb", "postgresql")
        self.bin = Path(initdb).resolve().parent
        self.data = ws.path / "pg"
        self.port = free_port()
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.log = ws.path / "postgres.log"
        (ws.path / "pg").mkdir()
        if self.as_pg:
            shutil.chown(ws.path / "pg", "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", HOST, "-p", self.port, "-U", "postgres", "newsroom")
        self.url = f"postgres://postgres@{HOST}:{self.port}/newsroom"
        ws.cleanups.append(lambda: self.stop(mode="immediate"))

    def _run(self, tool, *args):
        command = [*self.as_pg, str(self.bin / tool), *map(str, args)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def start(self):
        options = f"-h {HOST} -p {self.port} -k {self.data} -c max_connections=200"
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-o", options, "start")

    def stop(self, mode="fast"):
        command = [*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode]
        subprocess.run([*command, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Redis:
    def __init__(self, ws: Workspace):
        self.server = need("redis-server", "redis-server")
        self.port = free_port()
        self.dir = ws.path
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = None
        self.start()
        ws.cleanups.append(self.stop)

    def start(self):
        self.process = subprocess.Popen(
            [self.server, "--bind", HOST, "--port", str(self.port), "--save", "", "--appendonly",
             "no", "--dir", str(self.dir), "--maxmemory", "256mb", "--maxmemory-policy",
             "allkeys-lru"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing listens on {HOST}:{port} after {seconds}s")


def site_env(ws: Workspace, *, database_url: str, cache_url: str, site_port: int) -> dict:
    """The environment of every process of the site: production-like, on loopback."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "NEWSROOM_VAR_DIR": str(ws.path / "var"),
        "DJANGO_SECRET_KEY": "soak-" + "x" * 60,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": f"http://{HOST}:{site_port}",
        "DESK_REQUIRE_2FA": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def shipped_settings(*names: str) -> dict[str, str]:
    """The values .env.example ships for `names` (those it sets, not those commented out)."""
    shipped = read_env_file(ROOT / ".env.example")
    return {name: shipped[name] for name in names if name in shipped}


def read_env_file(path: Path) -> dict[str, str]:
    """An env file as systemd's EnvironmentFile= reads it: KEY=VALUE lines, # comments,
    quoted values with the quotes removed."""
    values = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            continue
        name, _, value = line.partition("=")
        values[name.strip()] = " ".join(shlex.split(value)) if value.strip() else ""
    return values


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_site(env: dict, articles: int) -> None:
    """Schema, demo content with the desk logins, renditions and static files."""
    manage(env, "migrate", "--no-input")
    say(manage(env, "seed_demo", "--articles", str(articles), "--demo-users").splitlines()[0])
    manage(env, "renditions", "warm")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")


# What systemd does for a socket-activated service: the socket as file descriptor 3, and
# LISTEN_FDS/LISTEN_PID naming it for this process (gunicorn then listens on nothing else).
SOCKET_ACTIVATION = """
import os, sys
os.dup2(int(sys.argv[1]), 3)
os.set_inheritable(3, True)  # a no-op dup2 (the socket already is 3) keeps it close-on-exec
os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
os.execv(sys.argv[2], sys.argv[2:])
"""


class Gunicorn:
    """gunicorn -c gunicorn.conf.py on `port`; with `socket_activated`, on a socket this
    script holds, as newsroom-web.socket does, so that restart() drops no connection."""

    def __init__(
        self, ws: Workspace, env: dict, port: int, *, workers: int = 2, name="web",
        socket_activated: bool = False,
    ):  # fmt: skip
        self.ws, self.port, self.workers = ws, port, workers
        self.log = open(ws.path / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.socket = None
        if socket_activated:
            self.socket = socket.create_server((HOST, port), backlog=1024)
            ws.cleanups.append(self.socket.close)
        self.start(env)
        ws.cleanups.append(self.stop)

    def start(self, env: dict) -> None:
        # --max-requests 0: workers are not recycled, so their memory can be compared.
        command = [GUNICORN, "-c", "gunicorn.conf.py", "--max-requests", "0"]
        fds = ()
        if self.socket is not None:
            fds = (self.socket.fileno(),)
            command = [PY, "-c", SOCKET_ACTIVATION, str(self.socket.fileno()), *command]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"{HOST}:{self.port}",
                "GUNICORN_WORKERS": str(self.workers),
                "GUNICORN_THREADS": "4",
                "RUNTIME_DIRECTORY": str(self.ws.path),
            },
            pass_fds=fds,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_answer(f"http://{HOST}:{self.port}/healthz", 60)

    def restart(self, env: dict) -> None:
        """`systemctl restart newsroom-web`: TERM (requests in hand are finished), then start
        with `env`, read anew; the socket queues what arrives meanwhile."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(45)
        self.start(env)

    def worker_rss_kb(self) -> dict[int, int]:
        """Resident memory of each worker process, by pid."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        rss = {}
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss[int(pid)] = int(line.split()[1])
        return rss

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(35)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def wait_for_answer(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if get(url, timeout=5)[0] == 200:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer 200 within {seconds}s")


class SmtpCatcher:
    """An SMTP server on loopback that accepts every message and keeps its arrival time and
    subject (no TLS, no login: DJANGO_EMAIL_HOST=127.0.0.1, DJANGO_EMAIL_PORT=its port)."""

    def __init__(self, ws: Workspace):
        self.port = free_port()
        self.messages: list[tuple[float, str]] = []  # (time.monotonic(), subject)
        catcher = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 catcher\r\n")
                data = None
                while line := self.rfile.readline():
                    if data is not None:
                        if line.rstrip(b"\r\n") == b".":
                            catcher.keep(b"".join(data))
                            data = None
                            self.wfile.write(b"250 kept\r\n")
                        else:
                            data.append(line[1:] if line.startswith(b"..") else line)
                        continue
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        self.wfile.write(b"250-catcher\r\n250 8BITMIME\r\n")
                    elif verb == b"DATA":
                        data = []
                        self.wfile.write(b"354 end with .\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer((HOST, self.port), Session)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        ws.cleanups.append(self.server.shutdown)

    def keep(self, raw: bytes) -> None:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.messages.append((time.monotonic(), str(message["subject"] or "")))


def get(url: str, timeout: float = 5.0) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET; status 0 when the server did not answer."""
    request = urllib.request.Request(url, headers={"User-Agent": "newsroom-ops"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, OSError):
        return 0, {}, b""


def django_json(env: dict, code: str) -> object:
    """Run `code` in a Django shell of the site; it prints one JSON value, returned here."""
    output = manage(env, "shell", "-c", code)
    return json.loads(output.strip().splitlines()[-1])
