"""export_site writes archives only their owner can read (they hold users' addresses, and
with --with-passwords password hashes), and says clearly when it cannot write at all."""

import os
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("name", ["site.tar", "site.tar.gz", "site.tgz", "site.tar.xz"])
def test_an_exported_tar_is_readable_by_its_owner_only(tmp_path, umask_022, name):
    factories.ready_article(published=True)
    call_command("export_site", str(tmp_path / name), "--with-passwords", stdout=StringIO())
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    with tarfile.open(tmp_path / name) as tar:
        assert {member.mode for member in tar.getmembers()} == {0o600}


def test_an_exported_folder_is_readable_by_its_owner_only(tmp_path, umask_022):
    factories.ready_article(published=True)
    call_command("export_site", str(tmp_path / "out"), "--with-passwords", stdout=StringIO())
    modes = {
        str(path.relative_to(tmp_path)): path.stat().st_mode & 0o777
        for path in (tmp_path / "out").rglob("*")
    }
    assert {mode for name, mode in modes.items() if name.endswith((".json", ".jsonl", ".jpg"))} == {
        0o600
    }
    assert modes["out/data"] == modes["out/files"] == 0o700
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700


class nobody:
    """Drop root's power to write anywhere for the block (tests may run as root, for whom a
    folder's permissions mean nothing)."""

    def __enter__(self):
        self.was_root = os.geteuid() == 0
        if self.was_root:
            os.seteuid(65534)

    def __exit__(self, *exc):
        if self.was_root:
            os.seteuid(0)


@pytest.mark.parametrize("name", ["site.tar.gz", "out"])
def test_export_into_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, name):
    factories.ArticleFactory(published=True)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    with nobody(), pytest.raises(CommandError, match=r"Cannot write the archive at .*Permission"):
        call_command("export_site", str(locked / name), stdout=StringIO())
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("name", ["site.tar", "out"])
def test_export_below_a_file_is_a_clear_error(tmp_path, name):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(CommandError, match=r"Cannot write the archive at .*Not a directory"):
        call_command("export_site", str(tmp_path / "file" / name), stdout=StringIO())
