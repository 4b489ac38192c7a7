"""Newsroom settings: one module, read from the environment.

With no environment set it runs embedded (SQLite under var/, a cache on disk under var/cache,
media under var/media/). Production sets DATABASE_URL, CACHE_URL, the DJANGO_* variables and,
for object storage, AWS_STORAGE_BUCKET_NAME. Every variable is described in
docs/configuration.md (tests/test_docs.py holds that) and the usual ones in .env.example.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.csp import CSP
from django.utils.functional import lazy

from newsroom.logging import FORMATTERS

static_lazy = lazy(static, str)
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_number(name: str, default, parse, what: str):
    value = os.environ.get(name, "")
    try:
        return parse(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}") from None


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def env_seconds(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number of seconds")


DEBUG = env_bool("DJANGO_DEBUG", False)

# A fixed insecure key for local work only; `check --deploy` flags it, production sets its own.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-newsroom-local-development-key-do-not-deploy"
)

# Keys that were SECRET_KEY before a rotation: sessions, password reset links and preview links
# signed with them stay valid until they are dropped from this list.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

# Who gets an email for each server error: "Name <address>, …". Sent through EMAIL_HOST.
ADMINS = env_list("DJANGO_ADMINS")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
# The desk's notifications come from this address; server errors from SERVER_EMAIL.
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
# "smtp" sends through the server below; "console" prints each email (the demo).
EMAIL_DELIVERY = os.environ.get("DJANGO_EMAIL_BACKEND", "smtp")
if EMAIL_DELIVERY not in ("smtp", "console"):
    raise ImproperlyConfigured("DJANGO_EMAIL_BACKEND must be smtp or console")
if EMAIL_DELIVERY == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 25),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                # A stalled SMTP server must not hold a task (or an error mail) for ever.
                "timeout": 10,
            },
        }
    }

# Background jobs (the desk's email notifications), through Django's Tasks framework.
# "database": queued in the database and run by `manage.py db_worker` (production);
# "immediate": run in the request right after its transaction commits (the demo).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Absolute URLs in feeds, sitemaps, share tags and preview links.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "The Meridian")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "Independent news, every hour")
# The publisher logo in structured data: a static file path or an absolute URL.
SITE_LOGO = os.environ.get("SITE_LOGO", "img/logo.png")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "articles.apps.TagsConfig",  # django-taggit, labelled "Tags" in the desk
    "django_prose_editor",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before django_tasks_db: its `db_worker` command is ours, with a heartbeat and retries.
    "operations",
    "django_tasks_db",
    "accounts",
    "media",
    "authors",
    "articles",
    "public",
    "ghost",
    "demo",
    "backup",
]

MIDDLEWARE = [
    "newsroom.middleware.HeadResponseMiddleware",
    "newsroom.logging.RequestIdMiddleware",
    # Before anything that reads the Host header: probes come with any Host.
    "public.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # /uk/… is the page at /… in another language: before the page cache looks it up.
    "public.prefixes.LanguagePrefixMiddleware",
    # Readers' cached pages are answered here, with the headers of the middleware above.
    "public.middleware.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: signed-in staff read from the primary.
    "public.replicas.ReplicaReadsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.DeskIdleTimeoutMiddleware",
    "accounts.middleware.DeskTwoFactorMiddleware",
    "public.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses locked-out logins before the password is checked; needs the request.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def database(url: str) -> dict:
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.postgresql":
        from psycopg_pool import ConnectionPool

        # Fail fast when the server is unreachable and cancel runaway statements: readers get
        # the 503 page (public.middleware) instead of workers stuck waiting.
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = 3
        statement_timeout = env_int("DATABASE_STATEMENT_TIMEOUT", 5000)
        if statement_timeout:
            options["options"] = f"-c statement_timeout={statement_timeout}"
        config["CONN_HEALTH_CHECKS"] = True
        pool_max = env_int("DATABASE_POOL_MAX_SIZE", 0)
        if pool_max:
            # psycopg's pool replaces persistent connections; CONN_MAX_AGE must stay 0.
            # `check` tests each connection as it leaves the pool, so a restart costs no errors.
            # One pool per alias: the primary and each replica.
            options["pool"] = {
                "min_size": 1,
                "max_size": pool_max,
                "check": ConnectionPool.check_connection,
                # How long a request waits for a connection (psycopg's default is 30 s). A pool
                # no smaller than the worker's threads never makes one wait, so waiting means
                # the database is unreachable: give up soon, and the reader gets the 503 page.
                "timeout": env_seconds("DATABASE_POOL_TIMEOUT", 1.0),
            }
        else:
            config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
        # Opening an SQLite connection registers Django's SQL functions and runs the pragmas
        # (about a millisecond): each worker thread keeps its own.
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    return config


SQLITE_OPTIONS = {
    # WAL and a busy timeout let the scheduler and the web server share the file.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if not DATABASE_URL:
    # A fresh checkout has no var/ yet, and SQLite will not create the folder for its file.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database(DATABASE_URL or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}")}
# Read replicas of the primary (PostgreSQL streaming replication): readers' pages read from
# them, the desk and every write use the primary (public.replicas).
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{number}"] = {**database(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["public.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # Django's Redis backend, with one client per pool instead of one per call.
            "BACKEND": "public.rediscache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "newsroom",
            # Fail fast when Redis is down or stalled: pages are then served uncached
            # (public.cacheguard) instead of waiting redis-py's default 5 s per call.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
elif CACHE_URL == "":
    # Embedded default: a cache on disk, shared by every process on this machine, so a story
    # that `publish_scheduled` publishes or an editor unpublishes is purged for the web server too.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://…, locmem:// or dummy://, not {CACHE_URL!r}"
    )

# Seconds an anonymous reader's page stays in the page cache (it is also dropped on publish).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Seconds a worker serves its own in-memory copy of a page before asking the shared cache
# again whether anything was purged (0: always ask). public.pagecache explains.
PAGE_CACHE_LOCAL_SECONDS = env_seconds("PAGE_CACHE_LOCAL_SECONDS", 0.5)
# Max-age sent to browsers and CDNs for public pages.
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
# Who else is told when pages are purged (public.purge): a dotted path to a callable taking
# the purged keys, e.g. "public.purge.http_purge", which sends PURGE to each of PURGE_URLS.
PURGE_BACKEND = os.environ.get("PURGE_BACKEND", "")
PURGE_URLS = env_list("PURGE_URLS")

# How often an open home page asks for new stories, and an open live story for new posts
# (only while the tab is visible; a live story's readers came for the latest, so more often).
LIVE_FEED_POLL_SECONDS = env_int("LIVE_FEED_POLL_SECONDS", 60)
LIVE_POSTS_POLL_SECONDS = env_int("LIVE_POSTS_POLL_SECONDS", 15)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en-gb")
# The languages the newsroom publishes in, the main one first: its pages keep the unprefixed
# addresses; each other language's pages live under its code (/uk/news/<slug>/).
NEWSROOM_LANGUAGES = env_list("NEWSROOM_LANGUAGES") or ["en"]
for _code in NEWSROOM_LANGUAGES:
    if _code not in LANG_INFO or "fallback" in LANG_INFO[_code]:
        raise ImproperlyConfigured(
            f"NEWSROOM_LANGUAGES: {_code!r} is not a language code Django knows (en, uk, pl…)"
        )
if len(set(NEWSROOM_LANGUAGES)) != len(NEWSROOM_LANGUAGES):
    raise ImproperlyConfigured("NEWSROOM_LANGUAGES names a language twice")
LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in NEWSROOM_LANGUAGES]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Kyiv")
USE_I18N = True
# The readers' interface in other languages than English: locale/<language>/LC_MESSAGES/
# (`make messages` after changing its English).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# 24-hour times on the desk and in Django admin's own pages, whatever the English variant.
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Media on disk by default; S3-compatible object storage when a bucket is named.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": False,
            "default_acl": None,
        },
    }
else:
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and `make demo` serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: refuse anything bigger before it reaches Pillow.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_MAX_UPLOAD_BYTES = env_int("IMAGE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
# libavif's encoder speed for renditions, 0 (smallest files, slowest) to 10 (fastest).
IMAGE_AVIF_SPEED = env_int("IMAGE_AVIF_SPEED", 8)

# Security. HTTPS-only settings (redirect, HSTS, secure cookies) switch on when the site is
# served over HTTPS (SITE_URL starts with https://), or explicitly with DJANGO_SECURE.
SECURE = env_bool("DJANGO_SECURE", SITE_URL.startswith("https://"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if SECURE:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The embed players readers' browsers may frame once they click an embed's facade: each
# provider's in articles.blocks, which `manage.py check` holds this list to (articles.E001).
EMBED_PLAYER_ORIGINS = [
    "https://open.spotify.com",
    "https://platform.twitter.com",
    "https://player.vimeo.com",
    "https://t.me",
    "https://w.soundcloud.com",
    "https://www.facebook.com",
    "https://www.instagram.com",
    "https://www.youtube-nocookie.com",
]

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    # No inline scripts, so cached pages never carry a stale nonce.
    "script-src": [CSP.SELF],
    # Admin widgets set style attributes; scripts stay nonce-only.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # Embeds in story bodies load their player only after the reader clicks (articles.blocks).
    "frame-src": EMBED_PLAYER_ORIGINS,
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}

TAGGIT_CASE_INSENSITIVE = True

# The body editor's blocks (articles/body_editor.py): one module for the "configurable"
# preset. The names only load the module; articles.richtext is the sanitiser.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/body-blocks-editor.js")],
        "extensions": dict.fromkeys(
            (
                "BodyImage",
                "Gallery",
                "Embed",
                "TableWithCaption",
                "TextTableHeader",
                "TextTableCell",
                "PullQuote",
                "Callout",
                "RelatedStory",
                "DeskEditor",
            ),
            "django_prose_editor.config.html_tags",
        ),
    }
]

# Accounts -------------------------------------------------------------------------------------
# Desk sign-in that resists attack (the accounts app; docs/security.md, "Accounts"): login
# throttling with django-axes, two-factor sign-in with django-otp, idle desk sessions, the audit
# trail.

# Proxies in front of the app that append the client's address to X-Forwarded-For (NGINX's
# $proxy_add_x_forwarded_for). 0: the client is REMOTE_ADDR. Never more than really exist, or
# clients choose their own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

AXES_FAILURE_LIMIT = env_int("DESK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DESK_LOCKOUT_MINUTES", 15))
# A username from one address locks after AXES_FAILURE_LIMIT failures; one address locks for
# every username after DESK_LOGIN_IP_FAILURE_LIMIT (a newsroom shares its office address).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
DESK_LOGIN_IP_FAILURE_LIMIT = 10 * AXES_FAILURE_LIMIT
AXES_HANDLER = "accounts.throttle.DeskLoginHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.client.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"

# Editors and superusers must sign in with a second factor; on by default in production
# (debug off), off for development. `make demo` turns it off.
DESK_REQUIRE_2FA = env_bool("DESK_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = f"{SITE_NAME} desk"
# The desk never shows a device's secret again after enrolment: django-otp's admin pages for a
# device's key and QR code answer 403 (they also answered 500 for an id naming no device).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff are signed out after this many minutes without a request.
DESK_IDLE_MINUTES = env_int("DESK_IDLE_MINUTES", 60)

# The daily roundup's headline; {date} becomes e.g. "Nov. 28" (AP style).
ROUNDUP_TITLE = os.environ.get("ROUNDUP_TITLE", "Key developments on {date}")

# Logs go to standard error, one line per record: UTC time, level, logger, request id, message;
# JSON lines with LOG_FORMAT=json. gunicorn.conf.py writes gunicorn's own logs the same way.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in FORMATTERS:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING_CONFIG = "newsroom.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"operator": {"()": FORMATTERS[LOG_FORMAT]}},
    "filters": {
        "one_line_warning": {"()": "newsroom.logging.OneLineWarning"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "operator"},
        # Does nothing while ADMINS is empty. Grouped, at most one mail a minute per kind of
        # error, sent from a thread of its own (newsroom.errormail).
        "mail_admins": {
            "class": "newsroom.errormail.ThrottledAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Server errors (500s, with the request) by email; everything reaches the root too.
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
    },
}
