"""Our peers' security incidents, replayed against the newsroom: each test is named after one.

Wagtail and Ghost are the CMSs closest to ours; what went wrong there is what a probe of ours
tries first.
"""

import socket
import time
import tracemalloc
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.test.client import encode_multipart
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from articles import preview, workflow
from articles.models import Article
from media import fetch
from media.models import Image, Rendition
from media.specs import InvalidSpec, Spec
from public.reading import search
from tests.factories import (
    AuthorFactory,
    ImageFactory,
    UserFactory,
    editor,
    ready_article,
    writer,
)
from tests.media import files
from tests.security.snapshot import content_snapshot

pytestmark = pytest.mark.django_db
S = Article.Status

# Stored XSS -----------------------------------------------------------------------------------

PAYLOAD = '"><svg onload=alert(1)>'
BODY = (
    '<p>Intro <a href="javascript:alert(1)">click</a> <a href=" JaVaScRiPt:alert(1)">x</a>'
    "<img src=x onerror=alert(1)><script>alert(1)</script></p>"
    '<blockquote cite="javascript:alert(1)"><p>quote</p></blockquote>'
)
DANGEROUS = ("<svg onload", "javascript:alert", "onerror=alert", "<script>alert")


def assert_inert(html: str, where: str) -> None:
    lowered = html.lower()
    for marker in DANGEROUS:
        assert marker.lower() not in lowered, f"{marker!r} unescaped on {where}"


@pytest.fixture
def hostile_story():
    author = AuthorFactory(name=f"Reporter {PAYLOAD}", slug="hostile-author")
    image = ImageFactory(title=f"Photo {PAYLOAD}", credit=f"Agency {PAYLOAD}")
    article = ready_article(
        published=True,
        title=f"Headline {PAYLOAD}",
        dek=f"Standfirst {PAYLOAD}",
        body=BODY,
        lead_image=image,
        lead_image_caption=f"Caption {PAYLOAD}",
        authors=[author],
        tags=[f"tag {PAYLOAD}"],
    )
    return article


