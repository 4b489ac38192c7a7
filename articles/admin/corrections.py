"""Corrections: listed for those who may open their story, added only from the story's page."""

from django.contrib import admin

from media.autocomplete import SafeAutocompleteMixin
from media.changelists import SafeChangeListMixin

from .. import workflow
from ..models import Correction


@admin.register(Correction)
class CorrectionAdmin(SafeAutocompleteMixin, SafeChangeListMixin, admin.ModelAdmin):
    list_display = ("article", "text", "created_at", "by")
    list_select_related = ("article", "created_by")
    search_fields = ("text", "article__title")
    autocomplete_fields = ("article",)
    readonly_fields = ("by",)
    exclude = ("created_by",)

    @admin.display(description="By", ordering="created_by")
    def by(self, obj):
        # People by their full name, as everywhere on the desk.
        person = obj.created_by
        return (person.get_full_name() or person.get_username()) if person else "—"

    def get_queryset(self, request):
        # A correction names its story: listed only for those who may open the story.
        return workflow.on_viewable(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.can_view(request.user, obj.article))

    def has_add_permission(self, request):
        # Added from the story's page, through the workflow, so an event is recorded.
        return False
