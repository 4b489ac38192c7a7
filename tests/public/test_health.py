"""/healthz (liveness) and /readyz (readiness) tell load balancers the truth."""

import pytest

from .failures import WORKING_CACHE, broken_cache, database_down

pytestmark = pytest.mark.django_db

PROBE_HOST = "10.0.0.5:8801"  # a load balancer probing the app server by its address


@pytest.fixture(autouse=True)
def _cache_back_afterwards(settings):
    yield
    settings.CACHES = WORKING_CACHE  # before conftest clears the cache


def assert_never_cached(response):
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("host", ["testserver", PROBE_HOST, "evil.example"])
def test_healthz_answers_any_host_without_the_database(client, host, django_assert_num_queries):
    with django_assert_num_queries(0), database_down():
        response = client.get("/healthz", headers={"Host": host})
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert_never_cached(response)


def test_other_urls_still_refuse_unknown_hosts(client):
    client.raise_request_exception = False
    assert client.get("/", headers={"Host": PROBE_HOST}).status_code == 400


@pytest.mark.parametrize("host", ["testserver", PROBE_HOST])
def test_readyz_is_ok_when_the_database_and_cache_answer(client, host):
    response = client.get("/readyz", headers={"Host": host})
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert_never_cached(response)


def test_readyz_names_a_broken_cache(client, settings):
    settings.CACHES = broken_cache()
    response = client.get("/readyz", headers={"Host": PROBE_HOST})
    assert response.status_code == 503
    assert response.content == b"cache: ConnectionError\n"
    assert_never_cached(response)


def test_readyz_names_a_broken_database(client):
    with database_down():
        response = client.get("/readyz", headers={"Host": PROBE_HOST})
    assert response.status_code == 503
    assert response.content == b"database: OperationalError\n"
    assert_never_cached(response)


def test_readyz_names_both_when_both_are_down(client, settings):
    settings.CACHES = broken_cache()
    with database_down():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: OperationalError\ncache: ConnectionError\n"


def test_health_checks_refuse_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
