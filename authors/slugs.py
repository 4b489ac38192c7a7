"""Address words: a name or a headline as a slug in Latin letters (authors is the lowest app
whose rows have public pages; sections, tags and stories take theirs from here too, through
articles.workflow.slugs).

Ukrainian is written by the national transliteration (Cabinet of Ministers resolution 55 of
2010, translitua's `UkrainianKMU` table: "Київ" → "kyiv", "Згорани" → "zghorany", "Щастя" →
"shchastia"), any other script by a general one (anyascii: "Москва" → "moskva", "Zürich" →
"zurich", "Ελλάδα" → "ellada"). Which language a Cyrillic text is in is read from its letters:
one that Ukrainian lacks (ё, ъ, ы, э, and the other Cyrillic alphabets' own) makes it another
language; a text with none is read as Ukrainian, the newsroom's (so a Russian headline without
such a letter reads as Ukrainian: "Путин" → "putyn").
"""

from anyascii import anyascii
from django.utils.text import slugify
from translitua import UkrainianKMU, translit

# Cyrillic letters Ukrainian does not use: Russian, Belarusian, Bulgarian, Serbian,
# Macedonian, Kazakh, Tajik…
NOT_UKRAINIAN = frozenset("ёъыэўђјљњћџѓќѕәғқңөұүһӣӯҷҳ")


def latin(text: str) -> str:
    """`text` in lower case and Latin letters (other characters as they are)."""
    text = text.lower()
    if NOT_UKRAINIAN.isdisjoint(text):
        text = translit(text, UkrainianKMU)
    # Letters and digits only: anyascii writes out symbols too ("😀" → ":grinning:").
    return "".join(anyascii(c) if c.isalnum() and not c.isascii() else c for c in text)


def slug_for(words: str, *, max_length: int) -> str:
    """The words as a slug in Latin letters, cut to `max_length` with no hyphen left at its end
    ("" when no letter or digit survives)."""
    return slugify(latin(words))[:max_length].strip("-")


def free_slug(queryset, words: str, *, fallback: str, max_length: int) -> str:
    """A slug for `words` (or `fallback`) that no row of `queryset` has, numbered if taken."""
    base = slug_for(words, max_length=max_length) or fallback
    slug, n = base, 1
    while queryset.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class SlugFromName:
    """For the desk's page of rows with a `name` and a `slug`: a new row's slug may be left
    empty, and is made from its name when it is saved. (Django's prepopulated slug is written
    by its JavaScript, which knows nothing of the national transliteration: "Київ" → "kiyiv".)
    """

    slug_fallback = "page"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "slug" in form.base_fields:
            field = form.base_fields["slug"]
            field.required = False
            field.help_text = "Leave it empty to make it from the name, in Latin letters."
        return form

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            model = type(obj)
            # Room for the "-2", "-3"… of a taken slug.
            room = model._meta.get_field("slug").max_length - 10
            obj.slug = free_slug(
                model._default_manager.all(), obj.name, fallback=self.slug_fallback, max_length=room
            )
        super().save_model(request, obj, form, change)
