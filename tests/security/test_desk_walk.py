"""Every desk URL, walked by a writer who may not open another writer's draft.

The URLs come from the URL resolver: everything under /admin/ (the admin site's own views,
every ModelAdmin's get_urls(), two-factor sign-in and the notification settings), so a desk URL
added tomorrow is walked without anyone listing it. Each is asked with GET (plain, with a
search, with the draft's ids in the query) and POST (a form that would write to the draft if
it could), its ids filled with the draft's: its story, live post, revisions, correction, an
image only it uses, its author... A second round fills them with the walker's own live story
around the draft's ids (a revision, a post, a comment of the draft).

The walker must get a 403, a 404 or a redirect that reveals nothing for the draft's own rows;
no answer, message or redirect names the draft's words; nothing of the draft changes.
"""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from accounts.models import AuditEvent
from articles import desk_comments, workflow
from articles.models import (
    Article,
    ArticleRevision,
    Banner,
    Correction,
    DeskComment,
    FrontPageSlot,
    LivePost,
    LivePostRevision,
    Section,
    WorkflowEvent,
    WorkingCopy,
)
from authors.models import Author
from media.models import Image
from media.specs import ADMIN_THUMB
from tests.factories import AuthorFactory, ImageFactory, editor, ready_article, writer

pytestmark = pytest.mark.django_db
User = get_user_model()

# The draft's words, each found nowhere else. Searches use one word of them, so a search box
# that repeats the query is no leak; a leak shows the whole phrase.
TITLE = "Secret merger talks at the port authority"
SLUG = "secret-merger-talks"
SECRETS = {
    "title": TITLE,
    "slug": SLUG,
    "dek": "Standfirst GOSHAWK",
    "body": "Ledger KESTREL",
    "older body": "Ledger OSPREY",
    "live post": "Feed HARRIER",
    "desk comment": "Note MERLIN",
    "correction": "Fix PEREGRINE",
    "unsaved text": "Unsaved SKUA",
}
SEARCH_WORDS = ("merger", "KESTREL", "HARRIER", "MERLIN", "PEREGRINE")


# The URLs ------------------------------------------------------------------------------------


def _walk(patterns, prefix=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, (*prefix, pattern))
        elif isinstance(pattern, URLPattern):
            yield (*prefix, pattern)


@dataclass(frozen=True)
class Route:
    chain: tuple  # the resolvers and the pattern, root first

    @property
    def route(self) -> str:
        return "".join(str(p.pattern) for p in self.chain)

    @property
    def name(self) -> str:
        return self.chain[-1].name or ""

    @property
    def params(self) -> tuple[str, ...]:
        names = []
        for p in self.chain:
            names += [n for n in p.pattern.regex.groupindex if n not in names]
        return tuple(names)

    @property
    def label(self) -> str:
        return self.name or self.route


def desk_routes() -> list[Route]:
    """Every URL pattern under /admin/, from the project's URL configuration."""
    routes = [Route(chain) for chain in _walk(get_resolver().url_patterns)]
    return [r for r in routes if r.route.startswith("admin/")]


ROUTES = desk_routes()


def model_of(route: Route):
    """The model whose ModelAdmin serves this route (None for the site's own views)."""
    for model in admin.site._registry:
        if route.route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


# URLs that take no object: nothing to point at the draft, so they may answer 200; they are
# walked all the same, and must not show the draft's words. Every model's list and add form
# take no object too (added from the admin's registry below). A new URL without parameters
# fails `test_every_desk_url_is_walked` until it is added here, with why it may answer.
NO_OBJECT = {
    "index": "the inbox: the walker's own stories and what readers see",
    "login": "the sign-in page (redirects a signed-in user)",
    "logout": "signing out",
    "password_change": "the walker's own password",
    "password_change_done": "a confirmation",
    "jsi18n": "the admin's translations",
    "autocomplete": "the choosers: walked below with every autocomplete field",
    "verify": "two-factor sign-in, second step",
    "enrol": "two-factor enrolment of the walker's own device",
    "notifications": "the walker's own email settings",
    "articles_article_autosave_new": "autosave of a story not created yet (the walker's own)",
    "articles_article_discard_new": "discarding that unsaved text",
    "articles_article_compose_roundup": "editors only: today's published stories",
    "media_image_chooser": "the image library's chooser (images, not stories)",
    "media_image_chooser_results": "a page of that chooser",
    "media_image_chooser_upload": "uploading a new image",
    "media_image_chooser_images": "several library images at once (images, not stories)",
    "articles_article_block_stories": "the body editor's related-story cards: stories the walker "
    "may open (asked with the draft's id and its words)",
    "taggit_tag_merge_tags": "merging tags (editors)",
    "front_editor": "editors only: the front page as readers see it, and its banner",
    "front_editor_board": "editors only: the front page's places redrawn as arranged",
    "front_editor_preview": "editors only: the home page with an unsaved arrangement",
    "front_editor_stories": "editors only: published stories to place",
    "articles_article_translations": "the translation board: the stories the walker may open, "
    "by language (walked in two languages below)",
}


