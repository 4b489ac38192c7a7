"""The story form's background endpoints: autosave, presence and desk comments; and the one
door by which the desk's views take a story from the address (`story_or_404`).

Admin views (ArticleAdmin.get_urls wraps them in admin_view: staff login, CSRF, never cached).
The scripts post JSON with the CSRF header; `navigator.sendBeacon`, which cannot set headers,
posts a form with the token and the JSON in `payload`.
"""

import json

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from . import conflicts, desk_comments, desk_time, presence, workflow, working_copies
from .models import Article


def story_or_404(request, object_id) -> Article:
    """The story named in the address, if this user may open it. Missing and not theirs to see
    get the same 404, so the answer never tells that someone else's draft exists."""
    return get_object_or_404(workflow.viewable(request.user), pk=object_id)


def view_on_site(request, content_type_id, object_id):
    """Django admin's "View on site" redirect, for what this user may open in the desk: the
    address of a draft names its headline (its slug), so a draft is as private here."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        if model is None or not admin.site.is_registered(model):
            raise Http404("Nothing to show on the site.")
        obj = content_type.get_object_for_this_type(pk=object_id)
    except (ObjectDoesNotExist, ValueError, ValidationError, OverflowError):
        raise Http404("Nothing to show on the site.") from None
    if not admin.site.get_model_admin(model).has_view_or_change_permission(request, obj):
        raise Http404("Nothing to show on the site.")
    return shortcut(request, content_type_id, object_id)


def _payload(request) -> dict:
    try:
        if request.content_type == "application/json":
            payload = json.loads(request.body or b"{}")
        else:
            payload = json.loads(request.POST.get("payload") or "{}")
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def _refused(message: str, status: int = 403) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _saved(at) -> dict:
    at = timezone.localtime(at)
    return {"saved_at": at.isoformat(), "saved_at_label": date_format(at, "H:i")}


# The largest version the database column holds (a positive integer on every backend).
MAX_VERSION = 2**31 - 1


def _version(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_VERSION else None


@require_POST
def autosave(request, object_id=None):
    """Keep the form's text as this person's working copy; a headline and body text make a
    new story a draft.

    Text another page of theirs left unsaved is never replaced: the answer is a 409 naming it,
    and the form offers it back.
    """
    payload = _payload(request)
    data = working_copies.clean_data(payload.get("fields"))
    page = presence.page_id(payload.get("page"))
    user = request.user
    article = story_or_404(request, object_id) if object_id is not None else None
    if not workflow.can_edit(user, article or Article()):
        if article is None:
            return _refused("You cannot write stories.")
        return _refused("You cannot edit this story, so nothing was kept.")
    if (elsewhere := working_copies.unseen(user=user, article=article, page=page)) is not None:
        return JsonResponse(
            {
                "error": "You have unsaved changes from another page: restore or discard them.",
                "unsaved_at": desk_time.short(elsewhere.updated_at),
            },
            status=409,
        )
    if article is None and workflow.starts_a_draft(data.get("title", ""), data.get("body", "")):
        article = working_copies.start_story(user=user, data=data)
        return JsonResponse(
            {
                "created": True,
                "id": article.pk,
                "version": article.version,
                "slug": article.slug,
                "change_url": reverse("admin:articles_article_change", args=[article.pk]),
                "autosave_url": reverse("admin:articles_article_autosave", args=[article.pk]),
                **_saved(article.modified_at),
            },
            status=201,
        )
    base_version = _version(payload.get("base_version")) if article is not None else None
    copy = working_copies.keep(
        user=user, article=article, data=data, base_version=base_version, page=page
    )
    return JsonResponse(
        {**_saved(copy.updated_at), "unsaved": working_copies.holds_unsaved(copy, article)}
    )


@require_POST
def discard(request, object_id=None):
    """Throw away the unsaved text the form offered back."""
    article = story_or_404(request, object_id) if object_id else None
    working_copies.forget(user=request.user, article=article)
    if _wants_json(request):
        return JsonResponse({"discarded": True})
    messages.info(request, "Unsaved changes discarded.")
    if article is None:
        return HttpResponseRedirect(reverse("admin:articles_article_add"))
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _wants_json(request) -> bool:
    """The desk's scripts ask for JSON; a form posted without them gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


