"""The desk's small things: headings, read-only bodies, the story list, zones, words, favicon."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import AuthorFactory, ImageFactory, editor, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status


def test_the_editor_offers_exactly_the_headings_the_site_keeps(client):
    user = editor()
    client.force_login(user)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    # The configurable preset reads the extensions below; the default one ignores them.
    match = re.search(r"data-django-prose-editor-configurable=\"([^\"]+)\"", html)
    assert match, "the body editor must use the configurable preset"
    config = json.loads(match.group(1).replace("&quot;", '"'))
    assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}
    assert "data-django-prose-editor-default" not in html
    assert "django_prose_editor/configurable.js" in html


def test_a_writer_viewing_a_submitted_story_sees_text_not_markup(client):
    wanda = writer(username="wanda")
    article = ready_article(
        status=S.DRAFT,
        created_by=wanda,
        body="<p>The <strong>council</strong> voted.</p><h2>What next</h2>",
    )
    workflow.submit(article, by=wanda)
    client.force_login(wanda)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert '<div class="readonly-body"><p>The <strong>council</strong> voted.</p>' in html
    assert "&lt;p&gt;" not in html


def test_the_story_list_shows_what_a_desk_needs_with_relative_times(client, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    edith = editor()
    published_at = timezone.now() - timedelta(hours=2, minutes=5)
    ready_article(
        title="Council approves the winter budget",
        status=S.PUBLISHED,
        published_at=published_at,
        authors=[AuthorFactory(name="Olena Marchenko")],
        lead_image=ImageFactory(),
    )
    client.force_login(edith)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    for column in ["Image", "Headline", "Section", "Status", "Bylines", "Published", "Edited"]:
        assert f">{column}</" in html, column
    assert 'class="story-headline" title="Council approves the winter budget"' in html
    assert ">2 h ago</time>" in html
    local = timezone.localtime(published_at)
    assert f'title="{local:%-d %b %Y, %H:%M} (Europe/Kyiv)"' in html
    assert 'class="status-badge"' in html and "Olena Marchenko" in html
    assert "Write a story</a>" in html


def test_the_desk_says_stories_and_tags_and_has_a_favicon(client):
    client.force_login(editor())
    html = client.get(reverse("admin:index")).content.decode()
    assert ">Stories</a>" in html and ">Articles<" not in html
    assert ">Newsroom</a>" in html
    assert ">Tags</a>" in html and "Taggit" not in html
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert Article._meta.verbose_name_plural == "stories"


def test_times_entered_in_the_desk_name_the_newsrooms_zone(client, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    edith = editor()
    client.force_login(edith)
    banner = client.get(reverse("admin:articles_banner_add")).content.decode()
    assert banner.count("In Europe/Kyiv time.") == 2
