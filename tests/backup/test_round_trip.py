"""A restored site is the site that was exported: every public page byte for byte, and the
desk's history of every story."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from articles import workflow
from articles.models import (
    Article,
    ArticleRevision,
    Banner,
    Section,
    TaggedArticle,
    WorkflowEvent,
)
from authors.models import Author
from media.models import Image
from tests import factories
from tests.backup.sites import wipe_site
from tests.site import SITE

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def public_urls(client) -> list[str]:
    """Every kind of public page, including a second page of the home listing."""
    stories = list(Article.objects.published().order_by("-published_at")[:40])
    hidden = Article.objects.exclude(pk__in=[a.pk for a in stories])[:3]
    urls = ["/", "/feed/", "/feed/atom/", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]
    urls += ["/search/?q=minister"]
    urls += [a.get_absolute_url() for a in stories[:8]]
    urls += [a.get_absolute_url() for a in hidden]  # 404 and 410 pages too
    for section in Section.objects.all():
        urls += [section.get_absolute_url(), f"{section.get_absolute_url()}feed/"]
    for author in Author.objects.all()[:4]:
        urls += [author.get_absolute_url(), f"{author.get_absolute_url()}feed/atom/"]
    for tag in Article.objects.published().used_tags()[:4]:
        urls += [f"/tags/{tag.slug}/", f"/tags/{tag.slug}/feed/"]
    index = client.get("/sitemap.xml").content.decode()
    urls += [loc.split("</loc>")[0].removeprefix(SITE) for loc in index.split("<loc>")[1:]]
    home = client.get("/").content.decode()
    cursor = home.split("?before=", 1)[1].split('"', 1)[0]
    urls += [f"/?before={cursor}", f"/live/?since={cursor}"]
    return urls


def fetch(client, urls) -> dict[str, tuple[int, bytes]]:
    cache.clear()
    return {url: (r.status_code, r.content) for url in urls for r in [client.get(url)]}


def history() -> dict:
    """The desk's history, per story: its workflow events and its revisions."""
    return {
        article.pk: (
            list(
                WorkflowEvent.objects.filter(article=article)
                .order_by("pk")
                .values_list(
                    "action", "from_status", "to_status", "actor__username", "comment", "created_at"
                )
            ),
            list(
                ArticleRevision.objects.filter(article=article)
                .order_by("pk")
                .values_list("version", "data", "created_by__username", "created_at", "note")
            ),
            article.version,
            article.modified_at,
        )
        for article in Article.objects.order_by("pk")
    }


def make_history():
    """What the demo lacks: stories moved through the workflow, a correction, a banner."""
    editor = factories.editor(username="desk-editor", first_name="Dana", email="dana@example.org")
    draft = factories.ready_article(
        section=Section.objects.first(), authors=[Author.objects.first()], tags=["Energy"]
    )
    factories.ArticleFactory(section=Section.objects.last(), created_by=editor)  # a draft
    workflow.submit(draft, by=editor, comment="Ready")
    workflow.publish(draft, by=editor)
    story = Article.objects.published().first()
    workflow.mark_significant_update(story, by=editor, comment="New figures")
    workflow.add_correction(story, by=editor, text="An earlier version misspelt the minister.")
    story.refresh_from_db()
    story.title = story.title + " (updated)"
    workflow.save_article(story, by=editor, expected_version=story.version)
    Banner.objects.create(
        text="Air raid alert", article=story, ends_at=NOW + timedelta(hours=2), created_by=editor
    )
    workflow.unpublish(Article.objects.published().last(), by=editor, reason="Legal")


@time_machine.travel(NOW, tick=False)
def test_export_then_import_restores_every_public_page_and_the_desk_history(client, tmp_path):
    call_command("seed_demo", articles=40, stdout=StringIO())
    make_history()
    urls = public_urls(client)
    before, desk_before = fetch(client, urls), history()
    assert sum(status == 200 for status, _ in before.values()) > 40
    assert {status for status, _ in before.values()} <= {200, 404, 410}
    stories = Article.objects.count()
    archive = tmp_path / "site.tar"
    call_command("export_site", str(archive), stdout=StringIO())

    wipe_site()
    assert not Article.objects.exists() and not Image.objects.exists()
    out = StringIO()
    # Later, as a real restore is: nothing may be stamped with the time of the restore.
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        call_command("import_site", str(archive), "--skip-renditions", stdout=out)
    assert f"Restored {stories} stories" in out.getvalue()

    after = fetch(client, urls)
    changed = [url for url in urls if after[url] != before[url]]
    assert changed == []
    assert history() == desk_before
    # Originals are back at their stored names, with the same bytes.
    for image in Image.objects.exclude(file=""):
        with image.file.open("rb") as handle:
            assert len(handle.read()) == image.file_size


def test_restored_users_keep_names_and_groups_but_no_password(tmp_path):
    editor = factories.editor(username="ed", first_name="Ed", last_name="Itor", email="ed@x.org")
    editor.set_password("secret-1")
    editor.save()
    factories.ArticleFactory(created_by=editor)
    call_command("export_site", str(tmp_path / "plain"), stdout=StringIO())
    hashes = str(tmp_path / "hashes.tar.gz")
    call_command("export_site", hashes, "--with-passwords", stdout=StringIO())
    assert b"secret" not in (tmp_path / "plain" / "data" / "auth.user.jsonl").read_bytes()
    assert b"md5$" not in (tmp_path / "plain" / "data" / "auth.user.jsonl").read_bytes()

    wipe_site()
    call_command("import_site", str(tmp_path / "plain"), "--skip-renditions", stdout=StringIO())
    restored = get_user_model().objects.get(pk=editor.pk)
    assert (restored.username, restored.get_full_name(), restored.email) == (
        "ed",
        "Ed Itor",
        "ed@x.org",
    )
    assert list(restored.groups.values_list("name", flat=True)) == ["Editors"]
    assert not restored.has_usable_password()

    wipe_site()
    call_command("import_site", hashes, "--skip-renditions", stdout=StringIO())
    assert get_user_model().objects.get(pk=editor.pk).check_password("secret-1")


def test_an_archive_from_before_tag_rows_carried_listing_times_restores_them(tmp_path):
    story = factories.ArticleFactory(published=True, tags=["Energy", "Grid"])
    factories.ArticleFactory(tags=["Energy"])  # a draft: never listed
    call_command("export_site", str(tmp_path / "site"), stdout=StringIO())
    rows = tmp_path / "site" / "data" / "articles.taggedarticle.jsonl"
    lines = [json.loads(line) for line in rows.read_text().splitlines()]
    assert all("listed_at" in line["fields"] for line in lines)
    for line in lines:
        del line["fields"]["listed_at"]
    rows.write_text("".join(json.dumps(line) + "\n" for line in lines))

    wipe_site()
    call_command("import_site", str(tmp_path / "site"), "--skip-renditions", stdout=StringIO())
    assert dict(
        TaggedArticle.objects.values_list("tag__name", "listed_at").filter(
            content_object_id=story.pk
        )
    ) == {"Energy": story.published_at, "Grid": story.published_at}
    assert TaggedArticle.objects.filter(listed_at__isnull=False).count() == 2
