"""The translation board: every story by language, each language's edition missing, in
progress (draft, in review, scheduled), published, taken down, and whether it is stale (its
source's text changed since it was brought up to date). Newest first, a page at a time, in the
same number of queries whatever the page holds.

A row is a story: its first edition (the one written first, whichever its language), standing
pages too, which readers also read in both languages. Only stories this person may open are
rows; another writer's edition in progress shows as under way, without its words.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from authors import languages

from . import workflow
from .models import Article

Status = Article.Status
PER_PAGE = 50
IN_PROGRESS = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED)
# The states the board filters by, as its links name them.
STATES = {
    "missing": "Missing",
    "in_progress": "In progress",
    "published": "Published",
    "stale": "Stale",
}

# What an empty board says, by filter.
EMPTY = {
    "": "No stories yet.",
    "missing": "Every story has an edition in every language.",
    "in_progress": "No edition is in progress.",
    "published": "No translated edition is published yet.",
    "stale": "No edition is stale: each says what its source says now.",
}


class BadFilter(ValueError):
    """A filter no link of the board makes; the message is for the editor."""


@dataclass(frozen=True)
class Cell:
    """One language of a story: its edition (None when missing, or another writer's)."""

    language: str
    name: str  # "Ukrainian"
    edition: Article | None
    state: str  # "original", "missing", "hidden", "in_progress", "published", "taken_down"
    stale: bool = False


@dataclass(frozen=True)
class Row:
    story: Article  # the first edition written
    cells: tuple[Cell, ...]


def stories(user, *, state: str = "", language: str = ""):
    """The rows this person may see, newest first (published ones by their publication time,
    others by when they were started), with at least one edition in `state` (in `language`,
    or any language)."""
    if state and state not in STATES:
        raise BadFilter("Choose one of the board's states: " + ", ".join(STATES.values()) + ".")
    if language and not languages.is_known(language):
        raise BadFilter("Choose one of the newsroom's languages.")
    same_story = Article.objects.filter(translation_key=OuterRef("translation_key"))
    first = ~Exists(same_story.filter(pk__lt=OuterRef("pk")))
    rows = workflow.viewable(user, Article.objects.filter(first))
    codes = [language] if language else languages.codes()
    editions = same_story.filter(language__in=codes).exclude(pk=OuterRef("pk"))
    if state == "missing":
        lacking = Q()
        for code in codes:
            lacking |= ~Exists(same_story.filter(language=code))
        rows = rows.filter(lacking)
    elif state == "in_progress":
        rows = rows.filter(Exists(editions.filter(status__in=IN_PROGRESS)))
    elif state == "published":
        rows = rows.filter(Exists(editions.filter(status=Status.PUBLISHED)))
    elif state == "stale":
        rows = rows.filter(Exists(editions.with_staleness().filter(stale=True)))
    newest = Coalesce("published_at", "created_at")
    shown = ("title", "kind", "status", "language", "translation_key", "published_at", "section")
    return (
        rows.select_related("section").only(*shown, "section__name").order_by(newest.desc(), "-id")
    )


def page(user, number, *, state: str = "", language: str = "") -> tuple[Page, list[Row]]:
    """One page of the board: the rows and, for each, a cell per language."""
    found = Paginator(stories(user, state=state, language=language), PER_PAGE).get_page(number)
    keys = [story.translation_key for story in found]
    editions = list(
        Article.objects.filter(translation_key__in=keys)
        .with_staleness()
        .only("title", "language", "status", "translation_key", "translated_from")
    )
    if workflow.is_editor(user):
        visible = {e.pk for e in editions}
    else:
        mine = workflow.viewable(user, Article.objects.filter(pk__in=[e.pk for e in editions]))
        visible = set(mine.values_list("pk", flat=True))
    by_story = {(e.translation_key, e.language): e for e in editions}
    rows = [
        Row(
            story,
            tuple(
                _cell(code, story, by_story.get((story.translation_key, code)), visible)
                for code in languages.codes()
            ),
        )
        for story in found
    ]
    return found, rows


def _cell(code: str, story: Article, edition: Article | None, visible: set) -> Cell:
    name = languages.english_name(code)
    if edition is None:
        return Cell(code, name, None, "missing")
    if edition.pk not in visible:
        return Cell(code, name, None, "hidden")
    if edition.pk == story.pk:
        return Cell(code, name, edition, "original", stale=edition.stale)
    if edition.status in IN_PROGRESS:
        state = "in_progress"
    elif edition.status == Status.PUBLISHED:
        state = "published"
    else:
        state = "taken_down"
    return Cell(code, name, edition, state, stale=edition.stale)
