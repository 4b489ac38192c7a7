"""A worker's own copies of pages: hits without a round trip to the shared cache, dropped at
once by this worker's purges and within PAGE_CACHE_LOCAL_SECONDS by anyone else's."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles import workflow
from articles.models import Article
from public import pagecache
from public.cacheguard import safe_cache
from public.pagecache.local import PAGES
from public.pagecache.versions import version_key
from tests.factories import ArticleFactory, editor, ready_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_copies(settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 1
    PAGES.clear()
    yield
    PAGES.clear()


@pytest.fixture
def shared_reads(monkeypatch):
    """The keys read from the shared cache, call by call."""
    reads = []
    real = safe_cache.get_many
    monkeypatch.setattr(safe_cache, "get_many", lambda keys: reads.append(keys) or real(keys))
    return reads


def test_a_worker_serves_its_own_copy_without_asking_the_shared_cache(
    client, local_copies, shared_reads
):
    ArticleFactory(published=True, title="Budget approved")
    client.get("/")  # rendered and stored
    first_hit = client.get("/")  # from the shared cache, and kept by this worker
    shared_reads.clear()
    for _ in range(5):
        hit = client.get("/")
        assert hit["Cache-Status"] == "newsroom; hit"
        assert hit.content == first_hit.content
    # One small read of the purge generation (the page itself is not fetched), then none.
    assert all(pagecache.DEADLINE_KEY in keys and len(keys) == 2 for keys in shared_reads)
    assert len(shared_reads) <= 1


def test_this_workers_purge_drops_its_copies_at_once(
    client, local_copies, django_capture_on_commit_callbacks
):
    ArticleFactory(published=True, title="Budget approved")
    for _ in range(3):  # stored, kept locally, served from the copy
        client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(ready_article(title="Bridge reopens"), by=editor())
    page = client.get("/")
    assert page["Cache-Status"].startswith("newsroom; fwd=")
    assert "Bridge reopens" in page.content.decode()


def test_another_workers_purge_reaches_the_copies_within_the_check_interval(client, local_copies):
    story = ArticleFactory(published=True, title="Budget approved")
    client.get("/")
    client.get("/")  # kept locally
    client.get("/")  # served from the copy: the purge generation was read just now
    # Another process publishes: it moves the shared purge generation, not this worker's state.
    Article.objects.filter(pk=story.pk).update(title="Budget approved after all-night session")
    safe_cache.set(version_key(f"a:{story.pk}"), "s-elsewhere", timeout=None)
    safe_cache.set(version_key(pagecache.GENERATION), "s-elsewhere", timeout=None)
    start = timezone.now()
    with time_machine.travel(start + timedelta(milliseconds=500), tick=False):
        assert "all-night" not in client.get("/").content.decode()  # within the second
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        assert "all-night" in client.get("/").content.decode()


def test_with_no_local_seconds_every_hit_asks_the_shared_cache(client, settings, shared_reads):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    ArticleFactory(published=True)
    client.get("/")
    shared_reads.clear()
    client.get("/")
    client.get("/")
    assert len(shared_reads) == 2


def test_the_copies_are_bounded_in_memory(client, local_copies, monkeypatch):
    ArticleFactory.create_batch(3, published=True, tags=["Energy"])
    size = None
    for path in ("/", "/tags/energy/", "/news-feed/"):
        client.get(path)
        client.get(path)
        if size is None:
            size = PAGES.bytes
            monkeypatch.setattr(PAGES, "max_bytes", size + 1)
    assert PAGES.bytes <= size + 1
    assert len(PAGES) == 1  # the newest only