def no_object_names() -> set[str]:
    names = set(NO_OBJECT)
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        names |= {f"{prefix}_changelist", f"{prefix}_add"}
    return names


# The world -----------------------------------------------------------------------------------


@pytest.fixture
def world():
    boss = editor(username="edith")
    owner = writer(username="owner")
    owner_author = AuthorFactory(user=owner, name="Olena Owner")
    image = ImageFactory(title="Crane at dusk")  # only the draft uses it
    draft = ready_article(
        title=TITLE,
        slug=SLUG,
        dek=SECRETS["dek"],
        body=f"<p>{SECRETS['older body']}</p>",
        created_by=owner,
        authors=[owner_author],
        lead_image=image,
        tags=["harbour-deal"],
    )
    workflow.record_revision(draft, by=owner)
    draft.body = f"<p>{SECRETS['body']}</p>"
    workflow.save_article(draft, by=owner, expected_version=draft.version)
    workflow.start_coverage(draft, by=boss)
    post = workflow.add_live_post(draft, by=owner, body=SECRETS["live post"])
    comment = desk_comments.add_comment(draft, by=owner, text=SECRETS["desk comment"])
    correction = Correction.objects.create(article=draft, text=SECRETS["correction"])
    WorkingCopy.objects.create(
        article=draft, user=owner, data={"body": f"<p>{SECRETS['unsaved text']}</p>"}
    )
    later = timezone.now() + timedelta(days=1)
    banner = Banner.objects.create(text="Port news", article=draft, ends_at=later)
    slot = FrontPageSlot.objects.create(slot="lead", article=draft, until=later, set_by=boss)
    draft.refresh_from_db()

    intruder = writer(username="intruder")
    own_author = AuthorFactory(user=intruder, name="Ivan Intruder")
    mine = ready_article(title="Ferry timetable", created_by=intruder, authors=[own_author])
    workflow.record_revision(mine, by=intruder)
    workflow.start_coverage(mine, by=boss)
    my_post = workflow.add_live_post(mine, by=intruder, body="Ferries run late.")
    return SimpleNamespace(
        boss=boss,
        owner=owner,
        owner_author=owner_author,
        image=image,
        draft=draft,
        revisions=list(draft.revisions.order_by("id")),
        post=post,
        comment=comment,
        correction=correction,
        banner=banner,
        slot=slot,
        intruder=intruder,
        mine=mine,
        my_post=my_post,
    )


def subjects(world) -> dict:
    """For each model the desk shows: the row of it that belongs to the draft (private: only
    its writers and editors may open it), a row the draft uses that others may see (shared),
    or None for models that hold nothing of a story (then an id that names no row).

    A model registered with the desk tomorrow fails the walk until it is placed here."""
    return {
        Article: ("private", world.draft),
        LivePost: ("private", world.post),
        Correction: ("private", world.correction),
        Banner: ("private", world.banner),
        FrontPageSlot: ("private", world.slot),
        Image: ("shared", world.image),
        Author: ("shared", world.owner_author),
        Section: ("shared", world.draft.section),
        Tag: ("shared", world.draft.tags.get()),
        User: ("shared", world.owner),
        Group: ("shared", Group.objects.get(name="Writers")),
        AccessAttempt: ("none", None),
        AccessLog: ("none", None),
        AccessFailureLog: ("none", None),
        TOTPDevice: ("none", None),
        StaticDevice: ("none", None),
        DBTaskResult: ("none", None),
        AuditEvent: ("none", None),
    }


def own_rows(world) -> dict:
    """The walker's own rows, for the second round."""
    return {Article: world.mine, LivePost: world.my_post}


def draft_state(world) -> dict:
    """Everything of the draft, to show the walk changed none of it."""
    draft = world.draft
    return {
        "story": list(Article.objects.filter(pk=draft.pk).values()),
        "bylines": list(draft.bylines.values()),
        "tags": sorted(draft.tags.names()),
        "revisions": list(ArticleRevision.objects.filter(article=draft).values()),
        "events": list(WorkflowEvent.objects.filter(article=draft).values()),
        "posts": list(LivePost.objects.filter(article=draft).values()),
        "post revisions": list(LivePostRevision.objects.filter(post__article=draft).values()),
        "comments": list(DeskComment.objects.filter(article=draft).values()),
        "corrections": list(Correction.objects.filter(article=draft).values()),
        "working copies": list(WorkingCopy.objects.filter(article=draft).values()),
        "image": list(Image.objects.filter(pk=world.image.pk).values()),
        "banner": list(Banner.objects.filter(pk=world.banner.pk).values()),
        "slot": list(FrontPageSlot.objects.filter(pk=world.slot.pk).values()),
    }


