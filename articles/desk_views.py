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
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from . import desk_comments, presence, workflow, working_copies
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
    """Keep the form's text as this person's working copy; a first headline makes a draft."""
    payload = _payload(request)
    data = working_copies.clean_data(payload.get("fields"))
    user = request.user
    if object_id is None:
        if not workflow.can_edit(user, Article()):
            return _refused("You cannot write stories.")
        if data.get("title"):
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
        copy = working_copies.keep(user=user, article=None, data=data, base_version=None)
        return JsonResponse(_saved(copy.updated_at))
    article = story_or_404(request, object_id)
    if not workflow.can_edit(user, article):
        return _refused("You cannot edit this story, so nothing was kept.")
    copy = working_copies.keep(
        user=user, article=article, data=data, base_version=_version(payload.get("base_version"))
    )
    return JsonResponse(_saved(copy.updated_at))


@require_POST
def discard(request, object_id=None):
    """Throw away the unsaved text the form offered back."""
    article = story_or_404(request, object_id) if object_id else None
    working_copies.forget(user=request.user, article=article)
    messages.info(request, "Unsaved changes discarded.")
    if article is None:
        return HttpResponseRedirect(reverse("admin:articles_article_add"))
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _wants_json(request) -> bool:
    """The desk's scripts ask for JSON; a form posted without them gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


@require_POST
def presence_view(request, object_id):
    """Check in on a story's form and hear who else has it open."""
    article = story_or_404(request, object_id)
    presence.check_in(article.pk, request.user)
    return JsonResponse({"others": presence.others(article.pk, request.user)})


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
