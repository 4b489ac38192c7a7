from django.contrib import admin

from media.autocomplete import SafeAutocompleteMixin

from .models import Author, AuthorLink


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 1


@admin.register(Author)
class AuthorAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ("name", "role", "user")
    list_select_related = ("user",)
    search_fields = ("name", "role")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("avatar",)
    raw_id_fields = ("user",)
    inlines = (AuthorLinkInline,)