@require_POST
def presence_view(request, object_id):
    """Check in on a story's form (or out, as its page closes); hear who else has it open and
    which version of the story is saved now, so the form can say when someone else saved."""
    article = story_or_404(request, object_id)
    payload = _payload(request)
    page = presence.page_id(payload.get("page"))
    if payload.get("leaving") is True:
        presence.check_out(article.pk, request.user, page)
        return JsonResponse({"others": []})
    presence.check_in(article.pk, request.user, page)
    return JsonResponse(
        {
            "others": presence.others(article.pk, request.user),
            "story": _saved_version(article, request.user),
        }
    )


def _saved_version(article: Article, user) -> dict:
    return {
        "version": article.version,
        "saved_by": conflicts.saved_by(article, user),
        "saved_at": desk_time.short(article.modified_at),
    }


def conflict_view(request, object_id):
    """Someone saved the story while this person had unsaved text: GET shows both versions
    side by side (the form puts it in place); POST makes the chosen words their working copy on
    the version saved now, and opens the form with them, to check and save."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    article = story_or_404(request, object_id)
    user = request.user
    if not workflow.can_edit(user, article):
        raise PermissionDenied("You cannot edit this story.")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    copy = working_copies.current(user=user, article=article)
    if copy is None:
        if request.method == "GET":
            return _refused("Nothing to compare: your text is saved, or was discarded.", 404)
        messages.error(request, "Nothing to compare: your text is saved, or was discarded.")
        return HttpResponseRedirect(change_url)
    comparison = conflicts.compare(copy, article, user=user)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "admin/articles/article/includes/conflict.html",
            {"conflict": comparison, "conflict_url": request.path},
        )
    if (
        request.POST.get("theirs_version") != str(comparison.theirs_version)
        or request.POST.get("mine") != comparison.mine_token
    ):
        messages.warning(
            request,
            "The story or your text changed while you compared: here are both versions again.",
        )
        return HttpResponseRedirect(f"{change_url}?compare=1")
    working_copies.keep(
        user=user,
        article=article,
        data=conflicts.merge(comparison, request.POST),
        base_version=article.version,
        page=copy.page,
    )
    messages.success(request, "Your choices are in the form below. Save to keep them.")
    return HttpResponseRedirect(f"{change_url}?restore=1")


@require_POST
def comment_view(request, object_id):
    """Add a comment for the desk (or a reply). The desk's script gets the comment drawn, to
    put in place without leaving the story form; a plain form goes back to the comments."""
    article = story_or_404(request, object_id)
    try:
        comment = desk_comments.add_comment(
            article,
            by=request.user,
            text=request.POST.get("text", ""),
            parent_id=request.POST.get("parent"),
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
    else:
        if _wants_json(request):
            return JsonResponse(_drawn(request, article, comment), status=201)
        messages.success(request, "Comment added for the desk.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    return HttpResponseRedirect(f"{url}#desk-comments")


COMMENTS_TEMPLATE = "admin/articles/article/includes/desk_comments.html"


def _drawn(request, article, comment) -> dict:
    """A new comment as the story form shows it: a reply in its thread, or a new thread."""
    if comment.parent_id:
        html = render_to_string(f"{COMMENTS_TEMPLATE}#reply", {"reply": comment}, request)
    else:
        context = {
            "thread": desk_comments.Thread(comment),
            "comment_url": reverse("admin:articles_article_comment", args=[article.pk]),
        }
        html = render_to_string(f"{COMMENTS_TEMPLATE}#thread", context, request)
    return {"id": comment.pk, "thread": comment.parent_id, "html": html}