# Filling a route -----------------------------------------------------------------------------

_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill(route: Route, values: dict) -> str:
    text = route.route
    if route.name == "app_list":
        return f"/admin/{values['app_label']}/"
    if "(?P<url>" in text:
        return "/admin/no-such-page/"
    return "/" + _PARAM.sub(lambda m: str(values[m[1]]), text)


def fillings(route: Route, world, *, own: bool) -> list[tuple[str, bool]]:
    """The addresses to ask for this route: (url, whether it names a private row)."""
    rows = subjects(world)
    model = model_of(route)
    if model is not None and model not in rows:
        pytest.fail(f"{model._meta.label} is new to the desk: place it in subjects()")
    if route.name == "view_on_site" or route.route.startswith("admin/r/"):
        return [
            (
                reverse(
                    "admin:view_on_site",
                    args=[ContentType.objects.get_for_model(m).pk, row.pk if row else 1],
                ),
                kind == "private",
            )
            for m, (kind, row) in rows.items()
        ]
    if route.name == "app_list":
        labels = {m._meta.app_label for m in admin.site._registry}
        return [(_fill(route, {"app_label": label}), False) for label in sorted(labels)]
    values, private = {}, False
    for param in route.params:
        if param in ("object_id", "pk", "id"):
            kind, row = rows[model]
            mine = own_rows(world).get(model) if own else None
            values[param] = (mine or row).pk if (mine or row) else 1
            private |= kind == "private" and mine is None
        elif param == "article_id":
            values[param] = (world.mine if own else world.draft).pk
            private |= not own
        elif param == "revision_id":
            values[param] = world.revisions[0].pk
            private = True
        elif param == "image_id":
            values[param] = world.image.pk
        elif param == "spec":
            values[param] = ADMIN_THUMB
        elif param == "url":
            values[param] = "no-such-page/"
        else:
            pytest.fail(f"The walk does not know what to put in <{param}> of {route.route}")
    return [(_fill(route, values), private)]


def queries(route: Route, world) -> list[dict]:
    """The query strings each address is asked with: none, the draft's ids, and on pages
    that take no object (lists, choosers) a search for each of the draft's words."""
    if route.name == "autocomplete":
        asks = []
        for model, model_admin in admin.site._registry.items():
            for owner_admin in (model_admin, *model_admin.inlines):
                for field in getattr(owner_admin, "autocomplete_fields", ()):
                    source = getattr(owner_admin, "model", model)
                    for word in SEARCH_WORDS:
                        asks.append(
                            {
                                "app_label": source._meta.app_label,
                                "model_name": source._meta.model_name,
                                "field_name": field,
                                "term": word,
                            }
                        )
        return asks
    old, new = world.revisions[0], world.revisions[-1]
    ids = {
        "a": old.pk,
        "b": new.pk,
        "post": world.post.pk,
        "article": world.draft.pk,
        "id": world.draft.pk,
        "restore": "1",
    }
    searches = [{"q": word} for word in SEARCH_WORDS] if not route.params else []
    return [{}, ids, *searches]


def posts(world) -> list[dict]:
    """POST bodies that would write to the draft (or reveal it) if a view let them."""
    draft, post, comment = world.draft, world.post, world.comment
    payload = {"fields": {"title": "Taken over", "body": "<p>Taken over</p>"}, "base_version": 9}
    return [
        {
            "action": "post",
            "headline": "Taken over",
            "body": "Taken over",
            "text": "Taken over",
            "title": "Taken over",
            "parent": comment.pk,
            "post": post.pk,
            "author": world.owner_author.pk,
            "article": draft.pk,
            "slot": "lead",
            "payload": json.dumps(payload),
            "_selected_action": [draft.pk, post.pk],
            "_workflow": "submit",
            "language": "uk",
        },
        {"action": "delete", "post": post.pk},
    ]


# Looking at an answer --------------------------------------------------------------------------


def leaks(response) -> list[str]:
    """Which of the draft's words the answer carries: page, redirect or queued messages."""
    text = response.content.decode(errors="replace") if not response.streaming else ""
    text += " " + response.get("Location", "")
    text += " " + " ".join(str(m) for m in get_messages(response.wsgi_request))
    lowered = text.lower()
    return [name for name, words in SECRETS.items() if words.lower() in lowered]


def refuses(response) -> bool:
    """A 4xx, or a redirect within the desk (to the login, the inbox, the same desk page)
    that `leaks` finds nothing in."""
    if response.status_code == 302:
        return response["Location"].startswith("/admin/")
    return response.status_code in (400, 403, 404, 405)


