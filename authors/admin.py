from django.contrib import admin

from media.autocomplete import SafeAutocompleteMixin
from media.changelists import SafeChangeListMixin
from media.widgets import ImageChooserWidget

from .desk_translations import TranslationsAdmin
from .models import Author, AuthorLink
from .slugs import SlugFromName


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 1


@admin.register(Author)
class AuthorAdmin(
    TranslationsAdmin, SlugFromName, SafeAutocompleteMixin, SafeChangeListMixin, admin.ModelAdmin
):
    list_display = ("name", "role", "user")
    # Their role and bio in the newsroom's other languages, as fields of their own.
    translated = ("name", "role", "bio")
    exclude = ("translations",)
    list_select_related = ("user",)
    search_fields = ("name", "role")
    slug_fallback = "author"
    raw_id_fields = ("user",)
    inlines = (AuthorLinkInline,)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "avatar":
            kwargs["widget"] = ImageChooserWidget()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
