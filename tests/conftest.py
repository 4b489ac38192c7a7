import pytest
from django.core.cache import cache

from public import memory
from public.cacheguard import safe_cache
from tests.factories import editor, writer
from tests.site import SITE


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Uploads in a temporary folder, static files from source, an empty in-memory cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = SITE
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The default hasher is deliberately slow; test users need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Production's default; tests that exercise two-factor sign-in turn it on.
    settings.DESK_REQUIRE_2FA = False
    # Every request asks the shared cache, which tests empty at will; the workers' own copies
    # of pages have tests of their own (tests/public/test_page_cache_local.py).
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    cache.clear()
    safe_cache.reset()
    memory.forget_all()  # every worker memory: page copies, kept values, cards, bodies
    yield
    cache.clear()
    safe_cache.reset()
    memory.forget_all()  # every worker memory: page copies, kept values, cards, bodies


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when the suite runs on PostgreSQL (scripts/test)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture
def two_languages(settings):
    """The newsroom in English (main) and Ukrainian, as NEWSROOM_LANGUAGES=en,uk sets it."""
    settings.NEWSROOM_LANGUAGES = ["en", "uk"]
    settings.LANGUAGES = [("en", "English"), ("uk", "Українська")]
    return settings


# The desk's people, as the desk tests meet them: an editor and a writer with full names.


@pytest.fixture
def edith():
    return editor(username="edith", first_name="Edith", last_name="Keller")


@pytest.fixture
def olena():
    return writer(username="olena", first_name="Olena", last_name="Marchenko")
