"""A story's editions as readers meet them: only the editions readers may see, in the language
switcher, the hreflang alternates and the JSON-LD of each other's pages, read with the story."""

import json
from datetime import timedelta

import lxml.html
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from articles.preview import preview_url
from public import seo
from public.reading import article_page, sql
from public.reading.data import Edition
from public.reading.editions import editions_of, listing_editions
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, edition_of
from tests.public.budgets import ARTICLE_BUDGET, LISTING_BUDGET
from tests.site import SITE

pytestmark = pytest.mark.django_db

# Every state in which readers may not see an edition, as the factory makes it.
HIDDEN = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.IN_REVIEW},
    "scheduled": {"scheduled": True},
    "embargoed": {  # published, its time not yet come
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + timedelta(hours=2),
    },
    "taken down": {
        "status": Article.Status.UNPUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    },
}


def tree(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content)


def switcher(page) -> dict:
    """{language: (href or None for the page's own, aria-current, hreflang)} of the switcher."""
    [nav] = page.xpath('//nav[@class="language-switcher"]')
    found = {}
    for item in nav.xpath(".//li/*"):
        found[item.get("lang")] = (item.get("href"), item.get("aria-current"), item.get("hreflang"))
    return found


def hreflang(page) -> dict:
    return {
        link.get("hreflang"): link.get("href")
        for link in page.xpath('//head/link[@rel="alternate"][@hreflang]')
    }


def json_ld(page, kind="NewsArticle") -> dict:
    blocks = [json.loads(t) for t in page.xpath('//script[@type="application/ld+json"]/text()')]
    [found] = [block for block in blocks if block["@type"] == kind]
    return found


@pytest.fixture
def story(two_languages):
    english = ArticleFactory(published=True, slug="metro-reopens", title="Metro reopens")
    ukrainian = edition_of(
        english, published=True, slug="metro-vidkryvaietsia", title="Метро відкривається"
    )
    return english, ukrainian


def test_the_story_brings_its_visible_editions_in_its_one_statement(
    story, django_assert_num_queries
):
    english, ukrainian = story
    with django_assert_num_queries(1):
        row = sql.story(slug=english.slug)
    assert row["language"] == "en"
    assert row["translation_key"] == english.translation_key
    assert row["editions"] == [(ukrainian.pk, "uk", ukrainian.slug, ukrainian.title, english.pk)]
    with django_assert_num_queries(1):
        assert sql.story(pk=ukrainian.pk)["editions"] == [
            (english.pk, "en", english.slug, english.title, None)
        ]


def test_editions_of_a_story_are_plain_data_with_their_relation(story):
    english, ukrainian = story
    page = article_page(english.slug, language=english.language)
    assert editions_of(page.story) == (
        Edition("uk", "/uk/news/metro-vidkryvaietsia/", "Метро відкривається", False, True),
    )
    assert editions_of(article_page(ukrainian.slug, language=ukrainian.language).story) == (
        Edition("en", "/news/metro-reopens/", "Metro reopens", True, False),
    )


@pytest.mark.parametrize("state", HIDDEN)
def test_a_hidden_edition_never_shows_in_either_direction(client, two_languages, state):
    shown = ArticleFactory(published=True, slug="shown")
    hidden = edition_of(shown, slug="secret-edition", title="Прихований заголовок", **HIDDEN[state])
    assert article_page("shown").story.editions == ()
    # The other way round: a published translation whose source is not (yet) public.
    source = ArticleFactory(slug="hidden-source", title="Hidden headline", **HIDDEN[state])
    translation = edition_of(source, published=True, slug="shown-translation")
    assert article_page(translation.slug, language=translation.language).story.editions == ()

    html = client.get("/news/shown/").content.decode()
    assert hidden.slug not in html and hidden.title not in html
    page = lxml.html.fromstring(html)
    assert switcher(page)["uk"] == ("/uk/", None, "uk")  # that language's home
    assert hreflang(page) == {}
    assert "workTranslation" not in html and "translationOfWork" not in html


