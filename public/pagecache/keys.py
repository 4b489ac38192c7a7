"""What a page shows, collected while it renders: the keys public.invalidation purges by."""

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field

from authors import languages

# Every page shows these; `all` is what purge_public_pages() moves.
SITE_KEYS = ("all",)


def in_language(key: str, language: str) -> str:
    """A listing's key as pages in `language` show it: the main language's are the plain keys
    (`front`, `section:3`), another language's carry its code (`uk:front`, `uk:section:3`), so
    a story published in one language purges that language's listings only."""
    return key if not language or language == languages.main() else f"{language}:{key}"


def in_every_language(*keys: str) -> list[str]:
    """The keys as the pages of every language show them (a section renamed, an author's
    box changed: their pages in every language)."""
    return [in_language(key, code) for code in languages.codes() for key in keys]


@dataclass
class Collector:
    keys: set[str] = field(default_factory=set)
    rail: str | None = None  # the rail's HTML, when the page shows it
    rail_keys: set[str] = field(default_factory=set)


collector: ContextVar[Collector | None] = ContextVar("page_keys", default=None)
in_rail: ContextVar[bool] = ContextVar("in_rail", default=False)


def shows(*keys: str) -> None:
    """Record that the page being rendered shows these things (no-op outside a cached page)."""
    found = collector.get()
    if found is not None:
        (found.rail_keys if in_rail.get() else found.keys).update(keys)


def shows_images(ids) -> None:
    """Record the library images (by id; None for none) the page shows: `image:<id>`."""
    shows(*(f"image:{pk}" for pk in ids if pk))


def story_keys(story, *, bylines: bool = False) -> list[str]:
    """The keys of a story as a card, a feed item or its page shows it: the story, its
    picture, and its authors."""
    keys = [f"a:{story.id}"]
    picture = getattr(story, "picture", None)  # a News Feed line has none
    if picture is not None:
        keys.append(f"image:{picture.id}")
    if bylines:
        keys += [f"byline:{author.id}" for author in story.authors]
    return keys


def editions_key(translation_key) -> str:
    """The key of a story's editions (their shared translation key): the pages that name them
    all, each edition's page with its language switcher, alternates and JSON-LD."""
    return f"editions:{uuid.UUID(str(translation_key)).hex}"


def tag_languages_key(tag_id: int) -> str:
    """The key of the languages a tag has a page in: its pages name each other as alternates."""
    return f"tag-languages:{tag_id}"


def shows_stories(articles, *, bylines: bool = False) -> None:
    if collector.get() is not None:
        shows(*(key for article in articles for key in story_keys(article, bylines=bylines)))
