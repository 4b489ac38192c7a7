"""The story form's background endpoints: autosave, presence and desk comments.

Admin views (ArticleAdmin.get_urls wraps them in admin_view: staff login, CSRF, never cached).
The scripts post JSON with the CSRF header; `navigator.sendBeacon`, which cannot set headers,
posts a form with the token and the JSON in `payload`.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from . import desk_comments, presence, workflow, working_copies
from .models import Article


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


def _version(value) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


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
    article = get_object_or_404(Article, pk=object_id)
    if not workflow.can_edit(user, article):
        return _refused("You cannot edit this story, so nothing was kept.")
    copy = working_copies.keep(
        user=user, article=article, data=data, base_version=_version(payload.get("base_version"))
    )
    return JsonResponse(_saved(copy.updated_at))


@require_POST
def discard(request, object_id=None):
    """Throw away the unsaved text the form offered back."""
    article = get_object_or_404(Article, pk=object_id) if object_id else None
    working_copies.forget(user=request.user, article=article)
    messages.info(request, "Unsaved changes discarded.")
    if article is None:
        return HttpResponseRedirect(reverse("admin:articles_article_add"))
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def presence_view(model_admin):
    @require_POST
    def view(request, object_id):
        article = get_object_or_404(Article.objects.only("pk"), pk=object_id)
        if not model_admin.has_view_or_change_permission(request, article):
            return _refused("You cannot see this story.")
        presence.check_in(article.pk, request.user)
        return JsonResponse({"others": presence.others(article.pk, request.user)})

    return view


def comment_view(model_admin):
    @require_POST
    def view(request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not model_admin.has_view_or_change_permission(request, article):
            return _refused("You cannot see this story.")
        try:
            desk_comments.add_comment(
                article,
                by=request.user,
                text=request.POST.get("text", ""),
                parent_id=request.POST.get("parent"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Comment added for the desk.")
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}#desk-comments")

    return view
