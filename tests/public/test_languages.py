"""Each language's pages show its own editions: the front page, the News Feed and Show more,
sections, tags, authors, search, feeds, related stories and live stories; an article is found
by its slug in its language; sections, tags and authors' roles are named in the page's
language; and a draft edition is hidden while its sibling is public (and the reverse)."""

import re
from datetime import timedelta

import lxml.etree
import lxml.html
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import workflow
from articles.models import Article, ArticleAuthor, TagName
from articles.search import desk_match
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    edition_of,
    editor,
)
from tests.public.budgets import ARTICLE_BUDGET, HOME_BUDGET, LISTING_BUDGET

pytestmark = pytest.mark.django_db


def story(title, *, ago, language="en", source=None, **kwargs):
    """A published story `ago` minutes old, in `language`, or `source`'s Ukrainian edition."""
    kwargs.setdefault("published", True)
    kwargs.setdefault("published_at", timezone.now() - timedelta(minutes=ago))
    if source is not None:
        return edition_of(source, title=title, **kwargs)
    return ArticleFactory(title=title, language=language, **kwargs)


@pytest.fixture
def newsroom(two_languages):
    world = SectionFactory(
        name="World",
        slug="world",
        description="News from abroad.",
        front_page_position=1,
        translations={"uk": {"name": "Світ", "description": "Новини з-за кордону."}},
    )
    ann = AuthorFactory(
        name="Ann Lee",
        slug="ann",
        role="Correspondent",
        bio="Writes about energy.",
        translations={
            "uk": {"name": "Енн Лі", "role": "Кореспондентка", "bio": "Пише про енергетику."}
        },
    )
    grid = story("Grid repaired overnight", ago=30, section=world, tags=["Energy"], authors=[ann])
    mereza = story(
        "Мережу відремонтували вночі",
        ago=20,
        source=grid,
        slug="merezhu-vidremontuvaly",
        section=world,
        tags=["Energy"],
        authors=[ann],
    )
    dam = story("Dam holds after storm", ago=40, section=world, tags=["Energy"], authors=[ann])
    # A story told only in Ukrainian, and one whose Ukrainian edition is still a draft.
    damba = story("Дамба вистояла", ago=50, language="uk", slug="damba", section=world)
    port = story("Port reopens", ago=60, section=world, slug="port-reopens")
    port_uk = edition_of(port, title="Порт відкрився", slug="port-vidkryvsia")
    # The reverse: an English draft whose Ukrainian edition is public.
    bridge = ArticleFactory(title="Bridge rebuilt", slug="bridge-rebuilt", section=world)
    mist = story("Міст відбудували", ago=70, source=bridge, slug="mist", section=world)
    TagName.objects.create(tag=Tag.objects.get(name="Energy"), language="uk", name="Енергетика")
    return {
        "world": world,
        "ann": ann,
        "grid": grid,
        "mereza": mereza,
        "dam": dam,
        "damba": damba,
        "port": port,
        "port_uk": port_uk,
        "bridge": bridge,
        "mist": mist,
    }


ENGLISH = ("Grid repaired overnight", "Dam holds after storm", "Port reopens")
UKRAINIAN = ("Мережу відремонтували вночі", "Дамба вистояла", "Міст відбудували")


def having(name: str) -> str:
    """XPath: elements with the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


CARD_TITLES = f"//*[{having('card-title')} or {having('lead-title')}]/a"


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content)


def text(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def listing_titles(client, url) -> list[str]:
    """The headlines of a page's cards, its News Feed rail aside."""
    page = html(client, url)
    for rail in page.xpath(f"//*[{having('rail')}]"):
        rail.drop_tree()
    return [a.text_content() for a in page.xpath(CARD_TITLES)]


def rail_titles(client, url) -> list[str]:
    page = html(client, url)
    return [a.text_content() for a in page.xpath(f"//*[{having('feed-items')}]//a")]


@pytest.mark.parametrize(
    "path", ["/", "/sections/world/", "/tags/energy/", "/authors/ann/", "/search/?q=storm"]
)
def test_each_languages_listings_show_its_own_editions(client, newsroom, path):
    english, ukrainian = listing_titles(client, path), listing_titles(client, f"/uk{path}")
    assert not set(UKRAINIAN) & set(english)
    assert not set(ENGLISH) & set(ukrainian)
    if "search" not in path:
        assert "Grid repaired overnight" in english
        assert "Мережу відремонтували вночі" in ukrainian


