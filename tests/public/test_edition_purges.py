"""A story's editions name each other, so a change readers notice in one edition drops the
cached pages of the others (their switcher, alternates and JSON-LD), and the sitemaps; a draft
being written drops nothing of theirs."""

import pytest

from articles import workflow
from public.pagecache import editions_key
from tests.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    edition_of,
    editor,
    ready_article,
)

pytestmark = pytest.mark.django_db

MISSED = "newsroom; fwd=stale; stored"


@pytest.fixture
def newsroom(two_languages):
    english = ready_article(published=True, slug="metro-reopens", title="Metro reopens")
    ukrainian = edition_of(
        english,
        slug="metro-vidkryvaietsia",
        title="Метро відкривається",
        # Not among the English page's related stories, whose cards name it anyway.
        section=SectionFactory(),
        lead_image=ImageFactory(),
        authors=[AuthorFactory()],
    )
    other = ready_article(published=True, slug="unrelated")
    return {"english": english, "ukrainian": ukrainian, "other": other, "edith": editor()}


PAGES = {"english": "/news/metro-reopens/", "other": "/news/unrelated/"}


def states(client, urls=PAGES) -> dict:
    return {name: client.get(url).get("Cache-Status") for name, url in urls.items()}


def after(client, change, capture) -> dict:
    """Warm the pages, make the change (its purges committed), and each page's Cache-Status."""
    states(client)
    assert set(states(client).values()) == {"newsroom; hit"}
    with capture(execute=True):
        change()
    return states(client)


def test_publishing_the_ukrainian_edition_drops_the_english_page(
    client, newsroom, django_capture_on_commit_callbacks
):
    ukrainian = newsroom["ukrainian"]
    before = client.get(PAGES["english"]).content.decode()
    assert "/uk/news/metro-vidkryvaietsia/" not in before
    found = after(
        client,
        lambda: workflow.publish(ukrainian, by=newsroom["edith"]),
        django_capture_on_commit_callbacks,
    )
    assert found["english"] == MISSED
    assert found["other"].startswith("newsroom; hit")  # its rail spliced in, no more
    html = client.get(PAGES["english"]).content.decode()
    assert 'href="/uk/news/metro-vidkryvaietsia/" lang="uk" hreflang="uk"' in html
    assert 'hreflang="uk" href="https://news.example.org/uk/news/metro-vidkryvaietsia/"' in html
    assert '"workTranslation"' in html
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert "/uk/news/metro-vidkryvaietsia/" in sitemap


def test_retitling_or_taking_down_the_edition_drops_the_english_page(
    client, newsroom, django_capture_on_commit_callbacks
):
    ukrainian, edith = newsroom["ukrainian"], newsroom["edith"]
    workflow.publish(ukrainian, by=edith)

    def retitle():
        ukrainian.refresh_from_db()
        ukrainian.title = "Метро знову відкрите"
        workflow.save_article(ukrainian, by=edith, expected_version=ukrainian.version)

    assert after(client, retitle, django_capture_on_commit_callbacks)["english"] == MISSED
    assert "Метро знову відкрите" in client.get(PAGES["english"]).content.decode()

    def take_down():
        workflow.unpublish(ukrainian, by=edith, reason="Legal")

    found = after(client, take_down, django_capture_on_commit_callbacks)
    assert found["english"] == MISSED
    html = client.get(PAGES["english"]).content.decode()
    assert "metro-vidkryvaietsia" not in html and "workTranslation" not in html
    assert "metro-vidkryvaietsia" not in client.get("/sitemap-articles.xml").content.decode()


def test_writing_the_draft_edition_drops_nothing_of_the_english_page(
    client, newsroom, django_capture_on_commit_callbacks
):
    ukrainian = newsroom["ukrainian"]

    def write():
        ukrainian.body = "<p>Перший абзац перекладу.</p>"
        workflow.save_article(ukrainian, by=newsroom["edith"], expected_version=ukrainian.version)

    assert after(client, write, django_capture_on_commit_callbacks)["english"] == "newsroom; hit"


def test_each_edition_page_carries_the_key_of_its_editions(client, newsroom):
    english = newsroom["english"]
    keys = client.get(PAGES["english"])["Surrogate-Key"].split()
    assert editions_key(english.translation_key) in keys


def test_one_language_pages_carry_no_editions_key(client, db):
    story = ready_article(published=True)
    keys = client.get(story.get_absolute_url())["Surrogate-Key"]
    assert "editions:" not in keys


def test_a_published_storys_new_address_purges_the_sitemap(
    client, db, django_capture_on_commit_callbacks
):
    story, edith = ready_article(published=True, slug="old-address"), editor()
    assert "/news/old-address/" in client.get("/sitemap-articles.xml").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        story.slug = "new-address"
        workflow.save_article(story, by=edith, expected_version=story.version)

    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert "/news/new-address/" in sitemap and "/news/old-address/" not in sitemap


def test_a_tag_pages_alternates_follow_the_other_languages_stories(
    client, newsroom, django_capture_on_commit_callbacks
):
    ukrainian, edith = newsroom["ukrainian"], newsroom["edith"]
    newsroom["english"].tags.add("Metro")
    ukrainian.tags.add("Metro")
    second = edition_of(
        newsroom["other"],
        lead_image=ImageFactory(),
        authors=[AuthorFactory()],
        section=ukrainian.section,
        tags=["Metro"],
    )
    english_tag = "/tags/metro/"
    alternate = '<link rel="alternate" hreflang="uk" href="https://news.example.org/uk/tags/metro/"'

    def change(move, edition):
        client.get(english_tag)
        with django_capture_on_commit_callbacks(execute=True):
            move(edition)
        response = client.get(english_tag)
        return response.get("Cache-Status"), alternate in response.content.decode()

    def publish(edition):
        workflow.publish(edition, by=edith)

    def take_down(edition):
        workflow.unpublish(edition, by=edith, reason="Legal")

    # The tag's first Ukrainian story makes its Ukrainian page: the English page names it.
    assert change(publish, ukrainian) == (MISSED, True)
    # Its second changes nothing of the English page.
    assert change(publish, second)[0].startswith("newsroom; hit")
    assert change(take_down, second)[0].startswith("newsroom; hit")
    # Its last one gone, so is the Ukrainian page, and the English page no longer names it.
    assert change(take_down, ukrainian) == (MISSED, False)