def test_cve_2021_29434_stored_xss_via_rich_text_link(client, hostile_story):
    # The sanitiser drops script URLs, event handlers and scripts when the story is saved.
    assert_inert(hostile_story.body, "the stored body")
    assert "click" in hostile_story.body and "quote" in hostile_story.body
    pages = [
        hostile_story.get_absolute_url(),
        "/",
        "/feed/",
        "/feed/atom/",
        hostile_story.section.get_absolute_url(),
        "/authors/hostile-author/",
        f"/search/?q={hostile_story.title.split()[0]}",
        preview.preview_url(hostile_story),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


def test_cve_2023_28836_stored_xss_via_admin_columns(client, hostile_story):
    editor_user = editor()
    client.force_login(editor_user)
    old = workflow.record_revision(hostile_story, by=editor_user)
    hostile_story.title = f"Second {PAYLOAD}"
    hostile_story.body = BODY + "<p>More</p>"
    workflow.save_article(hostile_story, by=editor_user, expected_version=hostile_story.version)
    new = hostile_story.revisions.order_by("-id").first()
    revisions = reverse("admin:articles_article_revisions", args=[hostile_story.pk])
    pages = [
        "/admin/",
        "/admin/articles/article/",
        reverse("admin:articles_article_change", args=[hostile_story.pk]),
        f"{revisions}?a={old.pk}&b={new.pk}",
        reverse("admin:articles_article_history", args=[hostile_story.pk]),
        "/admin/media/image/",
        reverse("admin:media_image_change", args=[hostile_story.lead_image_id]),
        "/admin/authors/author/",
        "/admin/taggit/tag/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
    # The choosers answer JSON, which their scripts put in the page as text, never as markup.
    chooser = client.get(
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=tags&term=tag"
    )
    assert chooser["Content-Type"] == "application/json"
    script = (Path(django_settings.BASE_DIR) / "static/js/tag-suggest.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    # The diff shows the headline's change, escaped.
    diff = client.get(f"{revisions}?a={old.pk}&b={new.pk}").content.decode()
    assert "Second &quot;&gt;&lt;svg onload=alert(1)&gt;" in diff


# Permission bypass: preview, revision compare, history, choosers ------------------------------

SECRET_TITLE = "Secret merger talks at the port authority"
SECRET_BODY = "CONFIDENTIAL-SOURCE-KESTREL"


def _patterns(resolver_patterns, prefix=""):
    for pattern in resolver_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def article_desk_urls(article, revision):
    """Every URL of the desk's story admin, filled in for `article` (from its URL patterns)."""
    urls = {}
    for name, route in _patterns(admin.site.get_urls()):
        if not name.startswith("articles_article_"):
            continue
        kwargs = {}
        if "<path:object_id>" in route or "<int:object_id>" in route:
            kwargs["object_id"] = article.pk
        if "<int:revision_id>" in route:
            kwargs["revision_id"] = revision.pk
        urls[name] = reverse(f"admin:{name}", kwargs=kwargs)
    return urls


@pytest.fixture
def victim():
    """Another writer's story in review, with a revision and a history."""
    owner = writer(username="owner")
    article = ready_article(status=S.DRAFT, title=SECRET_TITLE, created_by=owner)
    workflow.record_revision(article, by=owner)
    article.body = f"<p>{SECRET_BODY}</p>"
    workflow.save_article(article, by=owner, expected_version=article.version)
    workflow.submit(article, by=owner)
    return article


def test_cve_2026_25517_cve_2026_44197_to_44201_no_desk_url_shows_another_writers_story(
    client, victim
):
    old, revision = victim.revisions.order_by("id")
    urls = article_desk_urls(victim, revision)
    # The admin's own views and ours: a new view must be added here (and guarded) on purpose.
    assert set(urls) == {
        "articles_article_changelist",
        "articles_article_add",
        "articles_article_history",
        "articles_article_delete",
        "articles_article_change",
        "articles_article_revisions",
        "articles_article_restore",
        "articles_article_compose_roundup",
        "articles_article_preview_revoke",
        "articles_article_withdraw",
        "articles_article_translate",
        "articles_article_mark_up_to_date",
        "articles_article_translations",
        "articles_article_autosave",
        "articles_article_autosave_new",
        "articles_article_discard",
        "articles_article_discard_new",
        "articles_article_presence",
        "articles_article_conflict",
        "articles_article_comment",
        "articles_article_block_stories",
    }
    per_story = {name: url for name, url in urls.items() if str(victim.pk) in url}
    diff = f"{urls['articles_article_revisions']}?a={old.pk}&b={revision.pk}"
    choosers = [
        f"/admin/autocomplete/?app_label=articles&model_name={model}&field_name=article&term=merger"
        for model in ("banner", "correction")
    ]
    # The body editor's related-story cards, asked by the story's number and by its words.
    cards = urls["articles_article_block_stories"]
    choosers += [f"{cards}?id={victim.pk}", f"{cards}?q=merger", f"{cards}?q={victim.pk}"]
    before = content_snapshot()

    client.force_login(writer(username="intruder"))
    for name, url in [*per_story.items(), ("diff", diff)]:
        for method in (client.get, client.post):
            response = method(url)
            # 405: a POST-only desk endpoint asked with GET.
            assert response.status_code in (403, 404, 302, 405), (
                name,
                method,
                response.status_code,
            )
            assert SECRET_TITLE not in response.content.decode(), name
            assert SECRET_BODY not in response.content.decode(), name
    # Lists, choosers and the desk's first page don't name it either.
    for url in [urls["articles_article_changelist"], "/admin/", *choosers]:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert "merger" not in response.content.decode(), url

    client.logout()
    for url in [*per_story.values(), diff, *choosers, urls["articles_article_changelist"]]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url
    assert content_snapshot() == before

    # The story's own writer and editors still get everything.
    client.force_login(victim.created_by)
    assert SECRET_BODY in client.get(diff).content.decode()
    client.force_login(editor())
    assert SECRET_TITLE in client.get(urls["articles_article_change"]).content.decode()


def test_cve_2026_25517_preview_links_show_nothing_once_revoked_or_taken_down(client, victim):
    url = preview.preview_url(victim)
    assert client.get(url).status_code == 200  # what a preview link is for
    assert client.get(victim.get_absolute_url()).status_code == 404
    workflow.revoke_preview_links(victim, by=victim.created_by)
    response = client.get(url)
    assert response.status_code == 404 and SECRET_TITLE not in response.content.decode()
    forged = url.replace("/preview/", "/preview/x")
    assert client.get(forged).status_code == 404


def test_cve_2026_44199_every_desk_url_sends_anonymous_readers_to_the_login_page(client, victim):
    revision = victim.revisions.first()
    image = ImageFactory()
    before = content_snapshot()
    ids = {"articles": victim.pk, "media": image.pk}
    for name, route in _patterns(admin.site.get_urls()):
        if name in ("login", "logout", "password_reset", "view_on_site", "autocomplete"):
            continue
        kwargs = {}
        for key in ("object_id", "revision_id", "spec", "app_label", "content_type_id"):
            if f":{key}>" in route:
                kwargs[key] = {
                    "object_id": ids.get(name.split("_")[0], 1),
                    "revision_id": revision.pk,
                    "spec": "max-160x160",
                    "app_label": "articles",
                    "content_type_id": 1,
                }[key]
        if "<" in route and not kwargs:
            continue
        try:
            url = reverse(f"admin:{name}", kwargs=kwargs)
        except Exception:  # noqa: BLE001 - a route with parameters we don't fill
            continue
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    assert content_snapshot() == before


# Large uploads --------------------------------------------------------------------------------


def test_cve_2023_28837_large_uploads_spool_to_disk_not_memory(settings):
    # Bodies bigger than these never sit in memory: files go to a temporary file.
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 100
    assert "django.core.files.uploadhandler.TemporaryFileUploadHandler" in (
        django_settings.FILE_UPLOAD_HANDLERS
    )
    big = b"\xff" * (django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 3 * 1024 * 1024)
    body = encode_multipart("BoUnDaRy", {"file": StringIO(), "title": "x"}).replace(b"", b"")
    body = (
        b'--BoUnDaRy\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + big + b"\r\n--BoUnDaRy--\r\n"
    )
    request = RequestFactory().generic(
        "POST", "/admin/media/image/add/", body, "multipart/form-data; boundary=BoUnDaRy"
    )
    tracemalloc.start()
    try:
        upload = request.FILES["file"]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(upload, TemporaryUploadedFile)
    assert upload.size == len(big)
    assert peak < 2 * 1024 * 1024, f"parsing an {len(big) >> 20} MB upload peaked at {peak} bytes"
    upload.close()


def test_cve_2023_28837_oversized_form_bodies_are_refused(client):
    client.force_login(UserFactory(is_superuser=True))
    before = content_snapshot()
    size = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = client.post("/admin/authors/author/add/", {"name": "x" * size, "slug": "huge"})
    assert response.status_code == 400
    assert content_snapshot() == before


def test_cve_2023_28837_an_image_over_the_cap_is_refused_before_it_is_decoded(client, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 200 * 1024
    client.force_login(UserFactory(is_superuser=True))
    big = files.jpeg(1600, 900) + b"\0" * (300 * 1024)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/media/image/add/",
        {"file": SimpleUploadedFile("big.jpg", big, "image/jpeg"), "title": "Big"},
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode().lower() or "KB" in response.content.decode()
    assert not Image.objects.exists()


# Search ReDoS ---------------------------------------------------------------------------------

PATHOLOGICAL = [
    "a" * 200,
    " ".join(["a"] * 100),
    "(" * 100 + "a" + ")+" * 49,
    ("a" * 10 + " ") * 18,
    "\\w+" * 50,
    "ä" * 200,
    "a|" * 99,
]


@pytest.mark.parametrize("query", PATHOLOGICAL)
def test_cve_2024_39317_search_redos_pathological_queries_are_quick(client, query):
    ready_article(published=True, title="a" * 200, body="<p>" + "a" * 20000 + " aa" * 3000 + "</p>")
    words = search.terms(query)
    assert len(words) <= search.MAX_TERMS
    started = time.perf_counter()
    response = client.get("/search/", {"q": query})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert elapsed < 1.0, f"{elapsed:.2f} s for {query[:30]!r}"


def test_cve_2024_39317_search_redos_the_highlighter_escapes_what_it_matches(client):
    # Matches are marked by the database (ts_headline, FTS5's highlight() and snippet()), never
    # by a pattern made of the query: what a reader types stays words, the story is escaped.
    ready_article(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
        title="<b>(a+)+$</b> dam",
        body="<p>" + "a" * 50_000 + "! dam</p>",
    )
    started = time.perf_counter()
    response = client.get("/search/", {"q": "(a+)+$ a| .* dam"})
    assert time.perf_counter() - started < 1.0
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;b&gt;(" in html and "<mark>dam</mark>" in html
    assert "<b>(a+)+$</b>" not in html


# Rendition specs ------------------------------------------------------------------------------

CRAFTED_SPECS = [
    "fill-4000x4000",
    "width-3999",
    "max-1x1",
    "fill-1200x675|width-1",
    "fill-99999x99999",
    "../../etc/passwd",
    "fill-1200x675.jpg",
    "original",
]


@pytest.mark.parametrize("spec", CRAFTED_SPECS)
def test_cve_2026_54260_unbounded_rendition_specs_are_refused(client, spec):
    image = ImageFactory()
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(f"/admin/media/image/{image.pk}/preview/{spec}/")
    # 404, or for a path that leaves the preview route the admin's redirect to a change page.
    assert response.status_code in (302, 404)
    assert not response.get("Content-Type", "").startswith("image/")
    assert not Rendition.objects.exists()
    # No public address makes renditions: files under MEDIA_URL are served or not found.
    client.logout()
    assert client.get(f"/media/renditions/{image.pk}/{spec}.jpg").status_code == 404
    assert not Rendition.objects.exists()


def test_cve_2026_54260_spec_sides_are_bounded_for_the_operators_tools():
    with pytest.raises(InvalidSpec):
        Spec.parse("fill-4001x10")
    with pytest.raises(InvalidSpec):
        Spec.parse("width-" + "9" * 50)


def test_cve_2026_54260_templates_can_ask_only_for_declared_specs():
    from django.template import Context, Template, TemplateSyntaxError

    image = ImageFactory()
    template = Template('{% load pictures %}{% picture image "fill-3000x3000" %}')
    with pytest.raises(TemplateSyntaxError):
        template.render(Context({"image": image}))
    assert not Rendition.objects.exists()


# Cache poisoning through request headers ------------------------------------------------------

POISON = [
    {"HTTP_X_FORWARDED_HOST": "evil.example"},
    {"HTTP_X_FORWARDED_HOST": "evil.example", "HTTP_X_FORWARDED_PORT": "8443"},
    {"HTTP_X_ORIGINAL_URL": "/admin/"},
    {"HTTP_X_REWRITE_URL": "/search/?q=evil"},
    {"HTTP_X_FORWARDED_PROTO": "http"},
    {"HTTP_X_FORWARDED_PROTO": "https"},
    {"HTTP_X_FORWARDED_SCHEME": "javascript"},
    {"HTTP_FORWARDED": "host=evil.example;proto=http"},
    {"HTTP_X_HOST": "evil.example"},
]


def test_ghost_cve_2026_53943_cache_poisoning_via_a_request_header(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.org", "www.news.example.org"]
    assert not django_settings.USE_X_FORWARDED_HOST
    assert not django_settings.USE_X_FORWARDED_PORT
    story = ready_article(published=True, title="Harbour reopens")
    urls = ["/", story.get_absolute_url(), "/feed/", "/sitemap.xml", "/news-sitemap.xml"]
    clean = {}
    for url in urls:
        clean[url] = client.get(url, HTTP_HOST="news.example.org").content
    for headers in POISON:
        from django.core.cache import cache

        cache.clear()
        for url in urls:
            # The attacker's request fills the cache first ...
            poisoned = client.get(url, HTTP_HOST="www.news.example.org", **headers)
            assert poisoned.status_code == 200, (url, headers)
            assert b"evil" not in poisoned.content, (url, headers)
            # ... and the next reader gets the page as it should be.
            assert client.get(url, HTTP_HOST="news.example.org").content == clean[url], url


def test_ghost_cve_2026_53943_an_unknown_host_is_refused_not_cached(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert client.get("/", HTTP_HOST="news.example.org").status_code == 200


# SSRF through remote images ------------------------------------------------------------------


def fake_dns(monkeypatch, answers):
    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("url", "addresses"),
    [
        ("http://localhost/x.jpg", ["127.0.0.1"]),
        ("http://loop.example/x.jpg", ["::1"]),
        ("http://intranet.example/x.jpg", ["10.1.2.3"]),
        ("http://router.example/x.jpg", ["192.168.0.1"]),
        ("http://carrier.example/x.jpg", ["100.64.0.1"]),
        ("http://metadata.example/latest/", ["169.254.169.254"]),
        ("http://linklocal6.example/", ["fe80::1"]),
        ("http://private6.example/", ["fd00::1"]),
        ("http://mapped.example/", ["::ffff:127.0.0.1"]),
        ("http://zero.example/", ["0.0.0.0"]),
        ("http://reserved.example/", ["240.0.0.1"]),
        ("http://multicast.example/", ["224.0.0.1"]),
        ("http://rebind.example/", ["93.184.215.14", "127.0.0.1"]),
        ("http://127.0.0.1/x.jpg", ["127.0.0.1"]),
    ],
)
def test_cve_2026_53946_ssrf_fetching_remote_images_refuses_private_addresses(
    monkeypatch, url, addresses
):
    host = url.split("/")[2]
    fake_dns(monkeypatch, {host: addresses})
    with pytest.raises(fetch.UnsafeURL):
        fetch.public_http_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://images.example/",
        "ftp://images.example/x.jpg",
        "http://user:pass@images.example/x.jpg",
        "http:///x.jpg",
        "http://images.example:99999/x.jpg",
        "http://nowhere.example/x.jpg",
    ],
)
def test_cve_2026_53946_ssrf_only_plain_http_urls_that_resolve(monkeypatch, url):
    fake_dns(monkeypatch, {"images.example": ["93.184.215.14"]})
    with pytest.raises(fetch.UnsafeURL):
        fetch.public_http_url(url)


def test_cve_2026_53946_ssrf_public_addresses_pass(monkeypatch):
    fake_dns(monkeypatch, {"images.example": ["93.184.215.14", "2606:2800:21f:cb07::1"]})
    url = "https://images.example/content/a.jpg"
    assert fetch.public_http_url(url) == (url, ["93.184.215.14", "2606:2800:21f:cb07::1"])


def test_cve_2026_53946_ssrf_the_ghost_import_fetches_nothing(monkeypatch, tmp_path):
    from tests.ghost.exports import EXPORT, GHOST_URL

    def no_network(*args, **kwargs):
        raise AssertionError("the import tried to reach the network")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    call_command("import_ghost", str(EXPORT), "--ghost-url", GHOST_URL, stdout=StringIO())
    linked = Image.objects.exclude(source_url="")
    assert linked.exists()
    # Kept as addresses for readers' browsers; no file was downloaded.
    assert not linked.exclude(file="").exists()
