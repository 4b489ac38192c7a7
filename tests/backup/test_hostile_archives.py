"""import_site given an archive made to harm the site: links to files elsewhere, names that
climb out of the media folder, files the media library would refuse, a malformed manifest,
and rich text that never passed the sanitiser. Each is refused with one clear error before
anything is written (the database and media storage are as they were), or, for rich text,
restored as a save would have stored it."""

import hashlib
import io
import json
import os
import re
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from articles import richtext, workflow
from articles.models import (
    Article,
    ArticleRevision,
    LivePost,
    LivePostRevision,
    TaggedArticle,
    WorkingCopy,
)
from authors.models import AuthorLink
from tests import factories
from tests.backup.sites import wipe_site
from tests.security.snapshot import content_snapshot

pytestmark = pytest.mark.django_db

SCRIPT = (
    '<script>alert("restored")</script><p onclick="alert(1)">Hi <img src=x onerror=alert(2)></p>'
)


@pytest.fixture
def exported(tmp_path):
    """A small site (a live story with a post, a revision, a working copy, an author's link)
    exported to a folder, then wiped: ready to restore."""
    editor = factories.editor(username="desk")
    story = factories.ready_article(published=True, tags=["Energy"], created_by=editor)
    AuthorLink.objects.create(author=story.authors()[0], label="Site", url="https://example.org")
    workflow.start_coverage(story, by=editor)
    workflow.add_live_post(story, by=editor, body="<p>Power is back in the east.</p>")
    workflow.record_revision(story, by=editor)
    WorkingCopy.objects.create(article=story, user=editor, data={"body": "<p>Unsaved</p>"})
    folder = tmp_path / "export"
    call_command("export_site", str(folder), stdout=StringIO())
    wipe_site()
    return folder


def restore(path):
    out = StringIO()
    call_command("import_site", str(path), "--skip-renditions", stdout=out)
    return out.getvalue()


def site_state() -> dict:
    """Every content row, user and group, and every file under MEDIA_ROOT with its hash."""
    media = Path(settings.MEDIA_ROOT)
    files = {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }
    return {
        **content_snapshot(),
        "users": list(get_user_model().objects.order_by("pk").values_list()),
        "groups": list(Group.objects.order_by("pk").values_list("name")),
        "media": files,
    }


def assert_refused(path, message: str) -> None:
    """import_site refuses with a CommandError matching `message` and changes nothing."""
    before = site_state()
    with pytest.raises(CommandError, match=message):
        restore(path)
    assert site_state() == before


def edit_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def edit_rows(folder: Path, model_label: str, change) -> None:
    path = folder / "data" / f"{model_label}.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    for row in rows:
        change(row["fields"])
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def add_file(folder: Path, name: str, data: bytes, *, archive: str | None = None) -> None:
    """A file the manifest lists (and the archive holds) beside the exported image."""
    digest = hashlib.sha256(data).hexdigest()
    archive = archive or f"files/{digest}{Path(name).suffix}"
    if not (folder / archive).exists() and not (folder / archive).is_symlink():
        (folder / archive).write_bytes(data)
    entry = {"name": name, "archive": archive, "sha256": digest, "size": len(data)}
    edit_manifest(folder, lambda manifest: manifest["files"].append(entry))


