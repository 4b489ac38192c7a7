"""The languages the newsroom publishes in (settings.NEWSROOM_LANGUAGES, the main one first),
asked the same way everywhere: models, the read model, addresses and the desk. Here, in the
lowest app with public pages, because authors' bios have a text per language too."""

from django.conf import settings
from django.conf.locale import LANG_INFO


def codes() -> list[str]:
    """Every language's code, the main one first."""
    return list(settings.NEWSROOM_LANGUAGES)


def main() -> str:
    """The main language: its editions keep the unprefixed addresses."""
    return settings.NEWSROOM_LANGUAGES[0]


def others() -> list[str]:
    """The languages whose pages live under a prefix (/uk/…)."""
    return list(settings.NEWSROOM_LANGUAGES[1:])


def is_known(code: str) -> bool:
    return code in settings.NEWSROOM_LANGUAGES


def name(code: str) -> str:
    """The language's own name for itself ("Українська"), as a switcher shows it."""
    return LANG_INFO[code]["name_local"]


def english_name(code: str) -> str:
    """The language's name on the desk ("Ukrainian")."""
    return LANG_INFO[code]["name"]


def prefix(code: str) -> str:
    """The path before a page's address in this language: "" for the main one, "/uk"."""
    return "" if code == main() else f"/{code}"


def translated(translations: dict, code: str, field: str, default: str) -> str:
    """A row's text in `code` from its `translations` ({"uk": {"name": …}}), else `default`
    (the main language's, which is the row's own field)."""
    if code == main():
        return default
    return (translations or {}).get(code, {}).get(field) or default
