"""The public site degrades instead of failing when the cache or the database is down."""

import logging

import lxml.html
import pytest
from django.db.utils import OperationalError
from django.test import RequestFactory

from articles import workflow
from public import cacheguard
from public.views import server_error
from tests.factories import ArticleFactory, editor, ready_article

from .failures import (
    WORKING_CACHE,
    StalledCache,
    UnreachableCache,
    broken_cache,
    database_down,
)

pytestmark = pytest.mark.django_db(transaction=True)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(cacheguard, "monotonic", clock)
    return clock


@pytest.fixture(autouse=True)
def _cache_back_afterwards(settings, monkeypatch):
    monkeypatch.setattr(UnreachableCache, "calls", 0)
    yield
    settings.CACHES = WORKING_CACHE  # before conftest clears the cache


def guard_warnings(caplog):
    return [r for r in caplog.records if r.name == cacheguard.__name__ and r.levelno >= 30]


@pytest.mark.parametrize("backend", [UnreachableCache, StalledCache])
def test_pages_are_served_uncached_when_the_cache_is_down(
    client, settings, backend, django_assert_max_num_queries
):
    story = ArticleFactory(published=True, title="Storm closes the ports", tags=["Weather"])
    settings.CACHES = broken_cache(backend)
    urls = [
        "/",
        story.get_absolute_url(),
        story.section.get_absolute_url(),
        "/tags/weather/",
        "/feed/",
        "/search/?q=storm",
        "/news/no-such-story/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if "no-such" in url else 200), url
    for _ in range(2):
        response = client.get("/")
        assert "Storm closes the ports" in response.content.decode()
        assert "public" in response["Cache-Control"]


def test_a_down_cache_is_skipped_for_a_while_and_logged_once_per_interval(
    client, settings, clock, caplog
):
    ArticleFactory(published=True)
    settings.CACHES = broken_cache()
    caplog.set_level(logging.INFO, logger=cacheguard.__name__)

    assert client.get("/").status_code == 200
    calls_on_first_request = UnreachableCache.calls
    assert calls_on_first_request == 1  # then the breaker opens: no wait on every call
    for _ in range(5):
        clock.advance(1)
        assert client.get("/").status_code == 200
    assert UnreachableCache.calls == 2  # one more try once the breaker's 5 s had passed
    assert len(guard_warnings(caplog)) == 1
    assert "ConnectionError" in guard_warnings(caplog)[0].getMessage()

    clock.advance(30)
    client.get("/")
    assert len(guard_warnings(caplog)) == 2


def test_publishing_succeeds_with_the_cache_down_and_the_purge_lands_once_it_is_back(
    client, settings, clock
):
    ArticleFactory(published=True, title="Yesterday’s story")
    assert "Yesterday’s story" in client.get("/").content.decode()  # cached before the outage
    draft = ready_article(title="Bridge reopens after repairs")

    settings.CACHES = broken_cache()
    workflow.publish(draft, by=editor())
    assert cacheguard.safe_cache.pending
    assert "Bridge reopens" in client.get("/").content.decode()  # rendered uncached

    settings.CACHES = WORKING_CACHE  # Redis is back, still holding the page cached before
    clock.advance(10)
    page = client.get("/").content.decode()
    assert "Bridge reopens" in page and "Yesterday’s story" in page
    assert not cacheguard.safe_cache.pending


def test_the_version_bump_is_written_straight_away_when_the_cache_is_up(client):
    ArticleFactory(published=True)
    client.get("/")
    workflow.publish(ready_article(title="Fresh news"), by=editor())
    assert not cacheguard.safe_cache.pending
    assert "Fresh news" in client.get("/").content.decode()


def assert_designed_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    tree = lxml.html.fromstring(response.content)
    assert tree.xpath('//header[@class="site-header"]//a[@class="brand"]/text()') == [
        "The Meridian"
    ]
    assert tree.findtext(".//h1") == "We'll be back in a moment"
    assert tree.xpath('//main//a[normalize-space()="Go to the News Feed"]/@href') == ["/"]
    assert "Connection refused" not in response.content.decode()


def test_cached_pages_keep_serving_when_the_database_is_down(client):
    story = ArticleFactory(published=True, title="Storm closes the ports")
    cached = ["/", story.get_absolute_url(), "/feed/"]
    before = {url: client.get(url).content for url in cached}

    with database_down():
        for url in cached:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content == before[url]
        for url in [story.section.get_absolute_url(), "/search/?q=storm", "/sitemap.xml"]:
            assert_designed_503(client.get(url))


def test_a_database_failure_outside_a_view_is_a_503_too(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        try:
            raise OperationalError("the server closed the connection unexpectedly")
        except OperationalError:
            response = server_error(request)  # Django's handler500, inside its except block
    assert_designed_503(response)
