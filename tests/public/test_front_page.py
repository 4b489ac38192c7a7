"""The front page as editors arrange it: held places, their expiry, nothing said twice."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import FrontPageSlot
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    image = ImageFactory()
    now = timezone.now()
    return [
        ArticleFactory(
            published=True,
            title=f"Headline number {n:02d}",
            lead_image=image,
            published_at=now - timedelta(minutes=10 * n + 1),
        )
        for n in range(40)
    ]


def hold(slot, article, hours=2):
    return FrontPageSlot.objects.create(
        slot=slot, article=article, until=timezone.now() + timedelta(hours=hours)
    )


TOP = r'<ol class="card-grid top-stories[^"]*">.*?</ol>'
LEAD = r'<article class="lead-story.*?</article>'
GRID = r'<ol class="card-grid[^"]*" id="stories".*?</ol>'
RAIL = r'<ol class="feed-items".*?</ol>'


def titles(html, pattern):
    block = re.search(pattern, html, re.S).group(0)
    return re.findall(r"Headline number \d+", block)


def test_held_places_keep_their_story_and_the_newest_fill_the_rest(client, stories):
    hold("lead", stories[30])
    hold("top2", stories[25])
    html = client.get("/").content.decode()
    assert titles(html, r'<article class="lead-story.*?</article>') == ["Headline number 30"]
    top = titles(html, TOP)
    assert top == ["Headline number 00", "Headline number 25", "Headline number 01"] + [
        "Headline number 02"
    ]
    above = {"Headline number 30", "Headline number 25", *top}
    grid = titles(html, GRID)
    assert not above & set(grid)
    # The rail is the wire: every story, newest first, those placed above included.
    assert titles(html, RAIL) == [f"Headline number {n:02d}" for n in range(12)]


def test_an_expired_hold_gives_the_place_back_even_to_a_cached_page(client, stories):
    hold("lead", stories[30], hours=1)
    lead = r'<article class="lead-story.*?</article>'
    assert titles(client.get("/").content.decode(), lead) == ["Headline number 30"]
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert titles(client.get("/").content.decode(), lead) == ["Headline number 00"]


def test_a_story_taken_down_leaves_its_place(client, stories, django_capture_on_commit_callbacks):
    hold("lead", stories[30])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(stories[30], by=editor(), reason="Legal")
    lead = r'<article class="lead-story.*?</article>'
    assert titles(client.get("/").content.decode(), lead) == ["Headline number 00"]


def test_the_live_strip_shows_the_latest_posts_above_everything(client, stories):
    live = stories[12]
    workflow.start_coverage(live, by=editor())
    for n in range(5):
        workflow.add_live_post(live, by=None, body=f"<p>Update {n}</p>", headline=f"Update {n}")
    hold("live", live)
    html = client.get("/").content.decode()
    strip = re.search(r'<section class="live-strip".*?</section>', html, re.S).group(0)
    assert html.index("live-strip") < html.index("lead-story")
    assert re.findall(r"Update \d", strip) == ["Update 4", "Update 3", "Update 2"]
    assert html.count(f'href="{live.get_absolute_url()}"') == 1  # not also a card or rail line


def test_saving_a_slot_purges_the_cached_front_page(
    client, stories, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        hold("lead", stories[33])
    lead = r'<article class="lead-story.*?</article>'
    assert titles(client.get("/").content.decode(), lead) == ["Headline number 33"]


def test_the_arranged_home_page_stays_within_the_listing_budget(client, stories):
    live = stories[12]
    workflow.start_coverage(live, by=editor())
    for n in range(30):
        workflow.add_live_post(live, by=None, body=f"<p>Update {n}</p>")
    hold("live", live)
    hold("lead", stories[30])
    hold("top1", stories[31])
    cache.clear()
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) <= 7  # six, and the live strip's posts


def test_the_rail_says_when_the_feed_changed_even_if_the_newest_is_above_the_fold(client, stories):
    html = client.get("/").content.decode()
    rail = re.search(r'<section class="news-feed".*?</h2>', html, re.S).group(0)
    assert timezone.localtime(stories[0].published_at).strftime("%H:%M") in rail


def test_the_grid_and_show_more_go_on_from_the_fold_without_gaps_or_repeats(client, stories):
    hold("lead", stories[30])
    hold("top2", stories[25])
    html = client.get("/").content.decode()
    above = titles(html, r'<article class="lead-story.*?</article>') + titles(html, TOP)
    grid = titles(html, GRID)
    assert grid == [f"Headline number {n:02d}" for n in range(3, 23)]  # the next newest 20
    more_link = re.search(r'href="\?before=([\d.]+)" rel="next"', html).group(1)
    rest = titles(client.get(f"/?before={more_link}").content.decode(), r'id="stories".*?</ol>')
    shown = above + grid + rest
    assert len(shown) == len(set(shown)) == 40


def test_show_more_leaves_out_held_stories_until_the_hold_ends(client, stories, settings):
    settings.PAGE_CACHE_SECONDS = 24 * 60 * 60  # only the hold's end can drop the copy
    hold("lead", stories[30], hours=1)
    html = client.get("/").content.decode()
    more = re.search(r'href="\?before=([\d.]+)" rel="next"', html).group(1)
    cache.clear()  # the Show-more page alone, as a reader arriving from a shared link
    assert "Headline number 30" not in client.get(f"/?before={more}").content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        later = client.get(f"/?before={more}")  # the cached copy expired with the hold
        assert "Headline number 30" in later.content.decode()


BLOCK = r'<section class="section-block" aria-labelledby="block-{}">.*?</section>'


@pytest.fixture
def sections(stories):
    """Two sections with blocks (Energy first), their stories among the newest."""
    world = SectionFactory(name="World", slug="world", front_page_position=2)
    energy = SectionFactory(name="Energy", slug="energy", front_page_position=1)
    for n, story in enumerate(stories):
        story.section = (world, energy, None)[n % 3] or story.section
        story.save()
    return world, energy


def test_section_blocks_show_their_newest_stories_not_placed_above(client, stories, sections):
    world, energy = sections
    hold("lead", stories[3])  # a World story, held: not again in World's block
    html = client.get("/").content.decode()
    assert html.index(f'aria-labelledby="block-{energy.pk}"') < html.index(
        f'aria-labelledby="block-{world.pk}"'
    )
    above = titles(html, LEAD) + titles(html, TOP)
    assert above == ["Headline number 03", *(f"Headline number {n:02d}" for n in (0, 1, 2, 4))]
    energy_block = titles(html, BLOCK.format(energy.pk))
    world_block = titles(html, BLOCK.format(world.pk))
    assert energy_block == [f"Headline number {n:02d}" for n in (7, 10, 13, 16, 19)]
    assert world_block == [f"Headline number {n:02d}" for n in (6, 9, 12, 15, 18)]
    block = re.search(BLOCK.format(energy.pk), html, re.S).group(0)
    assert 'href="/sections/energy/"' in block  # the heading links to the section
    assert block.count('class="card card-fold"') == 1 and block.count('class="list-row"') == 4
    grid = titles(html, GRID)
    shown = above + energy_block + world_block + grid
    assert len(shown) == len(set(shown))  # nothing said twice in the main column
    assert grid[:3] == ["Headline number 05", "Headline number 08", "Headline number 11"]


def test_show_more_leaves_out_the_section_blocks_stories_too(client, stories, sections):
    html = client.get("/").content.decode()
    shown = titles(html, LEAD) + titles(html, TOP) + titles(html, GRID)
    for section in sections:
        shown += titles(html, BLOCK.format(section.pk))
    more = re.search(r'href="\?before=([\d.]+)" rel="next"', html).group(1)
    shown += titles(client.get(f"/?before={more}").content.decode(), GRID)
    assert len(shown) == len(set(shown)) == 40  # every story once, none missed


def test_choosing_section_blocks_updates_the_cached_front_page_at_once(
    client, stories, sections, django_capture_on_commit_callbacks
):
    world, energy = sections
    assert f"block-{world.pk}" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.arrange_front_page(places={}, sections=[energy.pk], by=editor())
    html = client.get("/").content.decode()
    assert f"block-{world.pk}" not in html and f"block-{energy.pk}" in html


def test_the_home_page_with_section_blocks_stays_within_budget(client, stories, sections):
    live = stories[12]
    workflow.start_coverage(live, by=editor())
    workflow.add_live_post(live, by=None, body="<p>Update</p>")
    hold("live", live)
    hold("lead", stories[30])
    cache.clear()
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert "section-block" in client.get("/").content.decode()
    # Holds, the places with the blocks and the grid (one statement), the live strip's posts,
    # renditions, the navigation with the blocks' sections, the banner and the rail.
    assert len(queries) <= 8
