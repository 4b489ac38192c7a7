"""The roundup tool: tick and order today's stories, then draft "Key developments" from them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from .. import desk_actions, workflow


class RoundupView:
    """The story admin's roundup page (mixed into ArticleAdmin, which routes it)."""

    def compose_roundup_view(self, request):
        """Tick and order today's stories, then draft the roundup from them."""
        if not workflow.is_editor(request.user):
            raise PermissionDenied("Only editors can compose the roundup.")
        candidates = list(workflow.roundup_candidates())
        form = desk_actions.RoundupForm(request.POST or None, candidates=candidates)
        if request.method == "POST" and form.is_valid():
            try:
                article = workflow.compose_roundup(
                    by=request.user, stories=form.cleaned_data["story"]
                )
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    "Roundup drafted: check the bullets and the standfirst, then submit it.",
                    messages.SUCCESS,
                )
                return redirect("admin:articles_article_change", article.pk)
        if form.is_bound:
            # Keep the editor's order when the page comes back with an error.
            order = {pk: i for i, pk in enumerate(form.data.getlist("story"))}
            candidates.sort(key=lambda a: order.get(str(a.pk), len(order)))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Compose today's Key developments",
            "roundup_title": workflow.roundup_title(timezone.localdate()),
            "candidates": candidates,
            "ticked": {str(pk) for pk in form.data.getlist("story")} if form.is_bound else None,
            "form": form,
            "time_zone": settings.TIME_ZONE,
        }
        return TemplateResponse(request, "admin/articles/article/compose_roundup.html", context)