def test_each_languages_news_feed_is_its_own(client, newsroom):
    assert rail_titles(client, "/uk/sections/world/") == list(UKRAINIAN)
    assert rail_titles(client, "/sections/world/") == list(ENGLISH)
    page = text(client, "/uk/news-feed/")
    assert all(title in page for title in UKRAINIAN)
    assert not any(title in page for title in ENGLISH)


def test_cards_and_links_lead_to_the_pages_in_the_same_language(client, newsroom):
    page = html(client, "/uk/")
    links = {a.get("href") for a in page.xpath("//a[starts-with(@href, '/')]")}
    assert "/uk/news/merezhu-vidremontuvaly/" in links
    assert "/uk/sections/world/" in links  # the navigation, the kicker and the block
    assert page.xpath(f"//a[{having('brand')}]")[0].get("href") == "/uk/"
    assert page.xpath(f"//form[{having('site-search')}]")[0].get("action") == "/uk/search/"
    assert page.xpath("//link[@type='application/rss+xml']")[0].get("href") == "/uk/feed/"
    assert "/uk/news-feed/" in links
    assert page.get_element_by_id("stories").get("data-live-url") == "/uk/live/"
    english = page.xpath("//a[starts-with(@href, '/news/') or starts-with(@href, '/sections/')]")
    assert english == []


def test_sections_tags_and_authors_are_named_in_the_pages_language(client, newsroom):
    section = html(client, "/uk/sections/world/")
    assert section.xpath("//h1")[0].text_content() == "Світ"
    assert section.xpath(f"//*[{having('intro')}]")[0].text_content() == "Новини з-за кордону."
    assert section.xpath(f"//*[{having('site-nav')}]//a")[1].text_content() == "Світ"
    home = html(client, "/uk/")
    kickers = {a.text_content() for a in home.xpath(f"//*[{having('kicker')}]/a")}
    assert kickers == {"Світ"}
    assert "Енергетика" in text(client, "/uk/tags/energy/")
    author = text(client, "/uk/authors/ann/")
    assert "Кореспондентка" in author and "Пише про енергетику." in author
    article = html(client, "/uk/news/merezhu-vidremontuvaly/")
    assert [
        (a.text_content(), a.get("href")) for a in article.xpath(f"//*[{having('tags')}]//a")
    ] == [("Енергетика", "/uk/tags/energy/")]
    box = article.xpath(f"//*[{having('author-box')}]")[0]
    assert box.xpath(f".//*[{having('author-name')}]")[0].text_content() == "Енн Лі"
    assert box.xpath(f".//*[{having('author-role')}]")[0].text_content() == "Кореспондентка"
    assert "Енн Лі" in article.xpath(f"//*[{having('byline-group')}]")[0].text_content()
    assert html(client, "/uk/authors/ann/").xpath("//h1")[0].text_content() == "Енн Лі"
    assert box.xpath(f".//*[{having('author-name')}]/a")[0].get("href") == "/uk/authors/ann/"
    # And in the main language, their own names.
    english = text(client, "/sections/world/")
    assert "News from abroad." in english and "Світ" not in english
    assert "Correspondent" in text(client, "/authors/ann/")
    english_article = text(client, newsroom["grid"].get_absolute_url())
    assert "Ann Lee" in english_article and "Енн Лі" not in english_article


def test_an_article_is_found_by_its_slug_in_its_language(client, newsroom):
    assert "Мережу відремонтували вночі" in text(client, "/uk/news/merezhu-vidremontuvaly/")
    text(client, "/news/merezhu-vidremontuvaly/", 404)
    text(client, f"/uk/news/{newsroom['grid'].slug}/", 404)
    text(client, "/uk/news/damba/")
    text(client, "/news/damba/", 404)


def test_two_editions_may_share_a_slug(client, newsroom):
    slug = newsroom["dam"].slug
    story("Гребля встояла", ago=1, source=newsroom["dam"], slug=slug)
    assert html(client, f"/uk/news/{slug}/").xpath("//h1")[0].text_content() == "Гребля встояла"
    assert html(client, f"/news/{slug}/").xpath("//h1")[0].text_content() == "Dam holds after storm"


def test_a_draft_edition_is_hidden_while_its_sibling_is_public(client, newsroom):
    text(client, "/news/port-reopens/")
    text(client, "/uk/news/port-vidkryvsia/", 404)
    # And the reverse: the English draft is hidden, its Ukrainian edition public.
    text(client, "/news/bridge-rebuilt/", 404)
    text(client, "/uk/news/mist/")
    assert "Порт відкрився" not in text(client, "/uk/")
    assert "Bridge rebuilt" not in text(client, "/")


