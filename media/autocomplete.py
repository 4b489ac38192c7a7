"""The desk's autocomplete choosers (images, sections, authors, stories), safe with any input.

Django's AutocompleteSelect looks up the posted value again to redisplay a refused form; a value
that is not a key at all ("TRUE" for an image id) raises ValueError there, so the editor gets a
500 instead of "Select a valid choice". The desk's admins use this widget through
`SafeAutocompleteMixin`. It lives in media, the lowest layer, so every app's admin can use it.
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


def _keys_only(field, values) -> list:
    """The values that are well-formed keys of the field's target (what the lookup can take)."""
    target = field.target_field
    kept = []
    for value in values:
        try:
            target.run_validators(target.to_python(value))
        except (ValidationError, TypeError, ValueError):
            continue
        kept.append(value)
    return kept


class SafeAutocompleteSelect(widgets.AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _keys_only(self.field, value), attr)


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline: its `autocomplete_fields` use SafeAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
