"""The desk's front-page editor: the front page as readers see it, each place labelled with
its hold, where editors drag (or pick by keyboard) published stories into places, choose and
order the section blocks, edit the breaking banner and preview the page at phone and desktop
width before saving. With more than one language, each language's front page and banner are
arranged on their own (`?language=uk`; tabs switch between them); the section blocks' order is
one for every language.

It lives with the public site because it draws the page with the public card renderer and
site CSS (the desk, in articles, may not import them); every change goes through the
workflow (articles.workflow.front_page), which holds the rules. Editors only; mounted under
/admin/front-page/ behind the desk's sign-in (newsroom/urls.py).
"""

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.dateformat import format as date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from articles import workflow
from articles.models import Article, FrontPageSlot, Section
from articles.workflow import Place
from authors import languages
from authors.addresses import in_language

from . import reading
from .reading.data import SectionLink
from .reading.frontpage import PLACES

Slot = FrontPageSlot.Slot
# The editor's order: the live strip above everything, then the lead and the top stories.
SLOTS = (Slot.LIVE, *PLACES)
SEARCH_RESULTS = 20
LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # an <input type="datetime-local"> value
# The editor shows the page in frames of its own origin.
EDITOR_CSP = {**settings.SECURE_CSP, "frame-src": [CSP.SELF]}
PREVIEW_CSP = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}


def _editor_only(request) -> None:
    if not workflow.is_editor(request.user):
        raise PermissionDenied("Only editors arrange the front page.")


def _language(data) -> str:
    """The language whose front page is edited (`language`; the main one when absent)."""
    language = data.get("language", "")
    try:
        return workflow.page_language(language)
    except workflow.ArrangementRefused:
        raise BadRequest("The newsroom does not publish in that language.") from None


def _editor_url(language: str) -> str:
    url = reverse("front_editor")
    return url if language == languages.main() else f"{url}?language={language}"


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).strftime(LOCAL_INPUT) if value else ""


def _parse_time(text: str, name: str) -> datetime | None:
    """A datetime-local value in the newsroom's zone; empty is None."""
    if not text:
        return None
    try:
        return timezone.make_aware(datetime.strptime(text, LOCAL_INPUT))
    except ValueError:
        raise BadRequest(f"{name}: give a date and time such as 2026-03-01T18:30.") from None