def test_the_english_page_links_its_ukrainian_edition(client, story):
    english, ukrainian = story
    page = tree(client, english.get_absolute_url())
    assert switcher(page) == {
        "en": (None, "true", None),
        "uk": ("/uk/news/metro-vidkryvaietsia/", None, "uk"),
    }
    [nav] = page.xpath('//nav[@class="language-switcher"]')
    assert nav.get("aria-label") == "Language"
    assert [item.text for item in nav.xpath(".//li/*")] == ["English", "Українська"]
    assert hreflang(page) == {
        "en": f"{SITE}/news/metro-reopens/",
        "uk": f"{SITE}/uk/news/metro-vidkryvaietsia/",
        "x-default": f"{SITE}/news/metro-reopens/",
    }


def test_a_story_without_another_edition_links_the_other_languages_home(client, two_languages):
    alone = ArticleFactory(published=True)
    page = tree(client, alone.get_absolute_url())
    assert switcher(page)["uk"] == ("/uk/", None, "uk")
    assert hreflang(page) == {}


def test_json_ld_names_the_language_and_the_translations(client, story):
    english, ukrainian = story
    source = json_ld(tree(client, english.get_absolute_url()))
    assert source["inLanguage"] == "en-gb"  # LANGUAGE_CODE, as precise as it is
    assert source["workTranslation"] == [
        {
            "@type": "NewsArticle",
            "url": f"{SITE}/uk/news/metro-vidkryvaietsia/",
            "headline": "Метро відкривається",
            "inLanguage": "uk",
        }
    ]
    assert "translationOfWork" not in source
    translation = seo.news_article(article_page(ukrainian.slug, language=ukrainian.language).story)
    assert translation["inLanguage"] == "uk"
    assert translation["translationOfWork"] == {
        "@type": "NewsArticle",
        "url": f"{SITE}/news/metro-reopens/",
        "headline": "Metro reopens",
        "inLanguage": "en-gb",
    }
    assert "workTranslation" not in translation


def test_a_live_storys_json_ld_names_its_language_and_translations(client, story):
    english, ukrainian = story
    for edition in story:
        edition.coverage_started_at = timezone.now() - timedelta(hours=3)
        edition.save()
    live = json_ld(tree(client, english.get_absolute_url()), "LiveBlogPosting")
    assert live["inLanguage"] == "en-gb"
    assert [work["url"] for work in live["workTranslation"]] == [
        f"{SITE}/uk/news/metro-vidkryvaietsia/"
    ]
    page = article_page(ukrainian.slug, language=ukrainian.language)
    translation = seo.live_blog(page.story, page.live.posts_page.items)
    assert translation["inLanguage"] == "uk"
    assert translation["translationOfWork"]["@type"] == "LiveBlogPosting"


def test_editions_linked_without_a_source_name_no_translation_relation(client, two_languages):
    english = ArticleFactory(published=True, slug="linked")
    ArticleFactory(
        published=True, language="uk", slug="linked-uk", translation_key=english.translation_key
    )
    page = tree(client, "/news/linked/")
    assert switcher(page)["uk"][0] == "/uk/news/linked-uk/"
    assert set(hreflang(page)) == {"en", "uk", "x-default"}
    found = json_ld(page)
    assert "workTranslation" not in found and "translationOfWork" not in found


def test_a_preview_links_the_visible_editions_but_names_no_alternates(client, two_languages):
    draft = edition_of(
        ArticleFactory(published=True, slug="published-source"), slug="draft-translation"
    )
    page = tree(client, preview_url(draft))
    assert switcher(page) == {
        "en": ("/news/published-source/", None, "en"),
        "uk": (None, "true", None),
    }
    assert hreflang(page) == {}


def test_a_listing_in_every_other_language(two_languages):
    assert listing_editions("/sections/world/", "en") == (Edition("uk", "/uk/sections/world/"),)
    assert listing_editions("/sections/world/", "uk") == (Edition("en", "/sections/world/"),)
    assert listing_editions("/", "en") == (Edition("uk", "/uk/"),)


@pytest.mark.parametrize(
    ("url", "uk"),
    [
        ("/", "/uk/"),
        ("/sections/world/", "/uk/sections/world/"),
        ("/tags/energy/", "/uk/tags/energy/"),
        ("/authors/olena/", "/uk/authors/olena/"),
    ],
)
def test_listings_switch_to_the_same_listing_and_name_it_as_alternate(
    client, two_languages, url, uk
):
    world = SectionFactory(slug="world")
    story = ArticleFactory(
        published=True, section=world, tags=["Energy"], authors=[AuthorFactory(slug="olena")]
    )
    edition_of(story, published=True, tags=["Energy"])  # the tag has a page in Ukrainian
    page = tree(client, url)
    assert switcher(page) == {"en": (None, "true", None), "uk": (uk, None, "uk")}
    assert hreflang(page) == {
        "en": f"{SITE}{url}",
        "uk": f"{SITE}{uk}",
        "x-default": f"{SITE}{url}",
    }


