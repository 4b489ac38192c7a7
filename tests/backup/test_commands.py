"""export_site and import_site as an operator meets them: refusals, dry runs, damaged archives."""

import json
import tarfile
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.models import Article
from backup.site import exported_models
from media.models import Image
from tests import factories
from tests.backup.sites import wipe_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path):
    """A small site exported to a folder, then wiped: ready to restore."""
    story = factories.ready_article(published=True, tags=["Energy"])
    factories.UserFactory(username="bystander")  # named by no content: not exported
    folder = tmp_path / "export"
    call_command("export_site", str(folder), stdout=StringIO())
    image_name = story.lead_image.file.name
    wipe_site()
    return folder, story, image_name


def restore(path, *args):
    out = StringIO()
    call_command("import_site", str(path), "--skip-renditions", *args, stdout=out)
    return out.getvalue()


def test_manifest_says_what_the_archive_holds(exported):
    folder, story, _ = exported
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format_version"] == 1
    assert manifest["counts"]["articles.article"] == 1
    assert manifest["counts"]["media.image"] == 1
    assert "media.rendition" not in manifest["counts"]
    assert manifest["django_version"].startswith("6.")
    assert "0001_initial" in manifest["migrations"]["articles"]
    [entry] = manifest["files"]
    assert (folder / entry["archive"]).read_bytes()
    assert entry["archive"] == f"files/{entry['sha256']}.jpg"


def test_import_refuses_a_site_with_content_and_changes_nothing(exported):
    folder, _, _ = exported
    other = factories.ArticleFactory(title="Already here")
    with pytest.raises(CommandError, match=r"The site is not empty: .*stories \(1\)"):
        restore(folder)
    assert list(Article.objects.all()) == [other]
    assert not Image.objects.exists()


def test_dry_run_checks_everything_and_keeps_nothing(exported):
    folder, _, image_name = exported
    assert "the archive is sound" in restore(folder, "--dry-run")
    assert not Article.objects.exists() and not get_user_model().objects.exists()
    assert not default_storage.exists(image_name)


def test_restore_keeps_ids_and_new_rows_continue_after_them(exported):
    folder, story, image_name = exported
    restore(folder)
    restored = Article.objects.get(pk=story.pk)
    assert (restored.slug, restored.lead_image_id) == (story.slug, story.lead_image_id)
    assert list(restored.tags.names()) == ["Energy"]
    assert default_storage.exists(image_name)
    # The sequences moved past the restored ids (PostgreSQL); SQLite does it by itself.
    assert factories.ArticleFactory().pk > story.pk
    assert factories.ImageFactory().pk > story.lead_image_id
    assert not get_user_model().objects.filter(username="bystander").exists()


def test_a_damaged_file_is_refused_before_anything_is_written(exported):
    folder, _, image_name = exported
    [stored] = (folder / "files").iterdir()
    stored.write_bytes(stored.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(CommandError, match="is damaged"):
        restore(folder)
    assert not Article.objects.exists()
    assert not default_storage.exists(image_name)


def test_a_damaged_row_is_refused_with_its_place_and_nothing_kept(exported):
    folder, _, _ = exported
    rows = folder / "data" / "articles.article.jsonl"
    rows.write_text(rows.read_text().replace('"status": "published"', '"status": null'))
    with pytest.raises(CommandError, match=r"articles.article.jsonl, row 1: IntegrityError"):
        restore(folder)
    assert not Image.objects.exists() and not get_user_model().objects.exists()


def test_an_archive_from_a_newer_release_is_refused(exported):
    folder, _, _ = exported
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"]["articles"].append("0999_from_the_future")
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="newer release"):
        restore(folder)
    manifest["format_version"] = 2
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="format version 2 is newer"):
        restore(folder)


def test_a_tar_archive_round_trips_and_names_are_checked(tmp_path):
    story = factories.ready_article(published=True)
    call_command("export_site", str(tmp_path / "site.tar.gz"), stdout=StringIO())
    with pytest.raises(CommandError, match="exists"):
        call_command("export_site", str(tmp_path / "site.tar.gz"), stdout=StringIO())
    wipe_site()
    assert "Restored 1 stories" in restore(tmp_path / "site.tar.gz")
    assert Article.objects.get().slug == story.slug

    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        tar.add(tmp_path / "site.tar.gz", arcname="../../etc/manifest.json")
    with pytest.raises(CommandError, match="Unsafe name"):
        restore(evil)
    with pytest.raises(CommandError, match="No archive"):
        restore(tmp_path / "missing.tar")


def test_every_content_model_is_exported_with_all_it_points_to():
    """A model added to media, authors or articles is in the export by itself; this checks
    that whatever it points to is exported too (or is a user), so a restore can hold it."""
    exported_set = set(exported_models())
    user_model = get_user_model()
    for model in exported_set:
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.related_model in exported_set | {user_model}, (model, field.name)