def png_bytes(width: int, height: int, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def tar_of(folder: Path, path: Path) -> Path:
    """The folder as a tar file, links kept as links (tarfile's default)."""
    with tarfile.open(path, "w") as tar:
        for item in sorted(folder.rglob("*")):
            tar.add(item, arcname=str(item.relative_to(folder)), recursive=False)
    return path


def test_the_exported_site_restores(exported):
    """The fixture itself is sound: each refusal below is the fault put into it."""
    assert "Restored 1 stories" in restore(exported)


# Links ----------------------------------------------------------------------------------------


def test_a_file_linked_to_a_system_file_is_refused_and_nothing_is_served(exported):
    """The reported case: files/b.png a link to /etc/passwd, stored as images/passwd.txt."""
    (exported / "files" / "b.png").symlink_to("/etc/passwd")
    add_file(exported, "images/passwd.txt", Path("/etc/passwd").read_bytes(), archive="files/b.png")
    assert_refused(exported, r"'images/passwd.txt' is refused")
    assert not (Path(settings.MEDIA_ROOT) / "images" / "passwd.txt").exists()


def test_a_symbolic_link_in_a_folder_archive_is_refused_even_to_a_good_image(exported, tmp_path):
    [stored] = (exported / "files").iterdir()
    elsewhere = stored.rename(tmp_path / "elsewhere.jpg")
    stored.symlink_to(elsewhere)
    assert_refused(exported, rf"files/{stored.name} in the archive is a symbolic link")


def test_a_linked_folder_in_a_folder_archive_is_refused(exported, tmp_path):
    (exported / "files").rename(tmp_path / "files")
    (exported / "files").symlink_to(tmp_path / "files")
    assert_refused(exported, r"files/\w+\.jpg in the archive is a symbolic link \(files points")


def test_a_hard_link_in_a_folder_archive_is_refused(exported, tmp_path):
    [stored] = (exported / "files").iterdir()
    os.link(stored, tmp_path / "second-name.jpg")
    assert_refused(exported, rf"files/{stored.name} in the archive is a hard link")


def test_links_in_a_tar_archive_are_refused(exported, tmp_path):
    [stored] = (exported / "files").iterdir()
    os.link(stored, exported / "copy.jpg")  # tar keeps the second name as a hard link
    assert_refused(tar_of(exported, tmp_path / "hard.tar"), r"is a hard link to 'copy.jpg'")

    (exported / "copy.jpg").unlink()
    elsewhere = stored.rename(tmp_path / "elsewhere.jpg")
    stored.symlink_to(elsewhere)
    assert_refused(
        tar_of(exported, tmp_path / "soft.tar"),
        rf"files/{stored.name} in the archive is a symbolic link to '{re.escape(str(elsewhere))}'",
    )


# Files the media library would refuse -------------------------------------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("images/page.html", b"<script>alert(document.cookie)</script>"),
        ("images/app.js", b"alert(document.cookie)"),
        ("images/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("images/photo.JPG", factories.jpeg_bytes()),
    ],
)
def test_a_name_the_media_library_would_not_store_is_refused(exported, name, data):
    add_file(exported, name, data)
    assert_refused(
        exported,
        rf"files\[1\]\.name '{re.escape(name)}' is refused: the media library stores only "
        r"\.avif, \.gif, \.jpg, \.png, \.webp files",
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<script>alert(document.cookie)</script>", "not a JPEG, PNG, WebP, GIF or AVIF image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG files are not accepted"),
        (png_bytes(8000, 6000, mode="1"), r"8000×6000 pixels; the limit is 40 megapixels"),
        (png_bytes(64, 64)[:-40], "damaged or incomplete"),
        (factories.jpeg_bytes(), "It is a JPEG image, which the media library names .jpg"),
    ],
    ids=["html", "svg", "decompression-bomb", "truncated", "jpeg-named-png"],
)
def test_content_the_media_library_would_refuse_is_refused_whatever_its_name(
    exported, data, message
):
    add_file(exported, "images/2026/03/evil.png", data)
    assert_refused(exported, rf"files/\w+\.png \(images/2026/03/evil\.png\).*{message}")


def test_a_file_over_the_upload_limit_is_refused_unread(exported, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1000
    assert_refused(exported, r"files\[0\] \(images/.+\) is \d+ bytes; .* 1 to 1000 bytes")


def test_a_file_larger_than_its_manifest_says_is_refused(exported):
    [stored] = (exported / "files").iterdir()
    stored.write_bytes(stored.read_bytes() + b"\0" * 100)
    assert_refused(exported, rf"files/{stored.name} in the archive is larger than")


# Names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../escape.jpg",
        "images/../../escape.jpg",
        "/tmp/escape.jpg",
        "images\\..\\..\\escape.jpg",
        "images/nul\x00.jpg",
        "images//escape.jpg",
        "renditions/escape.jpg",
        "escape.jpg",
    ],
)
def test_a_stored_name_outside_the_media_folder_is_refused(exported, name):
    edit_manifest(exported, lambda manifest: manifest["files"][0].update(name=name))
    assert_refused(exported, rf"files\[0\]\.name {re.escape(repr(name))} is refused: it ")


def test_an_archive_name_outside_the_files_folder_is_refused(exported):
    edit_manifest(exported, lambda m: m["files"][0].update(archive="files/../manifest.json"))
    assert_refused(exported, r"files\[0\]\.archive 'files/\.\./manifest\.json' must be 'files/")


def test_an_image_row_naming_a_file_the_archive_does_not_hold_is_refused(exported):
    edit_rows(exported, "media.image", lambda fields: fields.update(file="../../etc/passwd"))
    assert_refused(
        exported,
        r"media\.image\.jsonl, row 1: file '\.\./\.\./etc/passwd' is neither among the archive",
    )


def test_a_row_naming_a_row_the_archive_does_not_hold_is_refused(exported):
    edit_rows(exported, "articles.article", lambda fields: fields.update(section=9999))
    assert_refused(exported, r"(?s)The archive's rows name rows it does not hold: .*9999")