@pytest.mark.parametrize("state", HIDDEN)
def test_a_tag_without_a_ukrainian_story_names_no_ukrainian_page(client, two_languages, state):
    story = ArticleFactory(published=True, tags=["Energy"])
    edition_of(story, tags=["Energy"], **HIDDEN[state])
    ArticleFactory(published=True, language="uk", slug="inshe", tags=["Kyiv"])
    page = tree(client, "/tags/energy/")
    assert switcher(page)["uk"] == ("/uk/", None, "uk")
    assert hreflang(page) == {}


def test_show_more_pages_switch_to_the_first_page_and_name_no_alternates(client, two_languages):
    world = SectionFactory(slug="world")
    for n in range(21):
        ArticleFactory(
            published=True, section=world, published_at=timezone.now() - timedelta(minutes=n + 1)
        )
    first = client.get("/sections/world/").content.decode()
    [more] = lxml.html.fromstring(first).xpath("//a[starts-with(@href, '?before=')]/@href")
    page = tree(client, f"/sections/world/{more}")
    assert switcher(page)["uk"] == ("/uk/sections/world/", None, "uk")
    assert hreflang(page) == {}


def test_search_switches_to_the_same_search(client, two_languages):
    ArticleFactory(published=True, title="Metro reopens after repairs")
    page = tree(client, "/search/?q=metro+%26+tram")
    assert switcher(page)["uk"] == ("/uk/search/?q=metro+%26+tram", None, "uk")
    assert hreflang(page) == {}


def test_other_pages_switch_to_the_other_languages_home(client, two_languages):
    response = client.get("/news/no-such-story/")
    assert response.status_code == 404
    page = lxml.html.fromstring(response.content)
    assert switcher(page)["uk"] == ("/uk/", None, "uk")
    assert hreflang(page) == {}
    assert switcher(tree(client, "/news-feed/"))["uk"] == ("/uk/", None, "uk")


def test_one_language_shows_no_switcher_and_no_alternates(client, db):
    world = SectionFactory(slug="world")
    story = ArticleFactory(published=True, section=world, tags=["Energy"])
    story.coverage_started_at = timezone.now() - timedelta(hours=1)
    story.save()
    for url in (story.get_absolute_url(), "/", "/sections/world/", "/tags/energy/", "/search/?q=x"):
        html = client.get(url).content.decode()
        assert "language-switcher" not in html, url
        assert "hreflang" not in html, url
    assert "inLanguage" not in json.dumps(
        json_ld(tree(client, story.get_absolute_url()), "LiveBlogPosting")
    )
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert "xhtml" not in sitemap


LISTING_PAGES = {"home": "/", "section": "/sections/world/", "tag": "/tags/energy/"}


def queries(client, url) -> int:
    cache.clear()
    client.get(url)  # the renditions its first reader makes
    cache.clear()
    with CaptureQueriesContext(connection) as found:
        assert client.get(url).status_code == 200
    return len(found)


def test_the_switcher_costs_no_query_but_on_a_tag_page(client, story, settings):
    english, _ = story
    Correction.objects.create(article=english, text="An earlier version gave the wrong line.")
    ArticleFactory(published=True, section=SectionFactory(slug="world"), tags=["Energy"])
    url = english.get_absolute_url()
    two = {name: queries(client, path) for name, path in LISTING_PAGES.items()}
    with_editions = queries(client, url)
    settings.NEWSROOM_LANGUAGES = ["en"]
    assert queries(client, url) == with_editions <= ARTICLE_BUDGET + 1  # with its corrections
    one = {name: queries(client, path) for name, path in LISTING_PAGES.items()}
    # A tag page asks in which languages the tag has a page.
    assert two == {**one, "tag": one["tag"] + 1}
    assert all(count <= LISTING_BUDGET for count in two.values())
