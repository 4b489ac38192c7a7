"""The export archive as files: a tar file (optionally compressed) or a plain folder.

Both hold the same names: `manifest.json`, `data/<app>.<model>.jsonl` and `files/<sha256>.<ext>`.
Reading never extracts to disk, so a crafted archive cannot write outside anything, and it
reads only plain files: a link (symbolic or hard, in a folder or a tar) is refused, so an
archive cannot hand over a file from elsewhere on the machine. What is written is readable by
its owner only (0600): an export holds users' addresses, and password hashes if asked.
"""

import io
import os
import stat
import tarfile
import time
from pathlib import Path, PurePosixPath

TAR_SUFFIXES = {".tar": "w", ".tgz": "w:gz", ".gz": "w:gz", ".xz": "w:xz", ".bz2": "w:bz2"}
FILE_MODE = 0o600
FOLDER_MODE = 0o700
ONLY_PLAIN_FILES = "an export holds only plain files"


class ArchiveError(Exception):
    pass


def name_problem(name) -> str | None:
    """What makes `name` unfit to name a file inside a folder, or None."""
    if not isinstance(name, str) or not name.strip("/"):
        return "it is empty"
    if "\x00" in name:
        return "it holds a NUL character"
    if "\\" in name:
        return "it holds a backslash"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "it holds a control character"
    path = PurePosixPath(name)
    if path.is_absolute():
        return "it is an absolute path"
    if ".." in path.parts:
        return "it climbs out of its folder with '..'"
    return None


def safe_name(name: str) -> str:
    problem = name_problem(name)
    if problem:
        raise ArchiveError(f"Unsafe name in archive: {name!r} ({problem}).")
    return str(PurePosixPath(name))


def _cannot_write(path: Path, error: OSError) -> ArchiveError:
    reason = error.strerror or type(error).__name__
    return ArchiveError(
        f"Cannot write the archive at {path} ({reason}): choose a folder you can write to."
    )


class TarWriter:
    def __init__(self, path: Path):
        try:
            # Created 0600 from the start (no moment when others may read it), and never over
            # an existing file.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            raise ArchiveError(f"{path} exists; choose a new name.") from None
        except OSError as error:
            raise _cannot_write(path, error) from error
        self._path = path
        # Held open across add() calls and closed by close(): no `with` block fits.
        self._file = os.fdopen(descriptor, "wb")
        self._tar = tarfile.open(fileobj=self._file, mode=TAR_SUFFIXES[path.suffix])  # noqa: SIM115

    def add(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(safe_name(name))
        info.size, info.mtime, info.mode = len(data), int(time.time()), FILE_MODE
        try:
            self._tar.addfile(info, io.BytesIO(data))
        except OSError as error:
            raise _cannot_write(self._path, error) from error

    def close(self) -> None:
        try:
            self._tar.close()  # writes the end of the archive (and of its compression)
        except OSError as error:
            raise _cannot_write(self._path, error) from error
        finally:
            self._file.close()


class FolderWriter:
    def __init__(self, path: Path):
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise ArchiveError(f"{path} is not empty; export into a new folder.")
        try:
            path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        except OSError as error:
            raise _cannot_write(path, error) from error
        self._root = path

    def add(self, name: str, data: bytes) -> None:
        target = self._root / safe_name(name)
        try:
            target.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            with os.fdopen(os.open(target, flags, FILE_MODE), "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise _cannot_write(self._root, error) from error

    def close(self) -> None:
        pass


def writer_for(path: Path):
    """A tar file when the name ends in .tar (.tar.gz, .tgz, .tar.xz…), else a folder."""
    try:
        if path.suffix in TAR_SUFFIXES and (
            path.suffix in (".tar", ".tgz") or ".tar" in path.suffixes
        ):
            if path.exists():
                raise ArchiveError(f"{path} exists; choose a new name.")
            return TarWriter(path)
        return FolderWriter(path)
    except OSError as error:  # a folder on the way that cannot be looked into
        raise _cannot_write(path, error) from error


def _cannot_read(name: str, error: OSError) -> ArchiveError:
    return ArchiveError(f"Cannot read {name} in the archive ({error.strerror}).")


def _too_large(name: str, limit: int) -> ArchiveError:
    return ArchiveError(f"{name} in the archive is larger than the {limit} bytes it may be.")


class TarReader:
    def __init__(self, path: Path):
        try:
            self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by close()
            members = self._tar.getmembers()
        except (tarfile.TarError, EOFError, OSError) as error:
            raise ArchiveError(f"{path} is not a readable tar archive ({error}).") from error
        try:
            self._members = self._plain_files(members)
        except ArchiveError:
            self._tar.close()
            raise

    @staticmethod
    def _plain_files(members) -> dict:
        found = {}
        for member in members:
            name = safe_name(member.name)
            if member.isdir():
                continue
            if member.issym() or member.islnk():
                kind = "symbolic link" if member.issym() else "hard link"
                raise ArchiveError(
                    f"{name} in the archive is a {kind} to {member.linkname!r}; {ONLY_PLAIN_FILES}."
                )
            if not member.isfile():
                raise ArchiveError(
                    f"{name} in the archive is a device or a pipe; {ONLY_PLAIN_FILES}."
                )
            if name in found:
                raise ArchiveError(f"{name} is in the archive twice.")
            found[name] = member
        return found

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """The file's bytes; with `limit`, refused unread when it is larger."""
        member = self._members.get(name)
        if member is None:
            raise ArchiveError(f"The archive has no {name}.")
        if limit is not None and member.size > limit:
            raise _too_large(name, limit)
        return self._tar.extractfile(member).read()

    def close(self) -> None:
        self._tar.close()


class FolderReader:
    def __init__(self, path: Path):
        self._root = path

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """The file's bytes; with `limit`, refused unread when it is larger."""
        target = self._root
        # Each step below the archive's folder is looked at itself (lstat), never followed.
        for part in PurePosixPath(safe_name(name)).parts:
            target = target / part
            try:
                info = target.lstat()
            except FileNotFoundError:
                raise ArchiveError(f"The archive has no {name}.") from None
            except OSError as error:
                raise _cannot_read(name, error) from None
            if stat.S_ISLNK(info.st_mode):
                raise ArchiveError(
                    f"{name} in the archive is a symbolic link ({target.relative_to(self._root)} "
                    f"points to {os.readlink(target)!r}); {ONLY_PLAIN_FILES}."
                )
        if not stat.S_ISREG(info.st_mode):
            raise ArchiveError(f"The archive has no {name} (not a plain file there).")
        if info.st_nlink > 1:
            raise ArchiveError(
                f"{name} in the archive is a hard link (one of {info.st_nlink} names of the "
                f"same file); {ONLY_PLAIN_FILES}: copy the folder with `cp -r` and import the copy."
            )
        if limit is not None and info.st_size > limit:
            raise _too_large(name, limit)
        try:
            descriptor = os.open(target, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(descriptor, "rb") as handle:
                data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as error:
            raise _cannot_read(name, error) from None
        if limit is not None and len(data) > limit:  # grew since it was looked at
            raise _too_large(name, limit)
        return data

    def close(self) -> None:
        pass


def reader_for(path: Path):
    if path.is_dir():
        return FolderReader(path)
    if path.is_file():
        return TarReader(path)
    raise ArchiveError(f"No archive at {path}.")