def _parse_id(text: str, name: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise BadRequest(f"{name}: choose a story from the list.")
    return int(text)


def _saved_holds(language: str) -> dict[str, FrontPageSlot]:
    held = FrontPageSlot.objects.filter(until__gt=timezone.now(), language=language)
    return {s.slot: s for s in held}


def _requested(data) -> tuple[dict[str, Place], list[int]]:
    """The arrangement a form or address asks for: a story and a hold-until time per place
    (`story-lead`, `until-lead`…) and the block sections in order (`sections`, ids with
    commas). Raises BadRequest for input no form of ours sends."""
    places = {}
    for slot in SLOTS:
        label = Slot(slot).label
        story = _parse_id(data.get(f"story-{slot}", ""), label)
        places[slot] = Place(story, _parse_time(data.get(f"until-{slot}", ""), label))
    sections = [_parse_id(pk, "Section blocks") for pk in data.get("sections", "").split(",")]
    return places, [pk for pk in sections if pk is not None]


def _saved(language: str) -> tuple[dict[str, Place], list[int]]:
    held = _saved_holds(language)
    places = {
        slot: Place(held[slot].article_id, held[slot].until) if slot in held else Place(None)
        for slot in SLOTS
    }
    chosen = Section.objects.filter(front_page_position__isnull=False)
    return places, list(chosen.order_by("front_page_position").values_list("pk", flat=True))


def _arranged_page(places: dict[str, Place], sections: list[int], language: str):
    """`language`'s front page with this arrangement, as readers would see it (stories they
    may not see are left out, as on the page itself)."""
    now = timezone.now()
    holds = [
        (slot, place.story_id, place.until or now + workflow.DEFAULT_HOLD)
        for slot, place in places.items()
        if place.story_id is not None
    ]
    found = Section.objects.filter(pk__in=sections).values_list(
        "pk", "name", "slug", "translations"
    )
    by_id = {
        pk: SectionLink(pk, languages.translated(names, language, "name", name), slug)
        for pk, name, slug, names in found
    }
    links = [by_id[pk] for pk in sections if pk in by_id]
    return reading.front_page(holds=holds, sections=links, language=language)


def _board(places: dict[str, Place], sections: list[int], language: str) -> dict:
    """What the board draws: each place with its story (held, or the newest filling it) and
    its hold, the section blocks, and the page itself."""
    front = _arranged_page(places, sections, language)
    shown = {Slot.LIVE: front.live, Slot.LEAD: front.lead}
    shown.update(zip(PLACES[1:], front.top, strict=False))
    top_cards = dict(zip(PLACES[1:], front.top_cards, strict=False))
    now = timezone.now()
    rows = []
    for slot in SLOTS:
        place, story = places[slot], shown.get(slot)
        held = place.story_id is not None and story is not None and story.id == place.story_id
        until = place.until or now + workflow.DEFAULT_HOLD
        rows.append(
            {
                "slot": slot,
                "label": Slot(slot).label,
                "story": story,
                "held": held,
                "story_id": place.story_id or "",
                "until": _local(place.until),
                "until_text": date_format(timezone.localtime(until), "j M, H:i"),
                "card": front.lead_html if slot == Slot.LEAD else top_cards.get(slot, ""),
            }
        )
    return {
        "language": language,
        "front": front,
        "places": rows,
        "time_zone": settings.TIME_ZONE,
        "default_hours": int(workflow.DEFAULT_HOLD.total_seconds() // 3600),
    }


def _sections(chosen: list[int]) -> dict:
    every = list(Section.objects.order_by("position", "name").values_list("pk", "name"))
    names = dict(every)
    return {
        "chosen_sections": [(pk, names[pk]) for pk in chosen if pk in names],
        "other_sections": [(pk, name) for pk, name in every if pk not in chosen],
        "sections_value": ",".join(str(pk) for pk in chosen if pk in names),
    }


@never_cache
@csp_override(EDITOR_CSP)
def editor(request):
    """The editor; a POST saves the arrangement or the banner and comes back here, or, when
    refused, shows the editor again with what was asked for and why it was refused (400)."""
    _editor_only(request)
    if request.method == "POST":
        return _save(request, _language(request.POST))
    language = _language(request.GET)
    return _page(request, *_saved(language), language)


def _tabs(language: str) -> list[dict]:
    """The language switch: one tab per language (none on a one-language site)."""
    if not languages.others():
        return []
    return [
        {
            "name": languages.english_name(code),
            "url": _editor_url(code),
            "current": code == language,
        }
        for code in languages.codes()
    ]


def _page(request, places, sections, language, *, refused: str = "", banner_form=None):
    banner = workflow.current_banner(language=language)
    posted = banner_form or {}
    context = {
        **_board(places, sections, language),
        **_sections(sections),
        "tabs": _tabs(language),
        "language_name": languages.english_name(language) if languages.others() else "",
        "site_url": in_language("/", language),
        "banner": banner,
        "banner_text": posted.get("banner_text", banner.text if banner else ""),
        "banner_story": posted.get("banner_story", banner.article_id if banner else ""),
        "banner_title": posted.get(
            "banner_title", banner.article.title if banner and banner.article else ""
        ),
        "banner_starts": posted.get("banner_starts", _local(banner.starts_at if banner else None)),
        "banner_ends": posted.get("banner_ends", _local(banner.ends_at if banner else None)),
        "now": _local(timezone.now()),
        "refused": refused,
    }
    status = 400 if refused else 200
    return render(request, "public/front_editor.html", context, status=status)


def _save(request, language: str):
    action = request.POST.get("action")
    try:
        if action == "arrange":
            places, sections = _requested(request.POST)
        else:
            places, sections = _saved(language)
        if action == "arrange":
            _arrange(request, places, sections, language)
        elif action in ("banner", "take_down"):
            _save_banner(request, action, language)
        else:
            raise BadRequest("The front-page editor has no such action.")
    except workflow.NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except (BadRequest, workflow.WorkflowError) as error:
        if isinstance(error, BadRequest):
            places, sections = _saved(language)
        banner_form = None
        if action == "banner":
            banner_form = {
                name: request.POST.get(name, "")[:300]
                for name in ("banner_text", "banner_story", "banner_starts", "banner_ends")
            }
            story = banner_form["banner_story"]
            found = (
                Article.objects.filter(pk=story) if story.isdigit() and len(story) < 13 else None
            )
            title = found.values_list("title", flat=True).first() if found is not None else None
            banner_form["banner_title"] = title or ""
        return _page(
            request, places, sections, language, refused=str(error), banner_form=banner_form
        )
    return redirect(_editor_url(language))


def _arrange(request, places, sections, language: str) -> None:
    held = _saved_holds(language)
    for slot, place in places.items():
        # An unchanged place keeps its exact time (the form shows minutes).
        kept = held.get(slot)
        if (
            kept is not None
            and kept.article_id == place.story_id
            and _local(kept.until) == _local(place.until)
        ):
            places[slot] = Place(place.story_id, kept.until)
    done = workflow.arrange_front_page(
        places=places, sections=sections, by=request.user, language=language
    )
    for line in done or ["Nothing changed."]:
        messages.success(request, line)
    if done:
        messages.info(request, "The front page readers see is updated.")


def _save_banner(request, action: str, language: str) -> None:
    banner = workflow.current_banner(language=language)
    if action == "take_down":
        if banner is None:
            raise BadRequest("There is no banner to take down.")
        workflow.take_down_banner(banner, by=request.user)
        messages.success(request, "The breaking banner is down.")
        return
    story_id = _parse_id(request.POST.get("banner_story", ""), "Banner story")
    story = Article.objects.filter(pk=story_id).first() if story_id else None
    if story_id and story is None:
        raise BadRequest("Banner story: choose a story from the list.")
    workflow.save_banner(
        banner,
        text=request.POST.get("banner_text", ""),
        article=story,
        starts_at=_parse_time(request.POST.get("banner_starts", ""), "Banner start"),
        ends_at=_parse_time(request.POST.get("banner_ends", ""), "Banner end"),
        by=request.user,
        language=language,
    )
    until = request.POST.get("banner_ends") or "an editor takes it down"
    messages.success(request, f"The breaking banner is saved; it shows until {until}.")


@never_cache
def board(request):
    """The board for an arrangement not saved yet (the editor redraws it after each move)."""
    _editor_only(request)
    places, sections = _requested(request.GET)
    context = _board(places, sections, _language(request.GET))
    return render(request, "public/front_editor.html#board", context)


@never_cache
@xframe_options_sameorigin
@csp_override(PREVIEW_CSP)
def preview(request):
    """The real home page in the chosen language with an arrangement not saved yet, for the
    editor's preview frames: never cached, never indexed."""
    _editor_only(request)
    places, sections = _requested(request.GET)
    language = _language(request.GET)
    front = _arranged_page(places, sections, language)
    context = {"heading": "News Feed", "is_home": True, "front": front, "page": front.page}
    # Drawn as readers of that language get it: its interface text and its pages' chrome.
    request.language = language
    with translation.override(language):
        response = render(request, "public/article_list.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def stories(request):
    """Published stories in the chosen language for the editor's search (title words), newest
    first: never a draft, scheduled or taken-down story."""
    _editor_only(request)
    text = request.GET.get("q", "").strip()[:200]
    found = Article.objects.published().stories().filter(language=_language(request.GET))
    for word in text.split()[:8]:
        found = found.filter(title__icontains=word)
    rows = found.order_by("-published_at", "-id").values(
        "id", "title", "published_at", "section__name", "coverage_started_at", "coverage_ended_at"
    )[:SEARCH_RESULTS]
    now = timezone.now()
    return JsonResponse(
        {
            "stories": [
                {
                    "id": row["id"],
                    "title": row["title"],
                    "section": row["section__name"] or "",
                    "time": date_format(timezone.localtime(row["published_at"]), "j M, H:i"),
                    "live": row["coverage_started_at"] is not None
                    and (row["coverage_ended_at"] is None or row["coverage_ended_at"] > now),
                }
                for row in rows
            ]
        }
    )
