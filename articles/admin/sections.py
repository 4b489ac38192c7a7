"""The newsroom's sections (desks) in the admin."""

from django.contrib import admin

from authors.slugs import SlugFromName
from media.changelists import SafeChangeListMixin

from ..models import Section


@admin.register(Section)
class SectionAdmin(SlugFromName, SafeChangeListMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    slug_fallback = "section"
    search_fields = ("name",)
