"""The breaking-news banner: a strip shown site-wide between its start and end time."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from media.autocomplete import SafeAutocompleteMixin
from media.changelists import SafeChangeListMixin

from ..models import Banner


@admin.register(Banner)
class BannerAdmin(SafeAutocompleteMixin, SafeChangeListMixin, admin.ModelAdmin):
    list_display = ("text", "live_badge", "starts_at", "ends_at", "article")
    list_select_related = ("article",)
    autocomplete_fields = ("article",)
    search_fields = ("text",)
    date_hierarchy = "starts_at"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("starts_at", "ends_at"):
            field.help_text = f"{db_field.help_text} In {settings.TIME_ZONE} time."
        return field

    @admin.display(description="Live now")
    def live_badge(self, obj):
        if obj.is_live():
            return "Live"
        return "Ended" if obj.ends_at and obj.ends_at <= timezone.now() else "Later"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
