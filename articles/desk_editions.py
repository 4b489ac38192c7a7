"""What the story form shows of a story's languages when the newsroom publishes in more than
one: this edition's language and the edition it was translated from, the story's other
editions with their state, a "Translate into …" for each language it lacks, and on a stale
edition what changed in its source since it was brought up to date. Decided here from the
workflow's answers, so the template only lays it out. A newsroom in one language gets None:
its form is as it always was.
"""

from dataclasses import dataclass

from authors import languages

from . import workflow
from .models import Article


def several() -> bool:
    """Whether the newsroom publishes in more than one language (else the desk shows none)."""
    return len(languages.codes()) > 1


@dataclass(frozen=True)
class Edition:
    """The story in one other language: its edition, if there is one this person may open."""

    language: str
    name: str  # "Ukrainian"
    article: Article | None
    # An edition this person may not open (another writer's draft): said to be under way.
    hidden: bool = False
    stale: bool = False


@dataclass(frozen=True)
class Languages:
    name: str  # this edition's language, "English"
    source: Article | None  # the edition this one was translated from, if it may be opened
    source_name: str
    others: tuple[Edition, ...]
    can_translate: bool
    changes: workflow.SourceChanges | None  # set when this edition is stale
    can_mark_up_to_date: bool

    @property
    def stale(self) -> bool:
        return self.changes is not None


def for_form(article: Article, user) -> Languages | None:
    """The form's languages box and stale notice for this story and person (None with one
    language). Two queries for the editions (one more for a writer), and the diff's when the
    edition is stale."""
    if not several():
        return None
    editions = {
        e.pk: e
        for e in Article.objects.filter(translation_key=article.translation_key)
        .with_staleness()
        .only("title", "language", "status", "published_at", "translated_from")
    }
    if workflow.is_editor(user):
        visible = set(editions)
    else:
        visible = set(
            workflow.viewable(user, Article.objects.filter(pk__in=list(editions))).values_list(
                "pk", flat=True
            )
        )
    by_language = {e.language: e for e in editions.values()}
    others = tuple(
        _edition(code, by_language.get(code), visible)
        for code in languages.codes()
        if code != article.language
    )
    this = editions.get(article.pk)
    stale = this is not None and this.stale
    source = editions.get(article.translated_from_id)
    return Languages(
        name=languages.english_name(article.language),
        source=source if source is not None and source.pk in visible else None,
        source_name=languages.english_name(source.language) if source is not None else "",
        others=others,
        can_translate=workflow.may_translate(user, article),
        changes=workflow.source_changes(article) if stale else None,
        can_mark_up_to_date=stale and workflow.may_mark_up_to_date(user, article),
    )


def _edition(code: str, edition: Article | None, visible: set) -> Edition:
    name = languages.english_name(code)
    if edition is None:
        return Edition(code, name, None)
    if edition.pk not in visible:
        return Edition(code, name, None, hidden=True)
    return Edition(code, name, edition, stale=edition.stale)
