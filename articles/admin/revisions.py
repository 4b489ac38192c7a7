"""A story's revisions on the desk: the list, the readable diff between two (names, blocks,
words; workflow.story_diff), and restoring one (after showing what it changes)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import blocks, desk_time, desk_views, workflow, working_copies
from ..models import ArticleRevision


class RevisionViews:
    """The story admin's revision pages (mixed into ArticleAdmin, which routes them)."""

    def revisions_view(self, request, object_id, restoring=None):
        article = desk_views.story_or_404(request, object_id)
        revisions = list(article.revisions.select_related("created_by"))
        by_id = {r.pk: r for r in revisions}
        old, new, diff = _picked(by_id, request.GET, "a"), _picked(by_id, request.GET, "b"), None
        if restoring is not None:
            # What restoring changes: the story as it is now, then the version brought back.
            old, new = _as_saved_now(article), restoring
        elif old and new and old.created_at > new.created_at:
            old, new = new, old
        if old and new:
            diff = workflow.story_diff(old.data, new.data)
        can_restore = workflow.can_edit(request.user, article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Revisions of “{article.title}”",
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
            "can_restore": can_restore,
            "restoring": restoring,
            "time_zone": settings.TIME_ZONE,
        }
        if restoring is not None:
            unsaved = working_copies.offer(user=request.user, article=article)
            context |= {
                "restore_for_review": article.is_published,
                "unsaved_at": desk_time.short(unsaved.updated_at) if unsaved else "",
            }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, revision_id):
        """Restore asks first: GET shows what it changes; POST restores. A published story's
        old version goes into the editor's form for review, never straight to readers."""
        article = desk_views.story_or_404(request, object_id)
        revision = get_object_or_404(ArticleRevision, pk=revision_id, article=article)
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied("You cannot edit this story.")
        if request.method != "POST":
            return self.revisions_view(request, object_id, restoring=revision)
        if article.is_published:
            return self.restore_for_review(request, article, revision)
        try:
            restored = workflow.restore_revision(revision, by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        self.message_user(
            request,
            f"Restored version {revision.version} as version {restored.revision.version}.",
            messages.SUCCESS,
        )
        if restored.left_out:
            self.message_user(
                request,
                "Not restored, kept as it is now: " + "; ".join(restored.left_out) + ".",
                messages.WARNING,
            )
        return redirect("admin:articles_article_change", object_id)

    def restore_for_review(self, request, article, revision):
        left_as_now = working_copies.take_revision(revision, user=request.user)
        self.message_user(
            request,
            f"Version {revision.version} is in the form below for review. Readers still see "
            "the story as it was: press Update to publish this version.",
            messages.SUCCESS,
        )
        if left_as_now:
            self.message_user(
                request,
                "Only the words come back: " + ", ".join(left_as_now) + " stay as they are now.",
                messages.WARNING,
            )
        url = reverse("admin:articles_article_change", args=[article.pk])
        return redirect(f"{url}?restore=1")


def _as_saved_now(article) -> ArticleRevision:
    """The story as saved now, as a revision (unsaved) to compare another with."""
    return ArticleRevision(
        article=article,
        version=article.version,
        data=workflow.snapshot(article),
        created_by=article.modified_by,
        created_at=article.modified_at,
    )


def _picked(revisions: dict, params, key):
    """The story's revision ?a= or ?b= names (None when not given): the page's radio buttons
    send only these, so anything else is a bad address."""
    value = params.get(key)
    if value is None:
        return None
    revision = revisions.get(int(value)) if blocks.is_id(value) else None
    if revision is None:
        raise BadRequest("Choose two versions of this story to compare.")
    return revision
