"""The README and .env.example document every environment variable the settings read."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "newsroom" / "settings.py").read_text()
READ = re.compile(r'(?:env_bool|env_int|env_list|environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"')
VARIABLES = sorted(set(READ.findall(SETTINGS)))


def test_settings_read_variables():
    assert {"DATABASE_URL", "CACHE_URL", "DJANGO_SECRET_KEY", "SITE_URL"} <= set(VARIABLES)


@pytest.mark.parametrize("document", ["README.md", ".env.example"])
def test_every_variable_is_documented(document):
    text = (ROOT / document).read_text()
    missing = [name for name in VARIABLES if name not in text]
    assert not missing, f"{document} does not mention {missing}"
