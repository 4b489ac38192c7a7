"""The headline serif covers Cyrillic: a second face, fetched only for those letters."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
STATIC = Path(settings.BASE_DIR) / "static"
CYRILLIC = "source-serif-4-headline-cyrillic.woff2"


def headline_faces() -> dict[str, str]:
    """The "Source Serif 4" @font-face rules of the site's stylesheet, by font file."""
    css = (STATIC / "css" / "site.css").read_text()
    faces = re.findall(r'@font-face \{[^}]*"Source Serif 4"[^}]*\}', css)
    return {re.search(r'url\("\.\./fonts/([^"]+)"\)', face).group(1): face for face in faces}


def test_the_cyrillic_face_covers_ukrainian_and_russian_in_the_same_weights():
    face = headline_faces()[CYRILLIC]
    ranges = re.search(r"unicode-range: ([^;]+);", face).group(1)
    assert "U+0400-045F" in ranges  # А–я, Ё, Є, І, Ї, Ў and the rest
    assert "U+0490-0491" in ranges  # Ґ ґ
    assert "font-weight: 500 800" in face and "font-display: swap" in face


def test_the_cyrillic_font_is_a_small_woff2_under_the_fonts_licence():
    data = (STATIC / "fonts" / CYRILLIC).read_bytes()
    assert data[:4] == b"wOF2"
    assert len(data) < 30_000
    assert (STATIC / "fonts" / "source-serif-4-OFL.txt").exists()


def test_only_the_latin_face_is_preloaded(client):
    ArticleFactory(published=True, title="Київ готується до зими")
    home = client.get("/").content.decode()
    assert home.count('rel="preload"') == 1
    assert CYRILLIC not in home