# The walk ------------------------------------------------------------------------------------


def walk(client, world, route: Route) -> list[str]:
    """Ask every address of `route` as the intruder; what it showed or answered that it
    should not have."""
    problems = []
    first = fillings(route, world, own=False)
    second = [
        (url, private)
        for url, private in fillings(route, world, own=True)
        if (url, private) not in first
    ]
    for own, addresses in ((False, first), (True, second)):
        for url, private in addresses:
            asks = [("GET", q) for q in queries(route, world)]
            asks += [("POST", body) for body in posts(world)]
            for method, data in asks:
                client.force_login(world.intruder)  # a walked logout signs the walker out
                response = client.get(url, data) if method == "GET" else client.post(url, data)
                where = f"{method} {url} {sorted(data)[:4]}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                found = leaks(response)
                if found:
                    problems.append(f"{where}: shows the draft's {', '.join(found)}")
                if private and not own and not refuses(response):
                    problems.append(f"{where}: answered {response.status_code} for the draft")
    return problems


@pytest.mark.parametrize("route", ROUTES, ids=[r.label for r in ROUTES])
def test_no_desk_url_shows_or_changes_another_writers_draft(client, world, route):
    before = draft_state(world)
    problems = walk(client, world, route)
    assert draft_state(world) == before, "the walk changed the draft"
    assert problems == []


# In two languages: a story's editions are stories too. The story desk's URLs (the form, its
# languages box, translate, mark up to date, the translation board) are walked again with the
# draft translated into Ukrainian by its writer, and a published story of the walker's desk
# whose Ukrainian edition is the owner's draft: neither may show, nor be changed or translated.

STORY_ROUTES = [r for r in ROUTES if r.route.startswith("admin/articles/article/")]
STORY_ROUTES += [r for r in ROUTES if r.name == "index"]
EDITION_WORDS = {"edition": "Translation ORIOLE"}


@pytest.fixture
def editions(two_languages, world):
    """The draft's Ukrainian edition and another writer's Ukrainian draft of a published
    story; the world, and the same world with that edition as the draft to keep hidden."""
    draft_uk = workflow.translate(world.draft, "uk", by=world.owner)
    public = ready_article(title="Harbour ferries resume", published=True, tags=["ferries"])
    workflow.record_revision(public, by=world.boss)
    hidden = workflow.translate(public, "uk", by=world.owner)
    hidden.title = EDITION_WORDS["edition"]
    workflow.save_article(hidden, by=world.owner, expected_version=hidden.version)
    # The source changed since: the hidden edition is stale, and says nothing of it.
    public.dek = "Ferries run every hour again."
    workflow.save_article(public, by=world.boss, expected_version=public.version)
    hidden.refresh_from_db()
    return world, SimpleNamespace(**{**vars(world), "draft": hidden}), draft_uk


@pytest.mark.parametrize("route", STORY_ROUTES, ids=[r.label for r in STORY_ROUTES])
def test_no_story_url_shows_another_writers_draft_or_edition_in_two_languages(
    client, editions, route, monkeypatch
):
    world, hidden_world, draft_uk = editions
    monkeypatch.setitem(SECRETS, "edition", EDITION_WORDS["edition"])
    others = Article.objects.exclude(created_by=world.intruder).order_by("pk")
    stories = list(others.values_list("pk", "language", "version", "synced_revision"))
    before = (draft_state(world), draft_state(hidden_world))
    problems = walk(client, world, route) + walk(client, hidden_world, route)
    assert (draft_state(world), draft_state(hidden_world)) == before, "the walk changed a draft"
    # Nothing translated, marked up to date or saved but the walker's own stories.
    assert list(others.values_list("pk", "language", "version", "synced_revision")) == stories
    assert problems == []


def test_every_desk_url_is_walked():
    """The walk covers the admin site, every ModelAdmin's own URLs, two-factor and the
    notification settings; a URL without parameters is on the no-object list on purpose."""
    walked = {r.route for r in ROUTES}
    for model_admin in admin.site._registry.values():
        prefix = f"admin/{model_admin.opts.app_label}/{model_admin.opts.model_name}/"
        for chain in _walk(model_admin.get_urls()):
            assert prefix + "".join(str(p.pattern) for p in chain) in walked
    for chain in _walk(admin.site.get_urls()):
        assert "admin/" + "".join(str(p.pattern) for p in chain) in walked
    assert {"admin/two-factor/", "admin/notifications/"} <= walked
    unlisted = {r.label for r in ROUTES if not r.params and r.label not in no_object_names()}
    assert unlisted == set(), "new desk URLs without an object: add them to NO_OBJECT"
