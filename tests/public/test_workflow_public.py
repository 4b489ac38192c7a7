"""What readers see of the workflow: embargo, preview links, corrections, takedowns, banner."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles import preview, workflow
from articles.models import Article, Banner
from articles.pagination import Cursor
from public import memory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, ready_article

pytestmark = pytest.mark.django_db
S = Article.Status


def reader_surfaces(article, author, since=None):
    """Every page, feed, sitemap, search and live answer a reader or crawler could find it on."""
    pages = ["/", article.section.get_absolute_url(), "/tags/embargo/", author.get_absolute_url()]
    feeds = [f"{page}feed/" for page in pages] + [f"{page}feed/atom/" for page in pages]
    found = ["/search/?q=embargoed+budget"] + ([f"/live/?since={since}"] if since else [])
    return [*pages, *feeds, "/sitemap-articles.xml", "/news-sitemap.xml", *found]


def test_scheduled_story_is_absent_everywhere_until_its_time(client, edith):
    author = AuthorFactory()
    section = SectionFactory(name="World", slug="world")
    out = ready_article(published=True, title="Already out", section=section, tags=["Embargo"])
    since = Cursor.after(out)  # what a reader's open home page asks /live/ about
    article = ready_article(
        status=S.IN_REVIEW,
        title="Embargoed budget leak",
        section=section,
        authors=[author],
        tags=["Embargo"],
    )
    workflow.schedule(article, by=edith, at=timezone.now() + timedelta(hours=1))
    # Warm the page cache with the embargoed story already scheduled.
    for url in reader_surfaces(article, author, since):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Embargoed budget leak" not in response.content.decode(), url
        assert article.slug not in response.content.decode(), url
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert not article.is_published

    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        call_command("publish_scheduled", stdout=StringIO())
        for url in reader_surfaces(article, author, since):
            assert article.slug in client.get(url).content.decode(), url
        assert client.get(article.get_absolute_url()).status_code == 200


def test_preview_link_works_without_login_and_expires(client):
    article = ready_article(status=S.DRAFT, title="Draft about the dam")
    url = preview.preview_url(article)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft about the dam" in html and "Preview" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # The story itself stays hidden from readers.
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + preview.PREVIEW_MAX_AGE + timedelta(minutes=1)):
        expired = client.get(url)
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()


def test_tampered_preview_link_is_a_404(client):
    article = ready_article(status=S.DRAFT)
    token = preview.preview_token(article)
    assert client.get(f"/preview/{token[:-2]}xx/").status_code == 404
    assert client.get("/preview/not-a-token/").status_code == 404


def test_preview_of_a_scheduled_story(client, edith):
    article = ready_article(status=S.IN_REVIEW, title="Tomorrow's front page")
    workflow.schedule(article, by=edith, at=timezone.now() + timedelta(days=1))
    assert client.get(preview.preview_url(article)).status_code == 200
    assert "Tomorrow" not in client.get("/").content.decode()


def test_corrections_and_update_time_under_the_story(
    client, edith, django_capture_on_commit_callbacks
):
    article = ready_article(published=True)
    client.get(article.get_absolute_url())  # cached
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_correction(article, by=edith, text="The bridge is 40 m long, not 400 m.")
        workflow.mark_significant_update(article, by=edith)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections" in html
    assert "The bridge is 40 m long, not 400 m." in html
    assert "Updated:" in html


def test_takedown_gives_410_with_notice_and_leaves_listings(
    client, edith, django_capture_on_commit_callbacks
):
    article = ready_article(published=True, title="Disputed report", tags=["Embargo"])
    assert "Disputed report" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article, by=edith, reason="Legal", notice="Removed after a complaint.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "Removed after a complaint." in response.content.decode()
    for url in ["/", article.section.get_absolute_url(), "/tags/embargo/"]:
        assert "Disputed report" not in client.get(url).content.decode(), url


def test_takedown_without_public_notice_uses_the_standard_text(client, edith):
    article = ready_article(published=True)
    workflow.unpublish(article, by=edith, reason="Duplicate")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "has taken this story down" in response.content.decode()


def test_breaking_banner_shows_site_wide_and_expires_by_itself(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 3600  # longer than the banner: only its end can drop pages
    story = ready_article(published=True, title="Live: the storm")
    client.get("/")  # a cached page without a banner
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        Banner.objects.create(
            text="Storm warning for the capital",
            article=story,
            starts_at=now,
            ends_at=now + timedelta(minutes=30),
        )
    for url in ["/", story.get_absolute_url(), story.section.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Storm warning for the capital" in html, url
        assert f'href="{story.get_absolute_url()}"' in html
    with time_machine.travel(now + timedelta(minutes=31)):
        assert "Storm warning" not in client.get("/").content.decode()
        assert "Storm warning" not in client.get(story.get_absolute_url()).content.decode()


def test_banner_scheduled_to_start_later_appears_on_time_despite_the_cache(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 3600  # longer than the wait: only the deadline can drop it
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        Banner.objects.create(
            text="Polls close at eight",
            starts_at=now + timedelta(minutes=10),
            ends_at=now + timedelta(hours=2),
        )
    assert "Polls close" not in client.get("/").content.decode()
    with time_machine.travel(now + timedelta(minutes=9)):
        assert "Polls close" not in client.get("/").content.decode()
    with time_machine.travel(now + timedelta(minutes=11)):
        assert "Polls close at eight" in client.get("/").content.decode()
    with time_machine.travel(now + timedelta(hours=2, minutes=1)):
        assert "Polls close" not in client.get("/").content.decode()


def test_a_banner_links_its_story_only_while_readers_may_open_it(django_assert_num_queries):
    from public.reading import banner

    story = ArticleFactory(title="Storm hits the coast", scheduled=True)
    now = timezone.now()
    Banner.objects.create(
        text="Storm warning", article=story, starts_at=now, ends_at=now + timedelta(hours=1)
    )
    with django_assert_num_queries(1):  # the banners and their stories' state: one statement
        shown = banner()
    assert (shown.text, shown.url) == ("Storm warning", "")  # scheduled: not linked yet
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, published_at=now - timedelta(minutes=1)
    )
    cache.clear()
    memory.forget_all()
    assert banner().url == story.get_absolute_url()