def test_publishing_one_edition_leaves_the_other_as_it_was(client, newsroom):
    port_uk = newsroom["port_uk"]
    port_uk.lead_image = ImageFactory()
    port_uk.save()
    ArticleAuthor.objects.create(article=port_uk, author=newsroom["ann"])
    workflow.publish(Article.objects.get(pk=port_uk.pk), by=editor())
    assert "Порт відкрився" in text(client, "/uk/news/port-vidkryvsia/")
    assert "Порт відкрився" in listing_titles(client, "/uk/")
    assert "Порт відкрився" not in text(client, "/")
    assert Article.objects.get(pk=newsroom["bridge"].pk).status == Article.Status.DRAFT


@pytest.fixture
def many(two_languages):
    """35 stories in each language, a minute apart, interleaved."""
    now = timezone.now()
    for n in range(35):
        ArticleFactory(
            title=f"English story {n}", published=True, published_at=now - timedelta(minutes=2 * n)
        )
        ArticleFactory(
            title=f"Українська історія {n}",
            language="uk",
            slug=f"istoriia-{n}",
            published=True,
            published_at=now - timedelta(minutes=2 * n + 1),
        )


@pytest.mark.parametrize(
    ("path", "wanted"), [("/", "English story"), ("/uk/", "Українська історія")]
)
def test_show_more_walks_the_languages_own_stories(client, many, path, wanted):
    titles, url = [], path
    while url:
        response = client.get(url)
        page = lxml.html.fromstring(response.content)
        for rail in page.xpath(f"//*[{having('rail')}]"):
            rail.drop_tree()
        titles += [a.text_content() for a in page.xpath(CARD_TITLES)]
        more = page.xpath(f"//*[{having('show-more')}]/a")
        url = f"{path}{more[0].get('href')}" if more else None  # ?before=…
    assert len(titles) == len(set(titles)) == 35
    assert all(title.startswith(wanted) for title in titles)
    # The Show-more chunk alone, as the page's script asks for it.
    cursor = re.search(r"\?before=([\d.]+)", text(client, path))[1]
    chunk = client.get(f"{path}?before={cursor}", headers={"X-Show-More": "1"})
    found = re.findall(r'class="card-title"><a href="([^"]+)">([^<]+)<', chunk.content.decode())
    assert found and all(title.startswith(wanted) for _, title in found)
    assert all(url.startswith(f"{path.rstrip('/')}/news/") for url, _ in found)


def test_the_news_feed_page_shows_more_of_its_own_language(client, many):
    page = text(client, "/uk/news-feed/")
    more = re.search(r'href="(/uk/news-feed/\?before=[^"]+)"', page)[1]
    rest = text(client, more.replace("&amp;", "&"))
    assert "Українська історія 34" in page + rest
    assert "English story" not in page + rest


def test_search_finds_only_the_languages_own_stories(client, newsroom):
    results = listing_titles(client, "/uk/search/?q=вночі")
    assert results == ["Мережу відремонтували вночі"]
    assert listing_titles(client, "/search/?q=вночі") == []
    assert listing_titles(client, "/search/?q=repaired") == ["Grid repaired overnight"]
    assert listing_titles(client, "/uk/search/?q=repaired") == []
    # Case folded in Cyrillic, on both databases.
    assert listing_titles(client, "/uk/search/?q=МЕРЕЖУ") == ["Мережу відремонтували вночі"]


def test_search_in_ukrainian_keeps_latin_words_whole(client, two_languages):
    story("Саміт у Brussels завершився", ago=5, language="uk", slug="samit")
    assert listing_titles(client, "/uk/search/?q=brussels") == ["Саміт у Brussels завершився"]
    assert listing_titles(client, "/uk/search/?q=саміт") == ["Саміт у Brussels завершився"]


@pytest.mark.postgres
def test_postgresql_parses_each_story_in_its_language(two_languages):
    english = story("Ministers meet in Brussels", ago=5)
    ukrainian = story("Міністри зустрілися у Brussels", ago=5, language="uk", slug="ministry")

    def document(article):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_document::text FROM articles_article WHERE id = %s", [article.pk]
            )
            return cursor.fetchone()[0]

    # English stemmed ("brussel", "minist"), Ukrainian words and Latin words in it whole.
    assert "'brussel'" in document(english) and "'minist'" in document(english)
    assert "'brussels'" in document(ukrainian) and "'міністри'" in document(ukrainian)


