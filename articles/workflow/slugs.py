"""A story's address words: the slug a new story, the roundup and the Ghost import take from
a headline, a section or a tag from its name; in Latin letters, Ukrainian by the national
transliteration (authors.slugs)."""

from authors import slugs

from ..models import Article

# Room under Article.slug's 255 characters for the "-2", "-3"… of a taken address.
MAX_BASE = 240


def slug_for(words: str, *, max_length: int = MAX_BASE) -> str:
    """The words as a slug, cut to `max_length` with no hyphen left at its end ("" when no
    letter or digit survives)."""
    return slugs.slug_for(words, max_length=max_length)


def free_slug(words: str, *, fallback: str = "story", queryset=None, max_length=MAX_BASE) -> str:
    """A free address for a new story (or a row of `queryset`): the words' slug (or
    `fallback`), numbered if taken."""
    queryset = Article.objects.all() if queryset is None else queryset
    return slugs.free_slug(queryset, words, fallback=fallback, max_length=max_length)
