from django import forms

from .reading.search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The reader's query; Django's CharField refuses null characters and overlong input."""

    q = forms.CharField(
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        error_messages={
            "max_length": f"That search is too long: try a few words (up to {MAX_QUERY_LENGTH} "
            "characters).",
            "null_characters_not_allowed": "That search has a character we can't look for: "
            "type it again in your own words.",
        },
    )