def test_the_desks_search_finds_stories_in_every_language(two_languages):
    english = story("Ministers meet in Brussels", ago=5)
    ukrainian = story("Міністри зустрілися у Brussels", ago=5, language="uk", slug="ministry")
    for words, found in [
        ("brussels", {english.pk, ukrainian.pk}),
        ("МІНІСТРИ", {ukrainian.pk}),
        ("ministers brussels", {english.pk}),
    ]:
        assert set(Article.objects.filter(desk_match(words)).values_list("pk", flat=True)) == found


def feed_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = lxml.etree.fromstring(response.content)
    items = [(item.findtext("title"), item.findtext("link")) for item in feed.iter("item")]
    return feed.findtext("channel/language"), feed.findtext("channel/title"), items


def test_feeds_carry_the_languages_stories_and_name_it(client, newsroom, settings):
    language, _, items = feed_items(client, "/uk/feed/")
    assert language == "uk"
    assert [title for title, _ in items] == list(UKRAINIAN)
    assert all(link.startswith(f"{settings.SITE_URL}/uk/news/") for _, link in items)
    language, _, items = feed_items(client, "/feed/")
    assert language == "en-gb"
    assert [title for title, _ in items] == list(ENGLISH)
    _, title, items = feed_items(client, "/uk/sections/world/feed/")
    assert title.startswith("Світ — ")
    assert [title for title, _ in items] == list(UKRAINIAN)
    _, title, items = feed_items(client, "/uk/tags/energy/feed/")
    assert title.startswith("Енергетика — ")
    assert [title for title, _ in items] == ["Мережу відремонтували вночі"]
    atom = text(client, "/uk/feed/atom/")
    assert 'xml:lang="uk"' in atom and "Мережу відремонтували вночі" in atom


def test_a_tag_on_no_published_story_in_a_language_has_no_page_in_it(client, newsroom):
    Tag.objects.create(name="Harbour", slug="harbour")
    newsroom["dam"].tags.add("Harbour")
    text(client, "/tags/harbour/")
    text(client, "/uk/tags/harbour/", 404)
    text(client, "/uk/tags/harbour/feed/", 404)


def related_titles(client, url) -> list[str]:
    page = html(client, url)
    return [a.text_content() for a in page.xpath(f"//*[{having('more-stories')}]//h3/a")]


def test_related_stories_are_in_the_storys_language(client, newsroom):
    related = related_titles(client, "/uk/news/merezhu-vidremontuvaly/")
    assert related and set(related) <= set(UKRAINIAN)
    related = related_titles(client, newsroom["grid"].get_absolute_url())
    assert related and set(related) <= set(ENGLISH)


def test_live_pages_answer_in_their_language(client, newsroom):
    boss = editor()
    mereza = newsroom["mereza"]
    workflow.start_coverage(mereza, by=boss)
    workflow.add_live_post(mereza, by=None, author=newsroom["ann"], body="<p>Світло є.</p>")
    page = text(client, "/uk/news/merezhu-vidremontuvaly/")
    assert "Світло є." in page
    assert 'data-live-posts-url="/uk/news/merezhu-vidremontuvaly/posts/"' in page
    since = "0.0"
    assert "Світло є." in text(client, f"/uk/news/merezhu-vidremontuvaly/posts/?since={since}")
    text(client, f"/news/merezhu-vidremontuvaly/posts/?since={since}", 404)
    feed = text(client, "/uk/news/merezhu-vidremontuvaly/posts/feed/")
    assert "Світло є." in feed
    # The live News Feed's "anything newer?" is asked per language.
    newer = text(client, "/uk/live/?since=0.0")
    assert "Мережу відремонтували вночі" in newer and "Grid repaired overnight" not in newer
    assert "Grid repaired overnight" in text(client, "/live/?since=0.0")


def queries(client, url) -> int:
    cache.clear()
    client.get(url)  # the renditions its first reader makes
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/", HOME_BUDGET),
        ("/sections/world/", LISTING_BUDGET),
        ("/tags/energy/", LISTING_BUDGET),
        ("/authors/ann/", LISTING_BUDGET),
        ("/news-feed/", LISTING_BUDGET),
        ("/search/?q=energy", LISTING_BUDGET),
    ],
)
def test_a_page_costs_the_same_queries_in_either_language(client, newsroom, path, budget):
    newsroom["mereza"].tags.add("energy")
    english, ukrainian = queries(client, path), queries(client, f"/uk{path}")
    assert english == ukrainian <= budget


def test_an_article_costs_the_same_queries_in_either_language(client, newsroom):
    english = queries(client, newsroom["grid"].get_absolute_url())
    ukrainian = queries(client, newsroom["mereza"].get_absolute_url())
    assert english == ukrainian <= ARTICLE_BUDGET
