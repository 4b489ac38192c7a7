"""The page cache under load and at the edges: one rebuild per purge, keys that ignore
tracking parameters, compressed bodies, and the CDN told what to drop."""

import gzip
import http.server
import threading
import time

import brotli
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from articles import workflow
from articles.models import Article
from public import pagecache
from public.cacheguard import safe_cache
from public.pagecache import entries
from public.pagecache.versions import purge_now
from tests.factories import ArticleFactory, editor, ready_article, superuser

pytestmark = pytest.mark.django_db

BODY = "<p>The council approved the winter budget.</p>" * 40


def anonymous(path="/", **headers):
    request = RequestFactory().get(path, headers=headers)
    request.user = AnonymousUser()
    return request


def counting_view(calls, release=None):
    @pagecache.public_page(keys=("front",))
    def view(request):
        calls.append(threading.get_ident())
        if release is not None and len(calls) > 1:
            release.wait(5)  # the rebuild is slow, as a real one under load
        return HttpResponse(f"{BODY}<p>render {len(calls)}</p>")

    return view


# No stampede ------------------------------------------------------------------------------


def test_a_purged_page_is_rebuilt_once_while_other_readers_get_the_stale_copy():
    calls, release = [], threading.Event()
    view = counting_view(calls, release)
    assert view(anonymous())["Cache-Status"] == "newsroom; fwd=miss; stored"
    purge_now(["front"], hard=False)

    responses = []
    threads = [
        threading.Thread(target=lambda: responses.append(view(anonymous()))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while len(responses) < 7 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()  # the seven others have their answer: let the rebuild finish
    for thread in threads:
        thread.join()

    assert len(calls) == 2  # the first render and exactly one rebuild
    states = sorted(response["Cache-Status"] for response in responses)
    assert states == ["newsroom; fwd=stale; stored"] + ["newsroom; hit; detail=stale"] * 7
    stale = [r for r in responses if r["Cache-Status"].endswith("stale")]
    assert all(b"render 1" in r.content for r in stale)
    assert b"render 2" in view(anonymous()).content


def test_a_hard_purge_is_never_answered_with_the_stale_copy():
    calls = []
    view = counting_view(calls)
    view(anonymous())
    purge_now(["front"], hard=True)
    key = pagecache.page_cache_key(anonymous(), pagecache.canonical_query(anonymous(), ()))
    safe_cache.add(f"{key}:lock", 1, 10)  # as if another worker were rebuilding
    response = view(anonymous())
    assert response["Cache-Status"] == "newsroom; fwd=stale; stored"
    assert b"render 2" in response.content


# Keys that match readers ------------------------------------------------------------------


def test_tracking_and_unknown_parameters_share_the_canonical_page(client):
    ArticleFactory(published=True, title="Budget approved")
    assert client.get("/")["Cache-Status"] == "newsroom; fwd=miss; stored"
    for query in ("?utm_source=x&utm_medium=social", "?fbclid=abc", "?gclid=1&ref=home", "?x"):
        response = client.get(f"/{query}")
        assert response["Cache-Status"] == "newsroom; hit", query
        assert "utm_source" not in response.content.decode()


def test_declared_parameters_keep_their_own_pages(client):
    ArticleFactory(published=True, title="Budget approved")
    client.get("/search/?q=budget")
    assert client.get("/search/?q=budget&utm_campaign=z")["Cache-Status"] == "newsroom; hit"
    other = client.get("/search/?q=winter")
    assert other["Cache-Status"] == "newsroom; fwd=miss; stored"


def test_show_more_links_drop_tracking_parameters(client):
    for _ in range(25):
        ArticleFactory(published=True)
    html = client.get("/?utm_source=newsletter").content.decode()
    assert "data-show-more" in html and "utm_source" not in html


def test_cache_keys_have_a_fixed_length():
    short = anonymous("/?before=a")
    long = anonymous("/?before=" + "b" * 5000)
    keys = [
        pagecache.page_cache_key(r, pagecache.canonical_query(r, ("before",)))
        for r in (short, long)
    ]
    assert len(keys[0]) == len(keys[1]) < 64 and keys[0] != keys[1]


# Bytes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "encoding"),
    [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
def test_pages_are_sent_compressed_as_the_reader_accepts(client, accepted, encoding):
    ArticleFactory(published=True, title="Budget approved")
    plain = client.get("/").content
    for _ in range(2):  # stored compressed: the hit is compressed too
        response = client.get("/", headers={"Accept-Encoding": accepted})
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"]
        decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding]
        assert decode(response.content) == plain
    assert len(response.content) < len(plain) or encoding is None


@pytest.mark.parametrize("no_pages", ["page_cache_off", "dummy_cache"])
@pytest.mark.parametrize(
    ("accepted", "encoding"), [("gzip, br", "br"), ("gzip", "gzip"), ("", None)]
)
def test_pages_not_kept_are_compressed_for_the_reader_alone(
    client, settings, no_pages, accepted, encoding
):
    ArticleFactory(published=True, title="Budget approved")
    plain = client.get("/").content
    if no_pages == "dummy_cache":  # CACHE_URL=dummy://: nothing could be kept
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    else:
        settings.PAGE_CACHE_SECONDS = 0
    compressions = []
    real_compress = entries.compress
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            entries, "compress", lambda *a: compressions.append(a[1]) or real_compress(*a)
        )
        response = client.get("/", headers={"Accept-Encoding": accepted})
    assert response["Cache-Status"] == "newsroom; fwd=bypass"
    assert response.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response["Vary"]
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding]
    assert b"Budget approved" in decode(response.content)
    assert len(decode(response.content)) == len(plain)
    assert compressions == ([encoding] if encoding else [])  # not every encoding, for nobody


