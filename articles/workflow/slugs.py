"""A story's address words: the slug a new story, the roundup and the Ghost import take from
a headline (or a tag from its name)."""

from django.utils.text import slugify

from ..models import Article

# Room under Article.slug's 255 characters for the "-2", "-3"… of a taken address.
MAX_BASE = 240


def slug_for(words: str, *, max_length: int = MAX_BASE) -> str:
    """The words as a slug, cut to `max_length` with no hyphen left at its end ("" when no
    letter or digit survives)."""
    return slugify(words)[:max_length].strip("-")


def free_slug(words: str, *, fallback: str = "story") -> str:
    """A free address for a new story: the words' slug (or `fallback`), numbered if taken."""
    base = slug_for(words) or fallback
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
