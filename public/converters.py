"""The `uslug` path converter: slugs that may hold any letters, as taggit makes them.

taggit slugifies with `allow_unicode=True` ("Київ" → "київ"), which Django's `slug` converter
(ASCII only) can neither match nor reverse. This one takes what `validate_unicode_slug` allows,
Unicode word characters and hyphens, so every ASCII slug still matches exactly as before.
"""

from django.urls import register_converter


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