# The manifest ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "created_at",
        "django_version",
        "app_version",
        "database",
        "with_passwords",
        "migrations",
        "models",
        "counts",
        "files",
        "missing_files",
    ],
)
def test_a_manifest_without_a_key_is_refused_before_anything_is_written(exported, key):
    edit_manifest(exported, lambda manifest: manifest.pop(key))
    assert_refused(exported, rf"manifest\.json has no '{key}'")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m.update(created_at=5), r"'created_at' must be text, not a whole number"),
        (lambda m: m.update(created_at="yesterday"), r"'created_at' is not a date and time"),
        (lambda m: m.update(with_passwords="yes"), r"'with_passwords' must be true or false"),
        (lambda m: m.update(format_version=True), r"'format_version' True is not a version"),
        (lambda m: m.update(files={}), r"'files' must be a list, not an object"),
        (lambda m: m["files"].append("x"), r"files\[1\] must be an object, not text"),
        (lambda m: m["files"][0].pop("sha256"), r"files\[0\] has no 'sha256'"),
        (lambda m: m["files"][0].update(size="12"), r"files\[0\]\.size must be a whole number"),
        (lambda m: m["files"][0].update(sha256="beef"), r"files\[0\]\.sha256 is not a SHA-256"),
        (lambda m: m["files"].append(m["files"][0]), r"files\[1\] names images/.* a second time"),
        (lambda m: m["models"].append(3), r"models\[\d+\] must be text, not a whole number"),
        (
            lambda m: m["models"].append("auth.permission"),
            r"models\[\d+\] 'auth\.permission' is not a",
        ),
        (lambda m: m["counts"].update({"auth.user": "1"}), r"counts\['auth\.user'\] must be a"),
        (lambda m: m["counts"].update({"auth.user": -1}), r"counts\['auth\.user'\] is negative"),
        (lambda m: m["migrations"].update(auth="0001"), r"migrations\['auth'\] must be a list"),
        (lambda m: m["missing_files"].append("../x.jpg"), r"missing_files\[0\] '\.\./x\.jpg'"),
    ],
)
def test_a_manifest_with_a_wrong_value_is_refused_naming_it(exported, change, message):
    edit_manifest(exported, change)
    assert_refused(exported, f"manifest.json: {message}")


def test_a_malformed_user_row_is_refused_naming_it(exported):
    (exported / "data" / "auth.user.jsonl").write_text('{"pk": "one", "fields": {}}\n')
    assert_refused(exported, r"auth\.user\.jsonl, row 1: a user row needs a whole-number pk")


def test_a_value_a_form_would_refuse_is_refused_naming_its_field(exported):
    edit_rows(
        exported, "authors.authorlink", lambda fields: fields.update(url="javascript:alert(1)")
    )
    assert_refused(
        exported,
        r"authors\.authorlink\.jsonl, row 1: url 'javascript:alert\(1\)': Enter a valid URL",
    )


# Rich text ------------------------------------------------------------------------------------


def test_restored_rich_text_is_sanitised_and_derived_fields_are_worked_out_again(exported, client):
    """Rows restored past save() are stored as save() would have stored them."""
    edit_rows(
        exported,
        "articles.article",
        lambda f: f.update(
            body=SCRIPT, body_text="crafted", excerpt="crafted", reading_time=99, live_text="lies"
        ),
    )
    edit_rows(exported, "articles.livepost", lambda f: f.update(body=SCRIPT))
    edit_rows(exported, "articles.articlerevision", lambda f: f["data"].update(body=SCRIPT))
    edit_rows(exported, "articles.livepostrevision", lambda f: f["data"].update(body=SCRIPT))
    edit_rows(exported, "articles.workingcopy", lambda f: f.update(data={"body": SCRIPT, "x": 1}))
    edit_rows(exported, "articles.taggedarticle", lambda f: f.update(listed_at=None))
    restore(exported)

    story = Article.objects.get()
    clean = richtext.sanitise(SCRIPT)
    assert "alert" not in clean and "<p>Hi </p>" in clean
    assert story.body == clean
    assert LivePost.objects.get().body == clean
    assert ArticleRevision.objects.get().data["body"] == clean
    assert LivePostRevision.objects.get().data["body"] == clean
    assert WorkingCopy.objects.get().data == {"body": clean}
    # What a save derives from the body: the same as a save of the restored story gives.
    assert story.live_text == LivePost.objects.filter(article=story).live_text() != "lies"
    derived = (story.body_text, story.excerpt, story.reading_time)
    story.save()
    assert derived == (story.body_text, story.excerpt, story.reading_time)
    assert story.body_text.startswith("Hi")
    assert list(TaggedArticle.objects.values_list("listed_at", flat=True)) == [story.published_at]

    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert b"alert" not in page.content and b"onerror" not in page.content
