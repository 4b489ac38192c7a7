"""The breaking-news banner: a strip shown across one language's pages between its start and
end time."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from authors import languages
from media.autocomplete import SafeAutocompleteMixin
from media.changelists import SafeChangeListMixin

from .. import workflow
from ..models import Banner


class BannerForm(forms.ModelForm):
    class Meta:
        model = Banner
        fields = ("language", "text", "article", "starts_at", "ends_at")

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        language = cleaned.get("language") or self.instance.language
        problem = article and workflow.language_problem(article, language, banner=True)
        if problem:
            self.add_error("article", problem)
        return cleaned


@admin.register(Banner)
class BannerAdmin(SafeAutocompleteMixin, SafeChangeListMixin, admin.ModelAdmin):
    form = BannerForm
    list_display = ("text", "live_badge", "starts_at", "ends_at", "article")
    list_select_related = ("article",)
    autocomplete_fields = ("article",)
    search_fields = ("text",)
    date_hierarchy = "starts_at"

    # A one-language newsroom never sees the language: its banners are all on its pages.

    def get_exclude(self, request, obj=None):
        return () if languages.others() else ("language",)

    def get_list_display(self, request):
        return (*self.list_display, "language") if languages.others() else self.list_display

    def get_list_filter(self, request):
        return ("language",) if languages.others() else ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "language":
            return forms.ChoiceField(
                label="Language",
                choices=[(code, languages.english_name(code)) for code in languages.codes()],
                initial=languages.main(),
                help_text=db_field.help_text,
            )
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
