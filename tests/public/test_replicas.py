"""Readers' pages read from a replica; the desk, staff and writes use the primary.

A second connection to the test database stands in for the replica, so each query can be
seen where it ran.
"""

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from public import pagecache, replicas
from public.pagecache.versions import purge_now
from tests.factories import ArticleFactory, superuser

# Named apart from settings' replica_* aliases, so no other test routes reads to it.
REPLICA = "test_replica"
# Known before the test databases are set up, so it becomes a mirror of the test database.
connections.settings.setdefault(
    REPLICA,
    {
        **connections.settings["default"],
        "TEST": {**connections.settings["default"]["TEST"], "MIRROR": "default"},
    },
)
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_aliases", lambda: [REPLICA])
    ArticleFactory(published=True, title="Budget approved")
    cache.delete(pagecache.LAST_PURGE_KEY)  # the replica has long caught up
    return connections[REPLICA]


def queries_on_each(client, url, **kwargs):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return len(primary), len(replica), response


def test_readers_pages_read_from_the_replica(client, replica):
    primary, on_replica, response = queries_on_each(client, "/")
    assert "Budget approved" in response.content.decode()
    assert on_replica > 0 and primary == 0


def test_signed_in_staff_read_their_own_writes_from_the_primary(client, replica):
    client.force_login(superuser())
    primary, on_replica, _ = queries_on_each(client, "/")
    assert on_replica == 0 and primary > 0


def test_the_desk_reads_from_the_primary(client, replica):
    client.force_login(superuser())
    primary, on_replica, _ = queries_on_each(client, "/admin/articles/article/")
    assert on_replica == 0 and primary > 0


def test_a_page_rendered_just_after_a_purge_reads_the_primary(client, replica):
    purge_now(["front"], hard=False)  # a replica may not have the change yet
    primary, on_replica, _ = queries_on_each(client, "/")
    assert on_replica == 0 and primary > 0


def test_writes_always_go_to_the_primary():
    router = replicas.ReplicaRouter()
    token = replicas._replica_reads.set(True)
    try:
        assert router.db_for_write(None) == "default"
    finally:
        replicas._replica_reads.reset(token)
    assert router.allow_migrate(REPLICA, "articles") is False


def test_every_query_of_an_article_page_reads_the_replica(client, replica):
    # Its related stories too: ranked with a written-out statement that once ran on the
    # default connection, past the router.
    story = ArticleFactory(published=True, tags=["Energy"], title="Grid repaired")
    ArticleFactory(published=True, tags=["Energy"], section=story.section, title="Dam holds")
    cache.delete(pagecache.LAST_PURGE_KEY)  # the replica has caught up
    primary, on_replica, response = queries_on_each(client, story.get_absolute_url())
    assert "Dam holds" in response.content.decode()
    assert on_replica > 0 and primary == 0
