"""What import_site checks before it writes anything: the whole manifest, every name, every file.

An archive may come from anywhere (an old server, a colleague's laptop, someone hostile), so
nothing in it is taken on trust: the manifest must have the shape export_site writes, every
stored name must stay inside the media library's folder, and every original must be a file the
library itself accepts on upload (media.uploads: its formats, size cap and pixel cap), asked
through the media app's config (backup imports no app).
"""

import hashlib
import re
from datetime import datetime
from pathlib import PurePosixPath

from django.apps import apps
from django.core.exceptions import ValidationError

from .archive import name_problem


class ImportRefused(Exception):
    pass


# Every key export_site writes (format version 1 has always written them all), and its type.
MANIFEST_KEYS = {
    "format": str,
    "format_version": int,
    "created_at": str,
    "django_version": str,
    "app_version": str,
    "database": str,
    "with_passwords": bool,
    "migrations": dict,
    "models": list,
    "counts": dict,
    "files": list,
    "missing_files": list,
}
FILE_KEYS = {"name": str, "archive": str, "sha256": str, "size": int}
KINDS = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    dict: "an object",
    list: "a list",
    float: "a number",
    type(None): "null",
}
SHA256 = re.compile(r"[0-9a-f]{64}")


def _refused(where: str, problem: str) -> ImportRefused:
    return ImportRefused(f"manifest.json: {where} {problem}.")


def _expect(value, kind: type, where: str):
    # `type() is`, not isinstance: true is not a number, 1 is not true.
    if type(value) is not kind:
        found = KINDS.get(type(value), type(value).__name__)
        raise _refused(where, f"must be {KINDS[kind]}, not {found}")
    return value


def check_manifest(manifest: dict, *, known_models: set[str]) -> None:
    """Refuse a manifest that export_site could not have written, at its first fault."""
    for key, kind in MANIFEST_KEYS.items():
        if key not in manifest:
            raise ImportRefused(
                f"manifest.json has no {key!r}: this is not a whole export_site archive."
            )
        _expect(manifest[key], kind, repr(key))
    try:
        datetime.fromisoformat(manifest["created_at"])
    except ValueError:
        raise _refused("'created_at'", "is not a date and time") from None
    for app, names in manifest["migrations"].items():
        for number, name in enumerate(_expect(names, list, f"migrations[{app!r}]")):
            _expect(name, str, f"migrations[{app!r}][{number}]")
    for number, model_label in enumerate(manifest["models"]):
        _expect(model_label, str, f"models[{number}]")
        if model_label not in known_models:
            raise _refused(f"models[{number}] {model_label!r}", "is not a model this site restores")
    if len(set(manifest["models"])) != len(manifest["models"]):
        raise _refused("'models'", "names a model twice")
    for model_label, count in manifest["counts"].items():
        where = f"counts[{model_label!r}]"
        if model_label not in manifest["models"]:
            raise _refused(where, "counts a model that 'models' does not list")
        if _expect(count, int, where) < 0:
            raise _refused(where, "is negative")
    names: set[str] = set()
    for number, entry in enumerate(manifest["files"]):
        _check_file_entry(_expect(entry, dict, f"files[{number}]"), f"files[{number}]")
        if entry["name"] in names:
            raise _refused(f"files[{number}]", f"names {entry['name']} a second time")
        names.add(entry["name"])
    for number, name in enumerate(manifest["missing_files"]):
        problem = stored_name_problem(_expect(name, str, f"missing_files[{number}]"))
        if problem:
            raise _refused(f"missing_files[{number}] {name!r}", f"is refused: {problem}")


def _check_file_entry(entry: dict, where: str) -> None:
    for key, kind in FILE_KEYS.items():
        if key not in entry:
            raise _refused(where, f"has no {key!r}")
        _expect(entry[key], kind, f"{where}.{key}")
    name, size = entry["name"], entry["size"]
    problem = stored_name_problem(name)
    if problem:
        raise _refused(f"{where}.name {name!r}", f"is refused: {problem}")
    if not SHA256.fullmatch(entry["sha256"]):
        raise _refused(f"{where}.sha256", "is not a SHA-256 in hex")
    archive = f"files/{entry['sha256']}{PurePosixPath(name).suffix}"
    if entry["archive"] != archive:
        raise _refused(f"{where}.archive {entry['archive']!r}", f"must be {archive!r}")
    limit = apps.get_app_config("media").max_original_bytes()
    if not 0 < size <= limit:
        raise _refused(
            f"{where} ({name})",
            f"is {size} bytes; the media library takes files of 1 to {limit} bytes",
        )


def stored_name_problem(name: str) -> str | None:
    """What keeps `name` from being an original's name in media storage, or None."""
    return name_problem(name) or apps.get_app_config("media").original_name_problem(name)


def checked_files(reader, manifest: dict) -> dict[str, bytes]:
    """Stored name → bytes for every original: its hash as recorded, and a file the media
    library would accept on upload, named for what it really is."""
    media = apps.get_app_config("media")
    files: dict[str, bytes] = {}
    for entry in manifest["files"]:
        name, archive = entry["name"], entry["archive"]
        data = reader.read(archive, limit=entry["size"])
        if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ImportRefused(f"{archive} is damaged: its SHA-256 does not match.")
        try:
            media.check_original(name, data)
        except ValidationError as error:
            raise ImportRefused(
                f"{archive} ({name}) is refused, as the media library would refuse it on "
                f"upload: {' '.join(error.messages)}"
            ) from None
        files[name] = data
    return files


def check_row(instance) -> None:
    """The checks a form or an importer makes on each value (addresses, slugs, lengths,
    choices), which a raw insert skips; a ValidationError naming the field."""
    for field in instance._meta.concrete_fields:
        if field.is_relation:
            continue
        value = field.value_from_object(instance)
        if value in field.empty_values:
            continue
        try:
            if field.choices:
                field.validate(value, instance)
            field.run_validators(value)
        except ValidationError as error:
            raise ValidationError(f"{field.name} {value!r}: {' '.join(error.messages)}") from None
