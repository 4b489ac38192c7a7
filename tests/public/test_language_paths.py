"""A language's pages under its code: /uk/… is the page at /… in Ukrainian, decided by the
path alone; only readers' pages have such an address; each language's pages are cached and
purged apart; and a site in one language answers exactly as before."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from articles import workflow
from articles.models import FrontPageSlot, TagName
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
PURGED: list[list[str]] = []


def record(keys):
    PURGED.append(list(keys))


@pytest.fixture
def newsroom(two_languages):
    world = SectionFactory(name="World", slug="world")
    ann = AuthorFactory(slug="ann")
    grid = ready_article(
        published=True, section=world, tags=["Energy"], authors=[ann], title="Grid repaired"
    )
    mereza = edition_of(
        grid,
        published=True,
        title="Мережу відновили",
        slug="merezhu-vidnovyly",
        authors=[ann],
        tags=["Energy"],
    )
    return {"world": world, "ann": ann, "grid": grid, "mereza": mereza}


def test_a_language_prefix_opens_the_same_page_in_that_language(client, newsroom):
    home = client.get("/uk/")
    assert home.context["LANGUAGE_CODE"] == "uk"  # the interface is in Ukrainian
    assert translation.get_language() != "uk"  # and only for that request
    for path in (
        "/uk/",
        "/uk/news/merezhu-vidnovyly/",
        "/uk/sections/world/",
        "/uk/tags/energy/",
        "/uk/authors/ann/",
        "/uk/search/?q=grid",
        "/uk/news-feed/",
        "/uk/feed/",
        "/uk/feed/atom/",
        "/uk/sections/world/feed/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.wsgi_request.language == "uk", path
        assert response.wsgi_request.path == path.partition("?")[0]  # the page cache's key


def test_main_language_pages_keep_their_addresses_and_language(client, newsroom, settings):
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.language == "en"
    assert response.context["LANGUAGE_CODE"] == settings.LANGUAGE_CODE == "en-gb"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/uk", "/uk/"),
        ("/uk?utm_source=x", "/uk/?utm_source=x"),
        ("/uk/sections/world", "/uk/sections/world/"),
    ],
)
def test_a_prefixed_address_without_its_slash_redirects(client, newsroom, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


@pytest.mark.parametrize(
    "path",
    [
        "/uk/admin/",
        "/uk/admin/login/",
        "/uk/static/css/site.css",
        "/uk/preview/some-token/",
        "/uk/healthz",
        "/uk/readyz",
        "/uk/robots.txt",
        "/uk/sitemap.xml",
        "/uk/news-sitemap.xml",
        "/uk/merezhu-vidnovyly/",  # an old Ghost address: redirected only without a prefix
        "/uk/rss/",
        "/uk/no/such/page/",
        "/uk/uk/",
        "/en/",  # the main language has no prefix
    ],
)
def test_only_readers_pages_have_an_address_in_another_language(client, newsroom, path):
    assert client.get(path).status_code == 404


def test_no_header_or_cookie_changes_the_language_of_a_page(client, newsroom):
    plain = client.get("/")
    client.cookies["django_language"] = "uk"
    asked = client.get("/", headers={"Accept-Language": "uk,en;q=0.5"})
    assert asked.wsgi_request.language == "en"
    assert asked.content == plain.content
    for path in ("/", "/uk/", "/uk/news/merezhu-vidnovyly/"):
        response = client.get(path, headers={"Accept-Language": "uk"})
        assert "Accept-Language" not in response.get("Vary", ""), path


def test_a_site_in_one_language_has_no_prefixed_pages(client):
    ready_article(published=True, slug="uk", title="The UK story")
    response = client.get("/")
    assert response.wsgi_request.language == "en"
    # As before: /uk/ is an old Ghost address (/<slug>/), /uk gets its slash.
    assert client.get("/uk/")["Location"] == "/news/uk/"
    assert client.get("/uk")["Location"] == "/uk/"
    for path in ("/uk/feed/", "/uk/news/uk/", "/uk/search/?q=uk", "/uk/sections/x/"):
        assert client.get(path).status_code == 404, path


def test_each_language_has_its_own_cached_page(client, newsroom):
    assert client.get("/uk/").get("Cache-Status") == "newsroom; fwd=miss; stored"
    assert client.get("/").get("Cache-Status") == "newsroom; fwd=miss; stored"
    assert client.get("/uk/").get("Cache-Status") == "newsroom; hit"
    assert client.get("/").get("Cache-Status") == "newsroom; hit"
    assert "uk:front" in client.get("/uk/")["Surrogate-Key"].split()
    keys = client.get("/")["Surrogate-Key"].split()
    assert "front" in keys
    assert not any(key.startswith("uk:") for key in keys)


def states(client, urls):
    return {url: client.get(url).get("Cache-Status") for url in urls}


def warm(client, urls):
    states(client, urls)
    assert set(states(client, urls).values()) == {"newsroom; hit"}


def test_publishing_an_edition_purges_its_own_languages_listings(
    client, newsroom, settings, django_capture_on_commit_callbacks
):
    settings.PURGE_BACKEND = "tests.public.test_language_paths.record"
    PURGED.clear()
    draft = edition_of(
        ready_article(section=newsroom["world"], authors=[newsroom["ann"]]),
        title="Ще одна історія",
        slug="shche-odna",
        lead_image=ImageFactory(),
        authors=[newsroom["ann"]],
        tags=["Energy"],
    )
    urls = ["/", "/sections/world/", "/tags/energy/", "/authors/ann/", "/feed/"]
    uk_urls = [f"/uk{url}" for url in urls]
    warm(client, urls + uk_urls)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, by=editor())
    found = states(client, urls + uk_urls)
    assert {url for url in uk_urls if found[url] == MISSED} == set(uk_urls)
    assert all(found[url] == "newsroom; hit" for url in urls), found
    world, ann, purged = newsroom["world"].pk, newsroom["ann"].pk, set().union(*PURGED)
    assert {"uk:front", "uk:feed", f"uk:section:{world}", f"uk:author:{ann}"} <= purged
    assert not {"front", "feed", f"section:{world}", f"author:{ann}"} & purged


def test_publishing_in_the_main_language_leaves_the_other_languages_pages_cached(
    client, newsroom, django_capture_on_commit_callbacks
):
    draft = ready_article(section=newsroom["world"], authors=[newsroom["ann"]], tags=["Energy"])
    urls = ["/", "/sections/world/", "/tags/energy/", "/authors/ann/", "/feed/"]
    uk_urls = [f"/uk{url}" for url in urls]
    warm(client, urls + uk_urls)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(draft, by=editor())
    found = states(client, urls + uk_urls)
    assert {url for url in urls if found[url] == MISSED} == set(urls)
    assert all(found[url] == "newsroom; hit" for url in uk_urls), found


def test_a_section_or_author_changed_purges_their_pages_in_every_language(
    client, newsroom, django_capture_on_commit_callbacks
):
    urls = ["/sections/world/", "/uk/sections/world/", "/authors/ann/", "/uk/authors/ann/"]
    warm(client, urls)
    with django_capture_on_commit_callbacks(execute=True):
        newsroom["world"].translations = {"uk": {"name": "Світ"}}
        newsroom["world"].save()
        newsroom["ann"].translations = {"uk": {"role": "Редакторка"}}
        newsroom["ann"].save()
    assert set(states(client, urls).values()) == {MISSED}


def test_a_tags_name_in_a_language_purges_its_page_in_that_language(
    client, newsroom, django_capture_on_commit_callbacks
):
    urls = ["/tags/energy/", "/uk/tags/energy/"]
    warm(client, urls)
    tag = newsroom["grid"].tags.get()
    with django_capture_on_commit_callbacks(execute=True):
        TagName.objects.create(tag=tag, language="uk", name="Енергетика")
    assert states(client, urls) == {"/tags/energy/": "newsroom; hit", "/uk/tags/energy/": MISSED}


def test_arranging_a_languages_front_page_purges_that_front_page_only(
    client, newsroom, django_capture_on_commit_callbacks
):
    urls = ["/", "/uk/"]
    warm(client, urls)
    with django_capture_on_commit_callbacks(execute=True):
        FrontPageSlot.objects.create(
            slot=FrontPageSlot.Slot.LEAD,
            article=newsroom["mereza"],
            language="uk",
            until=timezone.now() + timedelta(hours=1),
        )
    assert states(client, urls) == {"/": "newsroom; hit", "/uk/": MISSED}
