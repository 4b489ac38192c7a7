"""gunicorn settings for Newsroom: `gunicorn -c gunicorn.conf.py` from the checkout.

Each value can be overridden from the environment (the systemd unit reads the same env file
as the site, at every start) or on the command line. See docs/operations.md, "Deployment".
"""

import multiprocessing
import os
import sys

# The release this master was started in, symlinks resolved. A worker started later (one
# replaced after max_requests) imports from here too, not from whatever /srv/newsroom/current
# points at by then: a new release's code runs only after `systemctl restart newsroom-web`,
# once its migrations have run (docs/operations.md, "Upgrades").
chdir = os.path.realpath(os.path.dirname(os.path.abspath(__file__)))
# gunicorn reads this file before it puts the working directory on sys.path.
sys.path.insert(0, chdir)

from newsroom.logging import FORMATTERS  # noqa: E402

wsgi_app = "newsroom.wsgi:application"

# NGINX on the same machine proxies to this address; nothing else should reach it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes: the usual 2 × cores + 1 keeps the CPUs busy while some workers wait on
# PostgreSQL or Redis. Rendering a page is CPU work under Python's GIL, so processes, not
# threads, are what use more cores. Each worker holds its own database connections (or one
# psycopg pool per database alias: the primary and each replica; see "Sizing").
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Threads per worker (gthread worker when above 1): more requests in flight for the same
# memory, since a cached page's time is mostly spent waiting on Redis and a miss's on the
# database; a thread waiting there lets another serve. With 1, gunicorn uses its sync worker
# (no keep-alive: right behind NGINX, which keeps the client connections).
threads = int(os.environ.get("GUNICORN_THREADS", 2))

# A request taking longer than this is stuck: the worker is killed and replaced (the reader
# gets a 502 from NGINX). Pages take milliseconds; the slowest honest request, an editor's
# image upload making its renditions, takes seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On reload (HUP) or stop (TERM), workers get this long to finish the requests they hold.
graceful_timeout = 30
# NGINX keeps upstream connections open (see deploy/nginx); close idle ones after this.
keepalive = 5

# Replace each worker after about this many requests, so a slow leak (in a library, or
# ours) never grows without bound; the jitter keeps workers from restarting all at once.
max_requests = 1000
max_requests_jitter = 100

# Trust X-Forwarded-Proto (https) only from NGINX; Django's SECURE_PROXY_SSL_HEADER reads the
# same header, and NGINX always overwrites it, so a client cannot claim HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: both to standard error (the journal under systemd), in the site's format: UTC ISO
# 8601 times, level, logger, request id (the one Django sent back in X-Request-ID), message;
# JSON lines with LOG_FORMAT=json.
log_format = os.environ.get("LOG_FORMAT", "text")
if log_format not in FORMATTERS:
    raise SystemExit(f"LOG_FORMAT must be text or json, not {log_format!r}")
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
accesslog = "-"
errorlog = "-"
# The client is the address NGINX saw (X-Forwarded-For), not NGINX itself; %(M)s is the
# duration in milliseconds. In JSON lines the same facts are separate fields.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"operator": {"()": FORMATTERS[log_format]}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "operator",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["console"], "level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        # GUNICORN_ACCESS_LOG=0 when NGINX's access log is enough (and for load tests).
        "gunicorn.access": {
            "handlers": ["console"],
            "level": "INFO" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else "WARNING",
            "propagate": False,
        },
    },
}

# gunicorn's control socket (gunicornc) defaults to a folder in $HOME, which a service user
# may not have; the systemd unit gives it /run/newsroom instead.
control_socket = os.path.join(
    os.environ.get("RUNTIME_DIRECTORY", os.path.expanduser("~/.gunicorn")), "gunicorn.ctl"
)
