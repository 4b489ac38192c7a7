"""The deployment kit in deploy/ and gunicorn.conf.py agree with the code they run."""

import configparser
import importlib.util
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
CHECKOUT = "/srv/newsroom"  # where the units and NGINX expect the repository


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


@pytest.mark.parametrize(
    "name", ["newsroom-web.service", "newsroom-scheduler.service", "newsroom-worker.service"]
)
def test_systemd_units_run_what_the_repository_has(name):
    service = unit(name)["Service"]
    assert service["WorkingDirectory"] == CHECKOUT
    program, *args = shlex.split(service["ExecStart"])
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


def test_nginx_accepts_exactly_the_largest_upload_the_desk_accepts():
    conf = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    (size,) = re.findall(r"^\s*client_max_body_size\s+(\S+);", conf, re.MULTILINE)
    largest = settings.IMAGE_MAX_UPLOAD_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert nginx_size(size) == largest


def test_nginx_serves_the_folders_django_writes():
    conf = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    proxy = (DEPLOY / "nginx" / "newsroom-proxy.conf").read_text()
    aliases = set(re.findall(r"alias (\S+?)(?:\$file)?;", conf))
    default_var = f"{CHECKOUT}/var"
    assert aliases == {f"{default_var}/static/", f"{default_var}/media/"}
    # collectstatic writes to var/static/, uploads go to var/media/ by default.
    assert settings.STATIC_URL == "/static/" and settings.MEDIA_URL == "/media/"
    assert Path(settings.STATIC_ROOT) == settings.VAR_DIR / "static"
    # The scheme header NGINX sets is the one Django and gunicorn trust.
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy
    assert "proxy_set_header X-Request-ID $request_id;" in proxy
    assert "proxy_set_header Host $host;" in proxy
    assert not getattr(settings, "USE_X_FORWARDED_HOST", False)
