"""A story's revisions on the desk: the list, a word diff between two, and restoring one."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .. import blocks, desk_views, workflow
from ..models import ArticleRevision


class RevisionViews:
    """The story admin's revision pages (mixed into ArticleAdmin, which routes them)."""

    def revisions_view(self, request, object_id):
        article = desk_views.story_or_404(request, object_id)
        revisions = list(article.revisions.select_related("created_by"))
        by_id = {r.pk: r for r in revisions}
        old, new, diff = _picked(by_id, request.GET, "a"), _picked(by_id, request.GET, "b"), None
        if old and new:
            if old.created_at > new.created_at:
                old, new = new, old
            diff = workflow.revision_diff(old, new)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Revisions of “{article.title}”",
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
            "can_restore": workflow.can_edit(request.user, article),
            "time_zone": settings.TIME_ZONE,
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return redirect("admin:articles_article_revisions", object_id=object_id)
        article = desk_views.story_or_404(request, object_id)
        revision = get_object_or_404(ArticleRevision, pk=revision_id, article=article)
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
