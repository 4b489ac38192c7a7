"""A story's bylines on the desk: the inline of authors and their roles, in the order the
writer drags them."""

from django import forms
from django.contrib import admin

from media.autocomplete import SafeAutocompleteMixin

from .. import blocks, workflow
from ..models import ArticleAuthor


class BylineForm(forms.ModelForm):
    class Meta:
        model = ArticleAuthor
        fields = ("author", "role", "position")
        # Set by dragging the rows (static/js/desk-form.js), never typed.
        widgets = {"position": forms.HiddenInput}


class BylineFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is None and form.is_bound and self.instance.pk is not None:
            # A byline posted as new that the story has already is that byline: a new story's
            # form was opened before autosave made it a draft with its writer's byline.
            author, role = (
                form.data.get(form.add_prefix("author")),
                form.data.get(form.add_prefix("role")),
            )
            if author and blocks.is_id(author) and role:
                same = self.instance.bylines.filter(author_id=author, role=role).first()
                if same is not None:
                    form.instance = same
        return form


class ArticleAuthorInline(SafeAutocompleteMixin, admin.TabularInline):
    model = ArticleAuthor
    form = BylineForm
    formset = BylineFormSet
    extra = 1
    autocomplete_fields = ("author",)
    fields = ("author", "role", "position")
    classes = ("bylines",)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)


def _editable(request, obj) -> bool:
    return obj is None or workflow.can_edit(request.user, obj)
