"""The newsroom's sections (desks) in the admin."""

from django.contrib import admin

from media.changelists import SafeChangeListMixin

from ..models import Section


@admin.register(Section)
class SectionAdmin(SafeChangeListMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
