import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _isolated_site(settings, tmp_path):
    """Uploads go to a temporary folder; static files are served from source; empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()
