"""A change drops exactly the cached pages that show it: every other page stays a hit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Banner
from tests.factories import AuthorFactory, SectionFactory, UserFactory, editor, ready_article

pytestmark = pytest.mark.django_db

MISSED = "newsroom; fwd=stale; stored"


@pytest.fixture
def newsroom():
    world = SectionFactory(name="World", slug="world")
    culture = SectionFactory(name="Culture", slug="culture")
    ann, bob = AuthorFactory(slug="ann"), AuthorFactory(slug="bob")
    grid = ready_article(
        published=True, section=world, tags=["Energy"], authors=[ann], title="Grid repaired"
    )
    gallery = ready_article(
        published=True, section=culture, tags=["Arts"], authors=[bob], title="Gallery reopens"
    )
    draft = ready_article(section=world, tags=["Energy"], authors=[ann], title="Dam holds")
    return {"grid": grid, "gallery": gallery, "draft": draft, "edith": editor(username="edith")}


PAGES = {
    "home": "/",
    "world": "/sections/world/",
    "culture": "/sections/culture/",
    "energy": "/tags/energy/",
    "arts": "/tags/arts/",
    "ann": "/authors/ann/",
    "bob": "/authors/bob/",
    "feed": "/feed/",
    "culture feed": "/sections/culture/feed/",
    "sitemap": "/sitemap-articles.xml",
}


def pages(newsroom):
    return {
        **PAGES,
        "grid": newsroom["grid"].get_absolute_url(),
        "gallery": newsroom["gallery"].get_absolute_url(),
    }


def cache_states(client, urls: dict) -> dict:
    return {name: client.get(url).get("Cache-Status") for name, url in urls.items()}


def after_change(client, urls, change, capture):
    """Warm every page, make the change, and report each page's Cache-Status twice."""
    assert set(cache_states(client, urls).values()) == {"newsroom; fwd=miss; stored"}
    assert set(cache_states(client, urls).values()) == {"newsroom; hit"}
    with capture(execute=True):
        change()
    first = cache_states(client, urls)
    assert set(cache_states(client, urls).values()) == {"newsroom; hit"}  # misses only once
    return first


def check(first: dict, missed: set):
    assert {name for name, state in first.items() if state == MISSED} == missed
    # Every other page is served from the cache (some with a fresh News Feed rail spliced in).
    assert all(first[name].startswith("newsroom; hit") for name in first.keys() - missed)


def test_publishing_in_world_leaves_culture_and_other_articles_cached(
    client, newsroom, django_capture_on_commit_callbacks
):
    urls = pages(newsroom)
    first = after_change(
        client,
        urls,
        lambda: workflow.publish(newsroom["draft"], by=newsroom["edith"]),
        django_capture_on_commit_callbacks,
    )
    check(first, {"home", "world", "energy", "ann", "feed", "sitemap"})
    # The untouched pages show the new story in their News Feed rail all the same.
    assert first["culture"] == "newsroom; hit; detail=rail"
    assert "Dam holds" in client.get(urls["gallery"]).content.decode()
    assert "Dam holds" in client.get(urls["culture"]).content.decode()


def test_an_update_misses_the_pages_showing_the_story(
    client, newsroom, django_capture_on_commit_callbacks
):
    grid = newsroom["grid"]

    def retitle():
        grid.title = "Grid repaired overnight"
        workflow.save_article(grid, by=newsroom["edith"], expected_version=grid.version)

    first = after_change(client, pages(newsroom), retitle, django_capture_on_commit_callbacks)
    check(first, {"home", "world", "energy", "ann", "feed", "grid"})
    assert "Grid repaired overnight" in client.get("/sections/culture/").content.decode()  # rail


def test_a_correction_misses_only_its_article(client, newsroom, django_capture_on_commit_callbacks):
    def correct():
        workflow.add_correction(newsroom["grid"], by=newsroom["edith"], text="It was Tuesday.")

    first = after_change(client, pages(newsroom), correct, django_capture_on_commit_callbacks)
    check(first, {"grid"})
    assert "It was Tuesday." in client.get(newsroom["grid"].get_absolute_url()).content.decode()


def test_a_takedown_misses_the_pages_that_listed_it(
    client, newsroom, django_capture_on_commit_callbacks
):
    def take_down():
        workflow.unpublish(newsroom["grid"], by=newsroom["edith"], reason="Legal")

    urls = pages(newsroom)
    del urls["energy"]  # its only story: a 404 now
    first = after_change(client, urls, take_down, django_capture_on_commit_callbacks)
    check(first, {"home", "world", "ann", "feed", "sitemap", "grid"})
    assert client.get(newsroom["grid"].get_absolute_url()).status_code == 410
    assert client.get("/tags/energy/").status_code == 404
    for name in ("home", "world", "ann", "culture", "gallery"):
        assert "Grid repaired" not in client.get(pages(newsroom)[name]).content.decode(), name


def test_a_banner_misses_every_html_page_but_not_feeds_or_sitemaps(
    client, newsroom, django_capture_on_commit_callbacks
):
    now = timezone.now()

    def raise_banner():
        Banner.objects.create(
            text="Air raid alert", starts_at=now, ends_at=now + timedelta(minutes=30)
        )

    first = after_change(client, pages(newsroom), raise_banner, django_capture_on_commit_callbacks)
    html_pages = set(pages(newsroom)) - {"feed", "culture feed", "sitemap"}
    check(first, html_pages)
    assert "Air raid alert" in client.get("/sections/culture/").content.decode()


def test_staff_never_get_cached_pages(client, newsroom):
    client.get("/")
    client.force_login(UserFactory())
    response = client.get("/")
    assert not response.has_header("Cache-Status")
    assert "private" in response["Cache-Control"]


def test_pages_carry_their_keys_for_a_cdn(client, newsroom):
    grid = newsroom["grid"]
    response = client.get("/sections/world/")
    keys = response["Surrogate-Key"].split(" ")
    assert {f"section:{grid.section_id}", f"a:{grid.pk}", "feed", "nav", "banner"} <= set(keys)
    assert response["Cache-Tag"].split(",") == keys
    article_keys = client.get(grid.get_absolute_url())["Surrogate-Key"].split(" ")
    assert {f"a:{grid.pk}", f"image:{grid.lead_image_id}"} <= set(article_keys)
    assert f"byline:{grid.authors()[0].pk}" in article_keys
