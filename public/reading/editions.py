"""A page in the newsroom's other languages: what the language switcher links to and what the
hreflang alternates name.

A story's other editions come with the story itself (public.reading.sql.story: the editions
readers may see, by articles.visibility, in the same statement), so the switcher costs an
article page no query. A listing (home, section, author) exists in every language, at the
same address under the language's prefix; a tag's page only in the languages of its stories
(one query to learn which). Only a page that has a version in another language names
alternates; the switcher falls back on that language's home page.

Google's rules for alternates (https://developers.google.com/search/docs/specialty/
international/localized-versions): every version lists every version, itself included, and
an `x-default`, here the main language's version.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from authors import languages
from authors.addresses import in_language, slug_url

from ..pagecache import shows, tag_languages_key
from .data import Edition, StoryPage

X_DEFAULT = "x-default"


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """A language in the switcher: its own name, where it leads, whether it is the page's."""

    language: str
    name: str
    url: str
    is_current: bool


@dataclass(frozen=True)
class PageLanguages:
    """A page's languages: the switcher's links (every language, in the newsroom's order) and
    its hreflang alternates ((hreflang, address), itself and x-default included; none for a
    page with no version in another language, or one not to be indexed)."""

    links: tuple[LanguageLink, ...]
    alternates: tuple[tuple[str, str], ...] = ()


def is_multilingual() -> bool:
    """Whether the newsroom publishes in more than one language (else no switcher, no
    alternates: a one-language site is what it always was)."""
    return len(languages.codes()) > 1


def home_url(language: str) -> str:
    return in_language(reverse("public:home"), language)


def story_editions(story_id: int, translated_from_id: int | None, rows) -> tuple[Edition, ...]:
    """A story's other editions from its page's rows of them (sql.EDITION_FIELDS), in the
    newsroom's order of languages."""
    order = {code: n for n, code in enumerate(languages.codes())}
    found = [
        Edition(
            language=language,
            url=slug_url("public:article", slug, language),
            title=title,
            is_source=pk == translated_from_id,
            is_translation=source == story_id,
        )
        for pk, language, slug, title, source in rows
        if language in order  # a language no longer published has no pages
    ]
    return tuple(sorted(found, key=lambda edition: order[edition.language]))


def editions_of(story: StoryPage) -> tuple[Edition, ...]:
    """The story's other editions readers may see (published, their time come), loaded with
    the story: no query."""
    return story.editions


def listing_editions(path: str, language: str, among=None) -> tuple[Edition, ...]:
    """The same listing in the other languages (`among` them only, if given): `path` is its
    main-language address."""
    return tuple(
        Edition(code, in_language(path, code))
        for code in languages.codes()
        if code != language and (among is None or code in among)
    )


def tag_languages(tag_id: int, language: str) -> frozenset[str]:
    """The languages a tag has a page in (a published story in that language has it), the
    page's own `language` among them. One query. The page shows `tag-languages:<id>`, which
    public.invalidation purges when the tag's page in a language appears or goes."""
    shows(tag_languages_key(tag_id))
    stories = Article.objects.published().stories().filter(tags=tag_id)
    others = [code for code in languages.codes() if code != language]
    checks = {f"in_{n}": Exists(stories.filter(language=code)) for n, code in enumerate(others)}
    found = Tag.objects.filter(pk=tag_id).annotate(**checks).values_list(*checks).first()
    has = [code for code, used in zip(others, found or (), strict=False) if used]
    return frozenset([language, *has])


def _page(current: str, url: str, editions, *, indexable: bool) -> PageLanguages:
    """The switcher and alternates of a page at `url` in `current` with these versions in
    other languages (the switcher falls back on a language's home page)."""
    by_language = {edition.language: edition.url for edition in editions}
    by_language[current] = url
    links = tuple(
        LanguageLink(
            code, languages.name(code), by_language.get(code) or home_url(code), code == current
        )
        for code in languages.codes()
    )
    return PageLanguages(links, alternates(by_language) if indexable else ())


def alternates(by_language: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The hreflang alternates of a page with these versions ({language: address}): every
    version in the newsroom's order, then x-default, the main language's version (or, when it
    has none readers may see, the first). None for a page in one language only."""
    ordered = [(code, by_language[code]) for code in languages.codes() if code in by_language]
    if len(ordered) < 2:
        return ()
    default = by_language.get(languages.main(), ordered[0][1])
    return (*ordered, (X_DEFAULT, default))


def story_languages(story: StoryPage, *, indexable: bool = True) -> PageLanguages:
    """An article page's: the story's other editions readers may see, else their home pages."""
    current = story.language or languages.main()
    return _page(current, story.url, editions_of(story), indexable=indexable)


def listing_languages(
    path: str, language: str, *, indexable: bool = True, among=None
) -> PageLanguages:
    """A listing's (home, section, tag, author; `path` its main-language address): the same
    listing in every language (`among` those only, if given: a tag has a page only in the
    languages of its stories). A Show-more page is not indexed, and links the first pages."""
    editions = listing_editions(path, language, among)
    return _page(language, in_language(path, language), editions, indexable=indexable)


def search_languages(text: str, language: str) -> PageLanguages:
    """Search: the same search in every language (never indexed: robots.txt keeps it out)."""
    query = f"?{urlencode({'q': text})}" if text else ""
    path = reverse("public:search")
    editions = [Edition(code, in_language(path, code) + query) for code in languages.codes()]
    return _page(language, in_language(path, language) + query, editions, indexable=False)


def other_languages(language: str) -> PageLanguages:
    """Any other page's: every language's home page."""
    return _page(language, home_url(language), (), indexable=False)
