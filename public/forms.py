from django import forms

from .search import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The reader's query; Django's CharField refuses null characters and overlong input."""

    q = forms.CharField(label="Search", max_length=MAX_QUERY_LENGTH, required=False, strip=True)
