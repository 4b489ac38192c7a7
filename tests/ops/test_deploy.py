"""The deployment kit in deploy/ and gunicorn.conf.py agree with the code they run."""

import configparser
import importlib.util
import os
import re
import shlex
import shutil
import stat
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
CHECKOUT = "/srv/newsroom/current"  # the release in use, where the units expect it
SHARED_VAR = "/srv/newsroom/var"  # NEWSROOM_VAR_DIR: uploads and static files, all releases


def load_gunicorn_conf(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "LOG_FORMAT", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def in_repo(path):
    """A path under the checkout, as a path in this repository."""
    assert path.startswith(CHECKOUT + "/"), path
    return ROOT / path.removeprefix(CHECKOUT + "/")


def test_gunicorn_conf_is_valid_for_gunicorn(monkeypatch):
    from gunicorn.config import Config

    conf = load_gunicorn_conf(monkeypatch)
    config = Config()
    for name, value in vars(conf).items():
        if name in config.settings:
            config.set(name, value)
    assert config.workers >= 3
    assert config.max_requests_jitter > 0 and config.graceful_timeout > 0
    assert config.timeout < 35  # NGINX gives up after 35 s; gunicorn must decide first
    assert config.wsgi_app == "newsroom.wsgi:application"
    assert importlib.util.find_spec("newsroom.wsgi")
    assert config.logconfig_dict["formatters"]["operator"]["()"] == "newsroom.logging.TextFormatter"


def test_gunicorn_conf_takes_overrides_from_the_environment(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch, GUNICORN_WORKERS="3", LOG_FORMAT="json")
    assert conf.workers == 3
    assert conf.logconfig_dict["formatters"]["operator"]["()"] == "newsroom.logging.JSONFormatter"
    with pytest.raises(SystemExit, match="LOG_FORMAT must be text or json"):
        load_gunicorn_conf(monkeypatch, LOG_FORMAT="xml")


UNITS = [
    "newsroom-web.service",
    "newsroom-scheduler.service",
    "newsroom-worker.service",
    "newsroom-prune.service",
    "newsroom-backup.service",
]


@pytest.mark.parametrize("name", UNITS)
def test_systemd_units_run_what_the_repository_has(name):
    service = unit(name)["Service"]
    assert service["WorkingDirectory"] == CHECKOUT
    program, *args = shlex.split(service["ExecStart"])
    if name == "newsroom-backup.service":
        assert in_repo(program).is_file() and not args
        return
    # The virtualenv's python, or a console script of a pinned dependency.
    assert program.startswith(f"{CHECKOUT}/.venv/bin/")
    script = program.rsplit("/", 1)[1]
    pinned = {
        re.split(r"[=<>\[]", requirement)[0]
        for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
            "dependencies"
        ]
    }
    assert script == "python" or script in pinned
    if script == "gunicorn":
        assert args[:2] == ["-c", "gunicorn.conf.py"]
        assert in_repo(f"{CHECKOUT}/{args[1]}").is_file()
    else:
        assert in_repo(f"{CHECKOUT}/{args[0]}").is_file()  # manage.py
        assert args[1] in get_commands()


def test_the_scheduler_restarts_always_and_loops():
    service = unit("newsroom-scheduler.service")["Service"]
    assert service["Restart"] == "always"
    assert shlex.split(service["ExecStart"])[-3:] == ["publish_scheduled", "--loop", "30"]


def nginx_size(value):
    number, unit_ = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit_.lower()]


def test_settings_and_secrets_are_read_at_every_start_and_reload_is_not_offered():
    """HUP (`systemctl reload`) gave new workers the old environment: a rotated secret was
    silently not applied. Restart is the way, and the socket keeps it from dropping requests."""
    for name in UNITS:
        service = unit(name)["Service"]
        assert service["EnvironmentFile"] == "/etc/newsroom/newsroom.env", name
        assert "ExecReload" not in service, name
    web = unit("newsroom-web.service")
    assert web["Unit"]["Requires"] == "newsroom-web.socket"
    listen = unit("newsroom-web.socket")["Socket"]["ListenStream"]
    upstream = re.search(r"upstream newsroom \{\s*server (\S+);", nginx("newsroom-http.conf"))
    assert listen == upstream.group(1) == "127.0.0.1:8000"


@pytest.mark.parametrize("name", ["newsroom-prune", "newsroom-backup"])
def test_daily_jobs_have_timers(name):
    timer = unit(f"{name}.timer")
    assert timer["Timer"]["OnCalendar"].startswith("*-*-* ")
    assert timer["Timer"]["Persistent"] == "true"
    assert unit(f"{name}.service")["Service"]["Type"] == "oneshot"


def test_the_backup_keeps_its_files_private():
    assert unit("newsroom-backup.service")["Service"]["UMask"] == "0077"


def nginx(name):
    return (DEPLOY / "nginx" / name).read_text()


