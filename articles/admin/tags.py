"""Tags on the desk: taggit's own page, and a tag's name in each of the newsroom's other
languages (TagName) when it publishes in more than one. A tag is one subject in every
language: its address is shared, only its name differs."""

import taggit.admin  # registers taggit's page first, which this one replaces
from django import forms
from django.contrib import admin
from taggit.models import Tag

from authors import languages

from .. import desk_editions
from ..models import TagName


class TagNameForm(forms.ModelForm):
    class Meta:
        model = TagName
        fields = ("language", "name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            choices=[(code, languages.english_name(code)) for code in languages.others()]
        )


class TagNameInline(admin.TabularInline):
    model = TagName
    form = TagNameForm
    verbose_name = "name in another language"
    verbose_name_plural = "Names in other languages"

    # Whoever may change a tag may name it in the other languages.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("taggit.view_tag")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("taggit.change_tag")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("taggit.change_tag")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("taggit.change_tag")

    def get_max_num(self, request, obj=None, **kwargs):
        return len(languages.others())

    def get_extra(self, request, obj=None, **kwargs):
        named = obj.names.count() if obj is not None and obj.pk else 0
        return max(len(languages.others()) - named, 0)


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(taggit.admin.TagAdmin):
    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        return (*inlines, TagNameInline) if desk_editions.several() else inlines
