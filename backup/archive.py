"""The export archive as files: a tar file (optionally compressed) or a plain folder.

Both hold the same names: `manifest.json`, `data/<app>.<model>.jsonl` and `files/<sha256>.<ext>`.
Reading never extracts to disk, so a crafted archive cannot write outside anything.
"""

import io
import tarfile
import time
from pathlib import Path, PurePosixPath

TAR_SUFFIXES = {".tar": "w", ".tgz": "w:gz", ".gz": "w:gz", ".xz": "w:xz", ".bz2": "w:bz2"}


class ArchiveError(Exception):
    pass


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveError(f"Unsafe name in archive: {name!r}")
    return str(path)


class TarWriter:
    def __init__(self, path: Path):
        # Held open across add() calls and closed by close(): no `with` block fits.
        self._tar = tarfile.open(path, TAR_SUFFIXES[path.suffix])  # noqa: SIM115

    def add(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(_safe_name(name))
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
        self._tar.addfile(info, io.BytesIO(data))

    def close(self) -> None:
        self._tar.close()


class FolderWriter:
    def __init__(self, path: Path):
        if path.exists() and any(path.iterdir()):
            raise ArchiveError(f"{path} is not empty; export into a new folder.")
        self._root = path

    def add(self, name: str, data: bytes) -> None:
        target = self._root / _safe_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def close(self) -> None:
        pass


def writer_for(path: Path):
    """A tar file when the name ends in .tar (.tar.gz, .tgz, .tar.xz…), else a folder."""
    if path.suffix in TAR_SUFFIXES and (path.suffix in (".tar", ".tgz") or ".tar" in path.suffixes):
        if path.exists():
            raise ArchiveError(f"{path} exists; choose a new name.")
        return TarWriter(path)
    return FolderWriter(path)


class TarReader:
    def __init__(self, path: Path):
        try:
            self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by close()
            self._members = {_safe_name(m.name): m for m in self._tar.getmembers() if m.isfile()}
        except (tarfile.TarError, EOFError, OSError) as error:
            raise ArchiveError(f"{path} is not a readable tar archive ({error}).") from error

    def read(self, name: str) -> bytes:
        member = self._members.get(name)
        if member is None:
            raise ArchiveError(f"The archive has no {name}.")
        return self._tar.extractfile(member).read()

    def close(self) -> None:
        self._tar.close()


class FolderReader:
    def __init__(self, path: Path):
        self._root = path

    def read(self, name: str) -> bytes:
        target = self._root / _safe_name(name)
        if not target.is_file():
            raise ArchiveError(f"The archive has no {name}.")
        return target.read_bytes()

    def close(self) -> None:
        pass


def reader_for(path: Path):
    if path.is_dir():
        return FolderReader(path)
    if path.is_file():
        return TarReader(path)
    raise ArchiveError(f"No archive at {path}.")
