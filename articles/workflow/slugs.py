"""A story's address words: the slug a new story, the roundup and the Ghost import take from
a headline, a section or a tag from its name; in Latin letters, Ukrainian by the national
transliteration (authors.slugs). And the slug that follows a draft's headline.

Until a story is first scheduled or published its address is nobody's business but the
desk's, so it follows the headline: a draft started as "Untitled repairs" and renamed
"Metro reopens after repairs" is not published at /news/untitled-repairs/. Once readers may
see it the address is fixed; an editor can still change it by hand (Advanced), and a slug
set by hand no longer follows.
"""

import re

from authors import languages, slugs

from ..models import Article

# Room under Article.slug's 255 characters for the "-2", "-3"… of a taken address.
MAX_BASE = 240
FALLBACK = "story"
# The states in which the address still follows the headline: never yet public.
FOLLOWING = (Article.Status.DRAFT, Article.Status.IN_REVIEW)


def slug_for(words: str, *, max_length: int = MAX_BASE) -> str:
    """The words as a slug, cut to `max_length` with no hyphen left at its end ("" when no
    letter or digit survives)."""
    return slugs.slug_for(words, max_length=max_length)


def free_slug(
    words: str, *, fallback: str = FALLBACK, queryset=None, max_length=MAX_BASE, language=""
) -> str:
    """A free address for a new story in `language` (the main one when empty), or for a row
    of `queryset`: the words' slug (or `fallback`), numbered if taken."""
    if queryset is None:
        queryset = Article.objects.filter(language=language or languages.main())
    return slugs.free_slug(queryset, words, fallback=fallback, max_length=max_length)


def is_headline_slug(slug: str, title: str) -> bool:
    """Whether `slug` is the one the headline gives (numbered or not), not one set by hand."""
    base = slug_for(title) or FALLBACK
    return slug == base or re.fullmatch(rf"{re.escape(base)}-[0-9]+", slug) is not None


def follows_headline(current: Article) -> bool:
    """Whether this saved story's address still follows its headline."""
    return current.status in FOLLOWING and is_headline_slug(current.slug, current.title)


def headline_slug(title: str, current: str, *, article_id: int, language: str) -> str:
    """The address for a story whose slug follows its headline, now `title`: the headline's
    own when it is free; else the one it has, if that is already the headline's (numbered);
    else the headline's, numbered."""
    base = slug_for(title) or FALLBACK
    if current == base:
        return current
    best = free_slug(
        title, queryset=Article.objects.filter(language=language).exclude(pk=article_id)
    )
    if best != base and is_headline_slug(current, title):
        return current
    return best
