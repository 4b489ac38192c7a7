"""The front page's arrangement and the breaking banner: the rules for both, in one place.

Editors hold a published story in a place (the live strip, the lead, four top stories) until a
set time, choose which sections get a block and in what order, and put up or take down the
banner. Each language has its own front page and banner, which take stories in that language
only; the section blocks' order is one for every language (each page fills a block with the
section's stories in its own language). The desk's front-page editor calls
`arrange_front_page` and `save_banner`; a takedown calls `withdraw_from_front_page`, so a story
readers may no longer open is in no place and behind no banner. The public site reads the rows
these write (its page cache is purged by the rows' own signals: `front`, `banner`, `nav`)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from authors import languages

from ..models import Article, Banner, FrontPageSlot, Section, WorkflowEvent
from .errors import NotAllowed, WorkflowError
from .roles import is_editor

Slot = FrontPageSlot.Slot
# How long a story holds a place when the editor gives no time.
DEFAULT_HOLD = timedelta(hours=6)
# Blocks shown at most (the front page reads each block's stories in the same statement).
MAX_SECTION_BLOCKS = 8
BANNER_TEXT_LIMIT = Banner._meta.get_field("text").max_length


def front_page_name(language: str) -> str:
    """How the desk names a language's front page: "the front page" on a one-language site."""
    if not languages.others():
        return "the front page"
    return f"the {languages.english_name(language)} front page"


def language_problem(article: Article, language: str, *, banner: bool = False) -> str:
    """Why `article` may not hold a place on `language`'s front page (or, with `banner`, be
    linked from its banner); empty when it may."""
    if article.language == language:
        return ""
    theirs, ours = languages.english_name(article.language), languages.english_name(language)
    where = f"the banner on {ours} pages links" if banner else f"{front_page_name(language)} takes"
    return f"“{article.title}” is in {theirs}: {where} stories in {ours} only."


def page_language(language: str = "") -> str:
    """The language of the front page asked for: the main one when none is named."""
    language = language or languages.main()
    if not languages.is_known(language):
        raise ArrangementRefused([("language", "The newsroom does not publish in that language.")])
    return language


def slot_problems(
    slot: str | None, article: Article | None, until: datetime | None, language: str = ""
) -> list[tuple[str, str]]:
    """What stops `article` holding `slot` on `language`'s front page (the main one when
    empty) until `until`, as (field, message) pairs for the editor; empty when it may."""
    problems = []
    if article is not None and not article.is_published:
        problems.append(("article", "Choose a published story."))
    elif article is not None and (wrong := language_problem(article, page_language(language))):
        problems.append(("article", wrong))
    if article is not None and slot == Slot.LIVE and not article.is_live:
        problems.append(("article", "The live strip takes a story whose live coverage is on."))
    if until is not None and until <= timezone.now():
        problems.append(("until", "Choose a time in the future."))
    return problems


def local_time(moment: datetime) -> str:
    """A time as the desk shows it, in the newsroom's zone and named so."""
    return f"{date_format(timezone.localtime(moment), 'j M, H:i')} ({settings.TIME_ZONE})"