def test_nginx_answers_probes_on_port_80_and_owns_the_default_server():
    http = nginx("newsroom-http.conf")
    port_80 = http[http.index("server {") :]
    assert "listen 80 default_server;" in port_80
    for path in ("/healthz", "/readyz"):
        block = re.search(rf"location = {path} \{{(.*?)\}}", port_80, re.DOTALL)
        assert block and "proxy_pass http://newsroom;" in block.group(1), path
    assert "location /.well-known/acme-challenge/" in port_80
    # The HTTPS file can only be installed once the certificate exists; everything the
    # first certificate needs is in the HTTP file.
    assert "ssl_certificate" not in http and "upstream newsroom" not in nginx("newsroom.conf")


def test_the_forwarded_for_header_is_what_the_throttling_reads(rf, settings):
    from accounts.client import client_ip

    proxy = nginx("newsroom-proxy.conf")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    settings.TRUSTED_PROXY_COUNT = 1  # .env.example: one NGINX
    # A client claiming an address: NGINX appends the one it saw, which is what counts.
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_nginx_accepts_exactly_the_largest_upload_the_desk_accepts():
    conf = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    (size,) = re.findall(r"^\s*client_max_body_size\s+(\S+);", conf, re.MULTILINE)
    largest = settings.IMAGE_MAX_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert nginx_size(size) == largest


def test_nginx_serves_the_folders_django_writes():
    conf = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    proxy = (DEPLOY / "nginx" / "newsroom-proxy.conf").read_text()
    aliases = set(re.findall(r"alias (\S+?)(?:\$file)?;", conf))
    assert aliases == {f"{SHARED_VAR}/static/", f"{SHARED_VAR}/media/"}
    env = (ROOT / ".env.example").read_text()
    assert re.search(rf"^NEWSROOM_VAR_DIR={SHARED_VAR}$", env, re.MULTILINE)
    # collectstatic writes to var/static/, uploads go to var/media/ by default.
    assert settings.STATIC_URL == "/static/" and settings.MEDIA_URL == "/media/"
    assert Path(settings.STATIC_ROOT) == settings.VAR_DIR / "static"
    # The scheme header NGINX sets is the one Django and gunicorn trust.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy
    assert "proxy_set_header X-Request-ID $request_id;" in proxy
    assert "proxy_set_header Host $host;" in proxy
    assert not getattr(settings, "USE_X_FORWARDED_HOST", False)


@pytest.mark.skipif(not shutil.which("rsync"), reason="the backup copies uploads with rsync")
def test_the_backup_script_writes_private_files_and_keeps_n_days(tmp_path):
    """deploy/newsroom-backup, with pg_dump played by a stub that writes its --file."""
    bin_dir, var, backups = tmp_path / "bin", tmp_path / "var", tmp_path / "backups"
    bin_dir.mkdir()
    stub = bin_dir / "pg_dump"
    stub.write_text(
        '#!/bin/sh\nfor a; do case $a in --file=*) echo dump > "${a#--file=}";; esac; done\n'
    )
    stub.chmod(0o755)
    (var / "media" / "images").mkdir(parents=True)
    (var / "media" / "images" / "a.jpg").write_bytes(b"jpeg")
    env_file = tmp_path / "newsroom.env"
    env_file.write_text("DJANGO_SECRET_KEY=s3cret\n")
    old = backups / "db" / "newsroom-20200101T000000Z.dump"
    old.parent.mkdir(parents=True)
    old.write_text("old")
    os.utime(old, (0, 0))
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "DATABASE_URL": "postgres://news@db/news",
        "NEWSROOM_BACKUP_DIR": str(backups),
        "NEWSROOM_VAR_DIR": str(var),
        "NEWSROOM_ENV_FILE": str(env_file),
        "NEWSROOM_BACKUP_DAYS": "14",
    }
    for _ in range(2):
        result = subprocess.run(
            [DEPLOY / "newsroom-backup"], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        time.sleep(1.1)  # a new snapshot name
    dumps = sorted((backups / "db").iterdir())
    assert len(dumps) == 2 and old not in dumps  # the old one is past its 14 days
    first, second = sorted((backups / "media").iterdir())
    copies = [snapshot / "images" / "a.jpg" for snapshot in (first, second)]
    assert copies[0].read_bytes() == b"jpeg"
    assert copies[0].stat().st_ino == copies[1].stat().st_ino  # unchanged: a hard link
    assert (backups / "newsroom.env").read_text() == "DJANGO_SECRET_KEY=s3cret\n"
    for path in [backups, *backups.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


def test_gunicorn_keeps_to_the_release_it_started_in(monkeypatch, tmp_path):
    """A worker recycled after the `current` symlink moved must not load the new release
    before its migrations ran and the service restarted (docs/operations.md, "Upgrades")."""
    current = tmp_path / "current"
    current.symlink_to(ROOT, target_is_directory=True)
    monkeypatch.chdir(current)
    monkeypatch.setenv("PWD", str(current))  # what gunicorn's own default would keep
    spec = importlib.util.spec_from_file_location("gunicorn_conf", current / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.chdir == str(ROOT.resolve())
