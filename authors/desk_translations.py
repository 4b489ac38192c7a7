"""A row's words in the newsroom's other languages, on the desk: for a model with a
`translations` JSON field ({"uk": {"name": …}}), one field per other language for each of
its translated fields ("Name in Ukrainian"), kept in that JSON when the form is saved. Only
when the newsroom publishes in more than one language; the JSON itself is never shown. Here in
authors, the lowest app with such rows (an author's role and bio); sections use it too.
"""

from django import forms
from django.utils.text import capfirst

from . import languages


def field_name(field: str, code: str) -> str:
    """The form field for `field` in language `code`: "name_uk"."""
    return f"{field}_{code}"


class TranslationsForm(forms.ModelForm):
    """Fills the per-language fields from `translations` and writes them back into it."""

    translated: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.translations or {}
        for code in languages.others():
            for field in self.translated:
                value = current.get(code, {}).get(field, "")
                self.initial.setdefault(field_name(field, code), value)

    def _post_clean(self):
        super()._post_clean()
        # Languages no longer configured keep their words: nothing typed is thrown away.
        translations = {
            code: dict(words) for code, words in (self.instance.translations or {}).items()
        }
        for code in languages.others():
            words = translations.setdefault(code, {})
            for field in self.translated:
                value = (self.cleaned_data.get(field_name(field, code)) or "").strip()
                if value:
                    words[field] = value
                else:
                    words.pop(field, None)
            if not words:
                del translations[code]
        self.instance.translations = translations


def translations_form(form, model, translated: tuple[str, ...]):
    """`form` with a field per other language for each of `translated` (None with one
    language: nothing to add)."""
    others = languages.others()
    if not others:
        return None
    fields, main = {}, languages.english_name(languages.main())
    for code in others:
        name = languages.english_name(code)
        for field in translated:
            model_field = model._meta.get_field(field)
            formfield = model_field.formfield(required=False)
            formfield.required = False
            formfield.label = f"{capfirst(model_field.verbose_name)} in {name}"
            formfield.help_text = f"Left empty, the {name} pages show the {main} one."
            fields[field_name(field, code)] = formfield
    return type(form.__name__, (TranslationsForm, form), {"translated": translated, **fields})


class TranslationsAdmin:
    """Mixed into a ModelAdmin whose model has `translations`: `translated` names its fields
    with words in each language."""

    translated: tuple[str, ...] = ()

    def get_form(self, request, obj=None, **kwargs):
        form = translations_form(kwargs.get("form", self.form), self.model, self.translated)
        if form is not None:
            kwargs["form"] = form
        return super().get_form(request, obj, **kwargs)
