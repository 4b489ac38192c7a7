import pytest

from articles.models import Article
from public.cacheguard import safe_cache
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_purges_cached_listings(client):
    ArticleFactory(published=True, title="First story")
    assert "Second story" not in client.get("/").content.decode()
    second = ArticleFactory(title="Second story")
    assert "Second story" not in client.get("/").content.decode()  # a draft changes nothing
    second.status, second.published_at = Article.Status.PUBLISHED, second.created_at
    second.save()
    assert "Second story" in client.get("/").content.decode()


def test_unpublishing_purges_the_cached_article(client):
    article = ArticleFactory(published=True)
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 410


def test_anonymous_pages_are_cacheable_by_a_cdn(client):
    ArticleFactory(published=True)
    response = client.get("/")
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response.has_header("ETag")


def test_conditional_get_answers_304(client):
    ArticleFactory(published=True)
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_logged_in_staff_get_fresh_private_pages(client):
    article = ArticleFactory(published=True, title="Old title")
    client.get(article.get_absolute_url())
    client.force_login(UserFactory())
    Article.objects.filter(pk=article.pk).update(title="New title")  # bypasses the purge
    response = client.get(article.get_absolute_url())
    assert "New title" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_new_section_appears_in_the_navigation_at_once(client):
    ArticleFactory(published=True)
    client.get("/")  # caches the page and the navigation
    SectionFactory(name="Investigations", slug="investigations")
    assert 'href="/sections/investigations/"' in client.get("/").content.decode()


def test_deleting_an_author_purges_their_cached_page(client):
    author = AuthorFactory(slug="leaving")
    assert client.get("/authors/leaving/").status_code == 200
    author.delete()
    assert client.get("/authors/leaving/").status_code == 404


def test_show_more_fragments_are_kept_out_of_shared_caches(client, django_assert_num_queries):
    ArticleFactory(published=True, title="A story in the fragment")
    show_more = {"X-Show-More": "1"}
    fragment = client.get("/", headers=show_more)
    with django_assert_num_queries(0):
        again = client.get("/", headers=show_more)  # still from our own cache
    for response in (fragment, again):
        assert "<html" not in response.content.decode()
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
        assert "public" not in directives and not any(d.startswith("max-age") for d in directives)
        assert "X-Show-More" in response["Vary"]

    page = client.get("/")
    assert "<html" in page.content.decode()
    assert "public" in page["Cache-Control"]


def test_a_readers_cached_page_is_answered_before_sessions_and_authentication(client, monkeypatch):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    article = ArticleFactory(published=True)
    url = article.get_absolute_url()
    assert client.get(url)["Cache-Status"] == "newsroom; fwd=miss; stored"

    def not_reached(self, request):
        raise AssertionError("a cached page for a reader should not need a session")

    monkeypatch.setattr(SessionMiddleware, "process_request", not_reached)
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", not_reached)
    hit = client.get(url)
    assert hit["Cache-Status"] == "newsroom; hit"
    # The headers of the middleware before it are on the early answer too.
    assert hit["X-Frame-Options"] == "DENY"
    assert hit.has_header("Content-Security-Policy")
    assert hit.has_header("X-Content-Type-Options")
    assert client.get(url, headers={"If-None-Match": hit["ETag"]}).status_code == 304

    # A browser with a session goes through the whole stack (and so reaches the guard).
    client.cookies["sessionid"] = "anything"
    with pytest.raises(AssertionError, match="should not need a session"):
        client.get(url)


def test_a_hit_reads_the_cache_once_until_something_is_purged(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from public.cacheguard import safe_cache

    reads = []
    get_many = safe_cache.get_many
    monkeypatch.setattr(safe_cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))
    url = ArticleFactory(published=True).get_absolute_url()
    elsewhere = AuthorFactory(bio="Covers courts.")
    client.get(url)

    reads.clear()
    assert client.get(url)["Cache-Status"] == "newsroom; hit"
    assert len(reads) == 1  # the page, the banner deadline and the purge generation at once

    with django_capture_on_commit_callbacks(execute=True):
        elsewhere.bio = "Covers courts and prisons."
        elsewhere.save()  # purges that author's keys, which this page does not show
    reads.clear()
    assert client.get(url)["Cache-Status"] == "newsroom; hit"
    assert len(reads) == 2  # a purge happened: this page's own keys are checked once
    reads.clear()
    assert client.get(url)["Cache-Status"] == "newsroom; hit"
    assert len(reads) == 1


def test_which_paths_are_cached_pages_is_forgotten_when_the_urls_change(settings):
    from public.pagecache.serve import PAGE_PATHS, page_params

    assert page_params("/") == ("before",)
    assert page_params("/admin/") is None
    assert len(PAGE_PATHS) == 2
    settings.ROOT_URLCONF = "newsroom.urls"  # any change of the setting
    assert len(PAGE_PATHS) == 0


def test_the_navigation_lists_sections_in_the_editors_order(client):
    SectionFactory(name="World", slug="world", position=2)
    SectionFactory(name="Culture", slug="culture", position=1)
    SectionFactory(name="Business", slug="business", position=2)
    html = client.get("/").content.decode()
    nav = html[
        html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
    ]
    assert [nav.index(f">{name}</a>") for name in ("Culture", "Business", "World")] == sorted(
        nav.index(f">{name}</a>") for name in ("Culture", "Business", "World")
    )


def test_a_worker_reads_the_navigation_from_the_cache_once_per_version(
    client, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders: a page miss
    asked = []
    get = safe_cache.get
    monkeypatch.setattr(safe_cache, "get", lambda key, *a: asked.append(key) or get(key, *a))
    SectionFactory(name="World", slug="world")
    for _ in range(3):
        client.get("/")
    assert len([key for key in asked if key.startswith("nav-and-blocks:")]) == 1
    SectionFactory(name="Investigations", slug="investigations")  # a new version
    assert 'href="/sections/investigations/"' in client.get("/").content.decode()


def test_with_no_shared_cache_the_navigation_is_never_a_kept_copy(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    SectionFactory(name="World", slug="world")
    client.get("/")
    SectionFactory(name="Investigations", slug="investigations")
    assert 'href="/sections/investigations/"' in client.get("/").content.decode()


def test_a_deadline_already_registered_is_not_written_again(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from public.pagecache import DEADLINE_KEY, DEADLINE_KEYS, expire_pages_at

    writes = []
    set_many = safe_cache.set_many
    monkeypatch.setattr(
        safe_cache, "set_many", lambda values, **kw: writes.append(values) or set_many(values, **kw)
    )
    soon = timezone.now() + timedelta(minutes=5)
    expire_pages_at(soon, key="front")
    expire_pages_at(soon, key="front")  # the front page's next miss: nothing new
    expire_pages_at(soon + timedelta(minutes=1), key="front")  # a later hold: the earliest stays
    assert len(writes) == 1
    expire_pages_at(soon - timedelta(minutes=1), key="banner")  # earlier, and another key
    assert writes[-1] == {
        DEADLINE_KEYS: ["banner", "front"],
        DEADLINE_KEY: (soon - timedelta(minutes=1)).timestamp(),
    }
