from django import forms
from django.utils.translation import gettext_lazy

from .reading.search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The reader's query; Django's CharField refuses null characters and overlong input."""

    q = forms.CharField(
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        error_messages={
            "max_length": gettext_lazy(
                "That search is too long: try a few words (up to %(limit_value)d characters)."
            ),
            "null_characters_not_allowed": gettext_lazy(
                "That search has a character we can't look for: type it again in your own words."
            ),
        },
    )
