"""Story cards are drawn once per version of what they show (public.reading.cardstore): a purged
page draws only the cards that changed, and a changed card is never an old copy."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.pagination import Cursor
from media import renditions
from public.cacheguard import safe_cache
from public.formats import feed_time
from public.reading import cards, cardstore, sql
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, editor, ready_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch):
    """The stories whose cards were rendered (not read from the cache), in order."""
    made = []
    for name, draw in list(cardstore.VARIANTS.items()):

        def counting(card, _draw=draw, **kwargs):
            made.append(card.title)
            return _draw(card, **kwargs)

        monkeypatch.setitem(cardstore.VARIANTS, name, counting)
    return made


def drawn(*stories, hide_section=False) -> list[str]:
    """The cards of these stories as a page draws them."""
    cards = sql.cards_by_id(story.pk for story in stories)
    html, _ = cardstore.drawn_cards(
        [cards[story.pk] for story in stories], hide_section=hide_section
    )
    return list(html)


def card_html(client, url, title) -> str:
    html = client.get(url).content.decode()
    # The rail lists the story too, before the main column's card.
    start = html.rindex('<article class="card', 0, html.rindex(f">{title}</a>"))
    return html[start : html.index("</article>", start)]


def test_a_purged_page_renders_only_the_new_story_card(
    client, rendered, django_capture_on_commit_callbacks
):
    section = SectionFactory(name="World", slug="world")
    for n in range(6):
        ArticleFactory(published=True, section=section, title=f"Story {n}")
    client.get("/sections/world/")
    assert sorted(rendered) == [f"Story {n}" for n in range(6)]

    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(
            ready_article(section=section, title="Breaking story"), by=editor(username="edith")
        )
    html = client.get("/sections/world/").content.decode()
    assert rendered == ["Breaking story"]  # the six others came from the cache
    assert all(f">Story {n}</a>" in html for n in range(6))
    assert html.index("Breaking story") < html.index("Story 5")


def test_an_edited_story_gets_a_new_card_everywhere(
    client, rendered, django_capture_on_commit_callbacks
):
    section = SectionFactory(name="World", slug="world")
    story = ready_article(published=True, section=section, title="Grid repaired")
    ArticleFactory(published=True, section=section, title="Other")
    client.get("/sections/world/")
    client.get("/")

    rendered.clear()
    story.title = "Grid repaired in two regions"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_article(story, by=editor(username="edith"), expected_version=story.version)
    assert ">Grid repaired in two regions</a>" in client.get("/sections/world/").content.decode()
    assert ">Grid repaired in two regions</a>" in client.get("/").content.decode()
    # Once with its section's name (home), once without (its section's page).
    assert rendered == ["Grid repaired in two regions"] * 2


def test_a_renamed_section_changes_the_kicker_on_cached_cards(
    client, django_capture_on_commit_callbacks
):
    world = SectionFactory(name="World", slug="world")
    ArticleFactory(published=True, section=world, title="Summit ends", tags=["Summit"])
    assert ">World</a>" in card_html(client, "/tags/summit/", "Summit ends")
    world.name = "World news"
    with django_capture_on_commit_callbacks(execute=True):
        world.save()
    assert ">World news</a>" in card_html(client, "/tags/summit/", "Summit ends")


def test_new_alt_text_changes_the_cached_card(client, django_capture_on_commit_callbacks):
    image = ImageFactory(alt_text="Workers on a pylon")
    ArticleFactory(published=True, lead_image=image, title="Grid repaired", tags=["Energy"])
    assert 'alt="Workers on a pylon"' in card_html(client, "/tags/energy/", "Grid repaired")
    image.alt_text = "Two workers repair a power line at dusk"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert 'alt="Two workers repair a power line at dusk"' in card_html(
        client, "/tags/energy/", "Grid repaired"
    )


def test_a_card_from_yesterday_shows_the_date_not_the_time(settings, monkeypatch):
    settings.TIME_ZONE = "Europe/Kyiv"
    published = datetime(2026, 11, 27, 14, 5, tzinfo=ZoneInfo("Europe/Kyiv"))
    ArticleFactory(published=True, published_at=published, title="Evening story")
    story = Article.objects.get()
    monkeypatch.setattr(timezone, "now", lambda: published + timedelta(hours=2))
    assert ">14:05</time>" in drawn(story)[0]

    monkeypatch.setattr(timezone, "now", lambda: published + timedelta(days=1))
    assert ">Nov 27</time>" in drawn(story)[0]  # the same story, but today's key


def test_cards_are_rendered_when_the_cache_is_down(client, monkeypatch):
    ArticleFactory(published=True, title="Still served")
    monkeypatch.setattr(safe_cache, "_skip_until", float("inf"))  # the breaker is open
    assert ">Still served</a>" in client.get("/").content.decode()


def test_search_results_keep_their_highlighted_cards(client):
    ArticleFactory(published=True, title="Harbour reopens after the storm")
    client.get("/")  # caches the story's plain card
    html = client.get("/search/?q=harbour").content.decode()
    assert "<mark>Harbour</mark>" in html


def test_with_no_page_cache_pages_are_rendered_from_cached_cards(client, settings, rendered):
    ArticleFactory.create_batch(3, published=True, tags=["Energy"])
    assert client.get("/tags/energy/")["Cache-Status"] == "newsroom; fwd=miss; stored"
    rendered.clear()
    settings.PAGE_CACHE_SECONDS = 0  # a page kept before is not served either
    first = client.get("/tags/energy/")
    assert first["Cache-Status"] == "newsroom; fwd=bypass"
    assert rendered == []  # its cards came from the cache
    ArticleFactory(published=True, tags=["Energy"], title="Just in")
    second = client.get("/tags/energy/")
    assert second["Cache-Status"] == "newsroom; fwd=bypass"
    assert ">Just in</a>" in second.content.decode()  # no purge needed: nothing was kept
    assert rendered == ["Just in"]


def test_a_page_miss_takes_the_news_feed_rail_from_the_cache(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from public.templatetags import newsroom

    rendered_rails = []
    render = newsroom.news_feed_html

    def counting(*args, **kwargs):
        rendered_rails.append(args)
        return render(*args, **kwargs)

    monkeypatch.setattr(newsroom, "news_feed_html", counting)
    world, culture = SectionFactory(slug="world"), SectionFactory(slug="culture")
    ArticleFactory(published=True, section=world, title="Grid repaired")
    ArticleFactory(published=True, section=culture, title="Gallery reopens")
    client.get("/sections/world/")
    culture_page = client.get("/sections/culture/").content.decode()
    assert len(rendered_rails) == 1  # the second page's miss reused the first page's rail
    assert ">Grid repaired</a></li>" in culture_page

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(ready_article(section=world, title="Dam holds"), by=editor())
    html = client.get("/sections/culture/").content.decode()
    assert len(rendered_rails) == 2  # a new story: the rail is made again, once
    assert ">Dam holds</a></li>" in html


def test_a_card_follows_a_publication_time_changed_without_a_save(settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    story = ArticleFactory(published=True, title="Grid repaired")
    drawn(story)
    earlier = story.published_at - timedelta(days=40)
    Article.objects.filter(pk=story.pk).update(published_at=earlier)  # modified_at stays
    assert f">{feed_time(earlier)}</time>" in drawn(story)[0]


def test_with_no_cache_at_all_a_worker_renders_each_card_once(client, settings, rendered):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    story = ArticleFactory(published=True, title="Grid repaired", tags=["Energy"])
    ArticleFactory(published=True, title="Dam holds", tags=["Energy"])
    client.get("/tags/energy/")
    client.get("/tags/energy/")
    assert sorted(rendered) == ["Dam holds", "Grid repaired"]
    story.title = "Grid repaired in two regions"
    workflow.save_article(story, by=editor(), expected_version=story.version)
    assert ">Grid repaired in two regions</a>" in client.get("/tags/energy/").content.decode()
    assert rendered[2:] == ["Grid repaired in two regions"]


def test_a_worker_asks_the_shared_cache_only_for_cards_it_lacks(monkeypatch):
    drawn(*ArticleFactory.create_batch(3, published=True))
    asked = []
    get_many = safe_cache.get_many
    monkeypatch.setattr(safe_cache, "get_many", lambda keys: asked.append(keys) or get_many(keys))
    ArticleFactory(published=True, title="Just in")
    html = drawn(*Article.objects.all())
    assert [len(keys) for keys in asked] == [1]
    assert len(html) == 4 and all(html)


def test_a_worker_keeps_only_its_newest_cards(monkeypatch, rendered):
    monkeypatch.setattr(cardstore.CARDS, "max_items", 2)
    monkeypatch.setattr(safe_cache, "get_many", lambda keys: {})  # as if the cache were empty
    stories = [
        ArticleFactory(published=True, title=title) for title in ("First", "Second", "Third")
    ]
    for story in stories:
        drawn(story)
    assert len(cardstore.CARDS) == 2
    drawn(*stories)
    assert rendered.count("First") == 2  # dropped, so made again
    assert rendered.count("Third") == 1


def test_a_card_in_another_time_zone_is_another_card(settings):
    published = datetime(2026, 11, 27, 11, 5, tzinfo=ZoneInfo("UTC"))
    story = ArticleFactory(published=True, published_at=published)
    with timezone.override("Europe/Kyiv"):
        assert 'datetime="2026-11-27T13:05:00+02:00"' in drawn(story)[0]
    with timezone.override("Europe/London"):
        assert 'datetime="2026-11-27T11:05:00+00:00"' in drawn(story)[0]


def rendition_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    return sum('"media_rendition"' in query["sql"] for query in captured), html


def test_a_show_more_page_whose_cards_the_worker_holds_loads_no_renditions(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    stories = [ArticleFactory(published=True, lead_image=ImageFactory()) for _ in range(8)]
    call_command("renditions", "warm", stdout=StringIO(), stderr=StringIO())
    url = f"/?before={Cursor.after(stories[-1])}"  # the seven older stories, as cards
    renditions, first = rendition_queries(client, url)
    assert renditions == 1  # to render the cards
    renditions, again = rendition_queries(client, url)
    assert renditions == 0  # the cards' keys need no renditions, and this worker holds them
    assert again == first
    assert again.count("<picture>") == 7


def test_a_card_whose_picture_could_not_be_made_is_made_again(monkeypatch, rendered):
    story = ArticleFactory(published=True, title="Flood barrier closes", lead_image=ImageFactory())

    def broken(image, jobs):
        raise OSError("the original is unreadable")

    make = renditions._make
    monkeypatch.setattr(renditions, "_make", broken)
    assert "<picture>" not in drawn(story)[0]

    monkeypatch.setattr(renditions, "_make", make)  # the original is readable again
    assert "<picture>" in drawn(story)[0]
    assert rendered == ["Flood barrier closes", "Flood barrier closes"]
    drawn(story)
    assert len(rendered) == 2  # a whole card is kept


def test_each_variant_draws_the_story_from_its_card(settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    world = SectionFactory(name="World & Peace", slug="world")
    story = ArticleFactory(
        published=True,
        section=world,
        title="Dam <holds>",
        lead_image=ImageFactory(alt_text="The dam at dawn"),
        coverage_started_at=timezone.now() - timedelta(hours=1),
    )
    card = sql.cards_by_id([story.pk])[story.pk]
    card = card.with_picture(sql.pictures([card.picture.id])[card.picture.id])
    url = f'href="/news/{story.slug}/"'
    grid, lead = cards.grid_card(card), cards.lead_story(card)
    row, related, line = cards.list_row(card), cards.related_card(card), cards.feed_line(card)
    for html in (grid, lead, row, related, line):
        assert url in html and "Dam &lt;holds&gt;" in html
    for html in (grid, lead, row):
        assert '<span class="live-badge">Live</span>' in html
        # The kicker is no tab stop of its own (the headline is the card's one).
        assert '<a href="/sections/world/" tabindex="-1">World &amp; Peace</a>' in html
    assert 'fetchpriority="high"' in lead and 'fetchpriority="high"' not in grid
    # The compact row: a small thumbnail beside the headline, its kicker and time, no excerpt.
    assert 'sizes="96px"' in row and 'alt=""' in row
    assert f">{feed_time(story.published_at)}</time>" in row and "excerpt" not in row
    assert "Read also · World &amp; Peace" in related and 'class="related-image"' in related
    assert "<picture>" not in line


def test_a_cards_key_names_what_it_shows_and_how_it_is_drawn(monkeypatch):
    story = ArticleFactory(published=True, lead_image=ImageFactory())
    card = sql.cards_by_id([story.pk])[story.pk]
    key = cardstore.card_key(card)
    assert cardstore.card_key(sql.cards_by_id([story.pk])[story.pk]) == key
    assert cardstore.card_key(card, hide_section=True) != key
    story.lead_image.alt_text = "New words"
    story.lead_image.save()
    assert cardstore.card_key(sql.cards_by_id([story.pk])[story.pk]) != key
    # A change to how cards are drawn is a change of the renderer's source: new keys.
    monkeypatch.setattr(cardstore, "RENDERER", "another renderer")
    assert cardstore.card_key(card) != key