class ArrangementRefused(WorkflowError):
    """An arrangement the front page cannot take: `problems` are (place, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(" ".join(message for _, message in problems))


@dataclass(frozen=True)
class Place:
    """What an editor asks of one place: a story (None: the newest stories fill it) and the
    time it holds until (None: DEFAULT_HOLD from now)."""

    story_id: int | None
    until: datetime | None = None


def _refuse_unless_editor(by) -> None:
    if not is_editor(by):
        raise NotAllowed("Only editors can arrange the front page and the breaking banner.")


def _problems(places, stories, sections, now, language) -> list[tuple[str, str]]:
    problems, seen = [], {}
    for slot, place in places.items():
        label = Slot(slot).label
        if place.story_id is None:
            continue
        story = stories.get(place.story_id)
        if story is None:
            problems.append((slot, f"{label}: that story does not exist."))
            continue
        for _, message in slot_problems(slot, story, None, language):
            problems.append((slot, f"{label}: {message}"))
        if place.until is not None and place.until <= now:
            problems.append((slot, f"{label}: choose a hold-until time in the future."))
        if story.pk in seen:
            problems.append(
                (slot, f"“{story.title}” is already the {seen[story.pk].lower()}: one place each.")
            )
        seen[story.pk] = label
    known = set(Section.objects.filter(pk__in=sections).values_list("pk", flat=True))
    if len(set(sections)) != len(sections) or not known >= set(sections):
        problems.append(("sections", "Section blocks: choose each section once, from the list."))
    if len(sections) > MAX_SECTION_BLOCKS:
        problems.append(
            ("sections", f"Section blocks: at most {MAX_SECTION_BLOCKS} sections on the page.")
        )
    return problems


@transaction.atomic
def arrange_front_page(
    *,
    places: Mapping[str, Place],
    sections: Sequence[int] | None = None,
    by,
    language: str = "",
) -> list[str]:
    """Set the places named in `places` on `language`'s front page (the main one when empty;
    an absent slot keeps what it has) and, with `sections`, the section blocks in that order
    (one order for every language). All or nothing: a refused arrangement
    (ArrangementRefused, its problems by place) changes nothing. Each newly placed story's
    history says where and until when. Returns what changed, in words for the editor."""
    _refuse_unless_editor(by)
    language = page_language(language)
    if set(places) - set(Slot.values):
        raise ArrangementRefused([("places", "The front page has no such place.")])
    now = timezone.now()
    ids = {place.story_id for place in places.values() if place.story_id is not None}
    stories = Article.objects.in_bulk(ids)
    problems = _problems(places, stories, list(sections or []), now, language)
    held = FrontPageSlot.objects.filter(language=language).select_for_update()
    current = {slot.slot: slot for slot in held}
    # A story may not stay in a place it is also given elsewhere (a move is a clear and a set).
    kept = {s.article_id: s.slot for s in current.values() if s.slot not in places}
    problems += [
        (slot, f"“{stories[p.story_id].title}” is already the {Slot(kept[p.story_id]).label}.")
        for slot, p in places.items()
        if p.story_id in kept and p.story_id in stories
    ]
    if problems:
        raise ArrangementRefused(problems)
    done = []
    for slot, place in places.items():
        held = current.get(slot)
        if place.story_id is None:
            if held is not None:
                held.delete()
                done.append(f"{Slot(slot).label} cleared: the newest stories fill it.")
            continue
        until = place.until or now + DEFAULT_HOLD
        if held is not None and held.article_id == place.story_id and held.until == until:
            continue
        story = stories[place.story_id]
        FrontPageSlot.objects.update_or_create(
            language=language, slot=slot, defaults={"article": story, "until": until, "set_by": by}
        )
        place = f"{Slot(slot).label.lower()}{_on(language)}"
        line = f"“{story.title}” is the {place} until {local_time(until)}."
        done.append(line)
        _record(story, by, line)
    if sections is not None:
        done += _order_sections(list(sections))
    return done


def _on(language: str) -> str:
    """Which front page a line of the desk speaks of: none named on a one-language site."""
    return f" on {front_page_name(language)}" if languages.others() else ""


def _order_sections(chosen: list[int]) -> list[str]:
    """Give the chosen sections their blocks in order and take the others' away: each changed
    row saved (its signal purges the front page)."""
    position = {pk: n for n, pk in enumerate(chosen, start=1)}
    changed = False
    for section in Section.objects.all():
        wanted = position.get(section.pk)
        if section.front_page_position != wanted:
            section.front_page_position = wanted
            section.save(update_fields=["front_page_position"])
            changed = True
    if not changed:
        return []
    names = dict(Section.objects.filter(pk__in=chosen).values_list("pk", "name"))
    order = ", ".join(names[pk] for pk in chosen) or "none"
    return [f"Section blocks: {order}."]


def _record(story: Article, by, comment: str, action: str = "front_page") -> None:
    """A line in the story's history (the desk's record of who placed it where)."""
    WorkflowEvent.objects.create(
        article=story,
        action=action,
        from_status=story.status,
        to_status=story.status,
        actor=by,
        comment=comment,
    )


def current_banner(now: datetime | None = None, *, language: str = "") -> Banner | None:
    """The banner the editor works on in `language` (the main one when empty): the one live
    now, else the next to start."""
    now = now or timezone.now()
    running = Banner.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now), language=page_language(language)
    )
    live = running.filter(starts_at__lte=now).order_by("-starts_at", "-id").first()
    return live or running.order_by("starts_at", "id").first()


@transaction.atomic
def save_banner(
    banner: Banner | None,
    *,
    text: str,
    article: Article | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    by,
    language: str = "",
) -> Banner:
    """Put up a banner on `language`'s pages (the main one when empty), or change `banner`
    (on its own language's): its text, an optional published story in that language to link
    to, a start (now if none) and an optional end (none: it stays until taken down)."""
    _refuse_unless_editor(by)
    language = banner.language if banner is not None else page_language(language)
    text = " ".join((text or "").split())
    now = timezone.now()
    starts_at = starts_at or now
    problems = []
    if not text:
        problems.append(("text", "Write the banner's text."))
    elif len(text) > BANNER_TEXT_LIMIT:
        problems.append(("text", f"Keep the banner to {BANNER_TEXT_LIMIT} characters."))
    if article is not None and not article.is_published:
        problems.append(("article", "Link the banner to a published story, or to none."))
    elif article is not None and (wrong := language_problem(article, language, banner=True)):
        problems.append(("article", wrong))
    if ends_at is not None and ends_at <= max(starts_at, now):
        problems.append(("ends_at", "Choose an end after the start and in the future, or none."))
    if problems:
        raise ArrangementRefused(problems)
    if banner is None:
        banner = Banner(created_by=by, language=language)
    banner.text, banner.article = text, article
    banner.starts_at, banner.ends_at = starts_at, ends_at
    banner.save()
    return banner


@transaction.atomic
def take_down_banner(banner: Banner, *, by) -> Banner:
    """End the banner now (the row is kept, as everything that was ever public)."""
    _refuse_unless_editor(by)
    banner.ends_at = max(timezone.now(), banner.starts_at + timedelta(microseconds=1))
    banner.save(update_fields=["ends_at"])
    return banner


def withdraw_from_front_page(article: Article, *, by) -> str:
    """Take a story readers may no longer open out of every place on its language's front
    page and off every banner that links to it (the banners stay, without the link); the
    story's history says so. Returns that line for the desk, empty when the story was
    nowhere. Its other editions keep their places."""
    slots = list(FrontPageSlot.objects.filter(article=article.pk, language=article.language))
    banners = list(Banner.objects.filter(article=article.pk))
    for slot in slots:
        slot.delete()
    for banner in banners:
        banner.article = None
        banner.save(update_fields=["article"])
    removed = [Slot(slot.slot).label.lower() for slot in slots]
    if banners:
        removed.append("the breaking banner's link")
    if not removed:
        return ""
    line = f"Also taken off {front_page_name(article.language)}: {', '.join(removed)}."
    _record(article, by, line, action="front_page_withdrawn")
    return line


def withdrawal_note(article: Article) -> str:
    """What the story's takedown took off the front page, for the desk's message."""
    last = article.events.order_by("-created_at", "-id").first()
    return last.comment if last is not None and last.action == "front_page_withdrawn" else ""
