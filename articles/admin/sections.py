"""The newsroom's sections (desks) in the admin."""

from django.contrib import admin

from authors.desk_translations import TranslationsAdmin
from authors.slugs import SlugFromName
from media.changelists import SafeChangeListMixin

from ..models import Section


@admin.register(Section)
class SectionAdmin(TranslationsAdmin, SlugFromName, SafeChangeListMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    # Its name and description in the newsroom's other languages, as fields of their own.
    translated = ("name", "description")
    exclude = ("translations",)
    list_editable = ("position",)
    slug_fallback = "section"
    search_fields = ("name",)