def test_each_encoding_has_its_own_etag_and_answers_304(client):
    ArticleFactory(published=True)
    br = client.get("/", headers={"Accept-Encoding": "br"})
    gz = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert br["ETag"] != gz["ETag"]
    again = client.get("/", headers={"Accept-Encoding": "br", "If-None-Match": br["ETag"]})
    assert again.status_code == 304


def test_the_desk_is_never_compressed(client):
    client.force_login(superuser())
    response = client.get("/admin/", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    staff_page = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert not staff_page.has_header("Content-Encoding")


# Telling the CDN --------------------------------------------------------------------------

purged = []


def record(keys):
    purged.append(keys)


def test_the_purge_backend_hears_the_keys_after_the_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.PURGE_BACKEND = "tests.public.test_page_cache_keys.record"
    purged.clear()
    story = ready_article(title="Dam holds")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(story, by=editor())
        assert purged == []  # nothing before the commit
    for callback in callbacks:
        callback()
    sent = {key for keys in purged for key in keys}
    assert {f"a:{story.pk}", "front", f"section:{story.section_id}"} <= sent


def test_http_purge_sends_the_keys_and_survives_a_dead_cdn(settings, caplog):
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the HTTP method's name
            seen.append((self.headers["Surrogate-Key"], self.headers["xkey"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    settings.PURGE_BACKEND = "public.purge.http_purge"
    settings.PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/", "http://127.0.0.1:9/"]
    from public import purge

    purge.send(["a:1", "front"])
    server.server_close()
    assert seen == [("a:1 front", "a:1 front")]
    assert "CDN purge at http://127.0.0.1:9/ failed" in caplog.text


def test_unpublished_story_purges_hard(django_capture_on_commit_callbacks):
    story = ArticleFactory(published=True)
    version = pagecache.key_version(f"a:{story.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()
    current = pagecache.key_version(f"a:{story.pk}")
    assert current != version and current.startswith("h")


@pytest.mark.parametrize("accepted", ["br", "gzip", ""])
@pytest.mark.parametrize("fragment", [False, True])
def test_a_hit_carries_the_headers_of_the_page_that_was_stored(client, accepted, fragment):
    ArticleFactory.create_batch(25, published=True)
    headers = {"Accept-Encoding": accepted}
    path = "/"
    if fragment:  # a Show-more chunk: cached under its own key, never by a CDN
        headers[pagecache.FRAGMENT_HEADER] = "1"
    stored = client.get(path, headers=headers)
    hit = client.get(path, headers=headers)
    assert stored["Cache-Status"].endswith("stored") and hit["Cache-Status"] == "newsroom; hit"
    ignored = {"Cache-Status", "X-Request-ID", "Content-Length"}
    assert {k: v for k, v in hit.items() if k not in ignored} == {
        k: v for k, v in stored.items() if k not in ignored
    }
    assert hit.content == stored.content
    assert ("no-store" in hit["Cache-Control"]) is fragment


def test_an_entry_stored_by_an_earlier_release_is_still_served(client):
    # Entries pickled before headers were worked out at storing time have no `ready`.
    ArticleFactory(published=True, title="Budget approved")
    stored = client.get("/", headers={"Accept-Encoding": "gzip"})
    key = pagecache.page_cache_key(
        anonymous("/"), pagecache.canonical_query(anonymous("/"), ("before",))
    )
    entry = safe_cache.get(key)
    entry.ready = None
    safe_cache.set(key, entry)
    hit = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert hit["Cache-Status"] == "newsroom; hit"
    assert hit["Vary"] == stored["Vary"] and hit["ETag"] == stored["ETag"]
    assert gzip.decompress(hit.content) == gzip.decompress(stored.content)
