"""The story form's side of "nothing typed is lost" (mixed into ArticleAdmin): which opening of
the form this is, the unsaved text it offers back or opens with, and both versions side by side
when someone else saved the story (a refused save, or `?compare=1`)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from .. import conflicts, desk_time, presence, workflow, working_copies
from ..models import Article


class UnsavedTextViews:
    def restore_text(self, request, article) -> None:
        """`?restore=1` or `?compare=1`: put this person's unsaved text on the (unsaved) story,
        so the form opens with it."""
        if request.method != "GET" or not ("restore" in request.GET or "compare" in request.GET):
            return
        copy = working_copies.offer(user=request.user, article=article)
        if copy is None or not workflow.can_edit(request.user, article):
            return
        working_copies.apply(copy, article)
        if not copy.page:
            # Text no form typed (an old version brought back for review): it is this form's
            # own from now on, so its autosaves go on replacing it.
            copy.page = presence.new_page_id()
            copy.save(update_fields=["page"])
        article.restored_from = copy

    def unsaved_context(self, request, article, *, can_edit: bool) -> dict:
        user = request.user
        restored = getattr(article, "restored_from", None)
        page = desk_page(request, restored)
        if request.method == "GET":
            presence.check_in(article.pk, user, page)
        offer = None
        if can_edit and restored is None:
            offer = working_copies.offer(user=user, article=article)
            if offer is not None and offer.page == page:
                offer = None  # this page's own text, sent back with a refused save
        return {
            "restore_offer": offer,
            "restore_offer_at": desk_time.short(offer.updated_at) if offer else "",
            "restore_offer_stale": offer is not None and working_copies.stale(offer, article),
            "story_saved_by": conflicts.saved_by(article, user),
            "story_saved_at": desk_time.short(article.modified_at),
            "restored": restored is not None,
            "desk_page": page,
            "conflict": self.open_conflict(request, article, restored),
            "conflict_url": reverse("admin:articles_article_conflict", args=[article.pk]),
        }

    def open_conflict(self, request, article, restored):
        """`?compare=1`: the form opens with this person's unsaved text and, when someone saved
        since it was started, both versions side by side."""
        if "compare" not in request.GET or restored is None or request.method != "GET":
            return None
        saved = Article.objects.select_related("modified_by").get(pk=article.pk)
        if not working_copies.stale(restored, saved):
            return None
        return conflicts.compare(restored, saved, user=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if change and form.is_bound and _only_a_conflict(form, context["errors"], obj):
            # A refused save: the text sent is kept as this person's working copy and shown
            # beside the story as saved now, to keep from both.
            context["conflict"] = self.refused_save_conflict(request, obj, form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def refused_save_conflict(self, request, obj, form):
        copy = working_copies.keep(
            user=request.user,
            article=obj,
            data=working_copies.clean_data({f: form.data.get(f) for f in working_copies.FIELDS}),
            base_version=form.cleaned_data["base_version"],
            page=presence.page_id(form.data.get("_desk_page")),
        )
        saved = Article.objects.select_related("modified_by").get(pk=obj.pk)
        return conflicts.compare(copy, saved, user=request.user)


def _only_a_conflict(form, errors, article) -> bool:
    """Whether a post was refused only because someone saved since its form was opened (from
    a version the story really had): its text is then kept, to compare. A post with other
    errors, or with no real version, gets the errors and stores nothing."""
    version = form.cleaned_data.get("base_version")
    return (
        form.has_error(NON_FIELD_ERRORS, "conflict")
        and len(errors) == 1
        and isinstance(version, int)
        and 0 < version < article.version
    )


def desk_page(request, restored) -> str:
    """This opening of the form's id: the restored text's own (its autosaves go on replacing
    it), the one a refused save was sent from, or a new one."""
    if restored is not None and restored.page:
        return restored.page
    if request.method == "POST":
        return presence.page_id(request.POST.get("_desk_page")) or presence.new_page_id()
    return presence.new_page_id()
