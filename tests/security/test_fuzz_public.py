"""Bad input as tests: hostile addresses, parameters and headers against every public URL.

Whatever hypothesis sends, a reader's request gets an answer below 500 (a 400 says what was
wrong) and stores nothing: the content tables are the same after as before.
"""

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import preview
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, ready_article
from tests.security.snapshot import content_snapshot

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parent.parent / "data" / "public-fuzz"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that broke or nearly broke something before, mixed into the random ones.
NASTY = [
    "",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "\u202e\u200b\ufeff",
    "💥" * 40,
    "Київ",
    "ǅ",
    "..",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "1.1",
    "-1.-1",
    "99999999999999999999.1",
    "0.5_1700000000000000.1",
    "inf_1.1",
    "nan",
    "1e400_1.1",
    "%",
    "%zz",
    "%00",
    "%ff%fe",
    "%E0%A4%A",
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
)
# What a raw address can carry: any text percent-encoded, or broken percent-encodings as sent.
segment = st.one_of(
    text.map(lambda value: quote(value, safe="")),
    st.sampled_from(["%ff", "%00", "%2F..%2F", "%E2%80%AE", "a%20b", "%", "%zz", "caf%C3%A9"]),
    st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
)
LISTINGS = ["news", "sections", "tags", "authors", "tag", "author"]
FIXED = [
    "/",
    "/feed/",
    "/feed/atom/",
    "/search/",
    "/live/",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/news-sitemap.xml",
    "/rss/",
    "/sections/world/",
    "/sections/world/feed/",
    "/tags/harbour/",
    "/tags/harbour/feed/atom/",
    "/authors/olena/",
    "/authors/olena/feed/",
]
PARAMS = ["before", "since", "q", "p", "page", "format"]
# Headers as a WSGI server hands them over: latin-1 text.
header_text = st.one_of(
    st.sampled_from(["", "*", '"abc"', 'W/"x", "y"', "gzip, br;q=0", "1", "0", "x" * 4000]),
    st.text(st.characters(max_codepoint=255, exclude_categories=("Cs",)), max_size=80),
)


@pytest.fixture
def world(client):
    """A small site with every kind of page, its renditions made and its cache warm."""
    section = SectionFactory(name="World", slug="world")
    author = AuthorFactory(name="Olena", slug="olena")
    ready_article(
        published=True, title="Harbour reopens", section=section, authors=[author], tags=["Harbour"]
    )
    draft = ready_article(status=Article.Status.DRAFT, title="Secret draft", section=section)
    for url in [*FIXED, preview.preview_url(draft)]:
        client.get(url)
    return content_snapshot()


def assert_answered(response, url):
    assert response.status_code < 500, url
    if response.status_code == 400 and "html" in response.get("Content-Type", ""):
        html = response.content.decode()
        assert "We couldn't open that page" in html or "Bad Request" in html, url
    assert b"Secret draft" not in response.content, url


@FUZZ
@given(kind=st.sampled_from(LISTINGS), slug=segment, feed=st.sampled_from(["", "feed/", "amp/"]))
def test_any_slug_on_any_listing(client, world, kind, slug, feed):
    url = f"/{kind}/{slug}/{feed}"
    assert_answered(client.get(url), url)
    assert content_snapshot() == world


@FUZZ
@given(
    path=st.sampled_from(FIXED),
    params=st.lists(st.tuples(st.sampled_from(PARAMS), st.one_of(text, segment)), max_size=4),
    raw=st.booleans(),
)
def test_any_query_parameters(client, world, path, params, raw):
    if raw:  # as sent, broken percent-encodings and all
        query = "&".join(f"{key}={value}" for key, value in params)
    else:
        query = "&".join(f"{key}={quote(value, safe='')}" for key, value in params)
    url = f"{path}?{query}"
    assert_answered(client.get(url), url)
    assert content_snapshot() == world


@FUZZ
@given(
    path=st.sampled_from([*FIXED, "/search/?q=harbour", "/live/?since=1.1"]),
    host=st.one_of(
        st.sampled_from(
            ["testserver", "evil.example", "", "testserver:99999", "[::1]", "a" * 300, "test\x00"]
        ),
        header_text,
    ),
    headers=st.fixed_dictionaries(
        {},
        optional={
            "HTTP_ACCEPT_ENCODING": header_text,
            "HTTP_IF_NONE_MATCH": header_text,
            "HTTP_IF_MODIFIED_SINCE": header_text,
            "HTTP_X_SHOW_MORE": header_text,
            "HTTP_ACCEPT": header_text,
            "HTTP_COOKIE": header_text,
            "HTTP_X_FORWARDED_HOST": header_text,
            "HTTP_X_FORWARDED_PROTO": header_text,
            "HTTP_RANGE": header_text,
        },
    ),
)
def test_any_headers(client, world, path, host, headers):
    response = client.get(path, HTTP_HOST=host, **headers)
    assert_answered(response, path)
    assert content_snapshot() == world
    # Whatever the last request carried, the next plain reader gets the real page.
    cache_free = client.get("/", HTTP_HOST="testserver")
    assert cache_free.status_code == 200 and b"Harbour reopens" in cache_free.content


@FUZZ
@given(token=st.one_of(segment, text.map(lambda value: quote(value, safe=""))))
def test_any_preview_token(client, world, token):
    url = f"/preview/{token}/"
    response = client.get(url)
    assert response.status_code in (404, 410) or not token, url
    assert_answered(response, url)


@FUZZ
@given(method=st.sampled_from(["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"]))
def test_public_pages_refuse_other_methods(client, world, method):
    for url in ["/", "/search/?q=x", "/feed/", "/sitemap.xml", "/sections/world/"]:
        response = client.generic(method, url, b"q=1")
        assert response.status_code in (403, 405), (method, url, response.status_code)
    assert content_snapshot() == world


def search_corpus():
    cases = json.loads((CORPUS / "search.json").read_text())["cases"]
    return [pytest.param(case, id=repr(case)[:60]) for case in cases]


@pytest.fixture
def stories():
    """Two published stories and a draft, without images (search shows no renditions here)."""
    ArticleFactory(published=True, title="Harbour reopens after the storm")
    ArticleFactory(published=True, title="Ferries run again")
    ArticleFactory(status=Article.Status.DRAFT, title="Secret draft")
    return content_snapshot()


@pytest.mark.parametrize("case", search_corpus())
def test_defect_3_search_corpus(client, stories, case):
    params = {key: value for key, value in case.items() if key != "status"}
    response = client.get("/search/", params)
    assert response.status_code == case["status"], case
    assert_answered(response, case)
    assert content_snapshot() == stories
