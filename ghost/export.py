"""Reading a Ghost export: the file checked as a whole (depth, numbers, text the database
would refuse), then each record through readers that name it, and where it is, in every
error."""

import json
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime


class GhostImportError(Exception):
    pass


# A Ghost export is about six levels deep (posts' mobiledoc and lexical are strings).
MAX_DEPTH = 32
# Dates must survive conversion to any time zone (a reader's, the database's).
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def read_export(path: Path) -> dict:
    """The `data` part of an export file, whether or not it is wrapped in `db: [...]`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise GhostImportError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise GhostImportError(f"{path} is not a JSON file: {error}") from None
    try:
        document = json.loads(text, parse_int=_read_int, parse_constant=_refuse_constant)
    except RecursionError:
        raise GhostImportError(
            f"{path} is not a Ghost export: it is nested thousands of levels deep"
        ) from None
    except ValueError as error:
        raise GhostImportError(f"{path} is not a JSON file: {error}") from None
    _check_values(document, path)
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise GhostImportError(f"{path} is not a Ghost export: no data.posts list")
    return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _read_int(digits: str) -> int:
    if len(digits) > 30:  # Python refuses past 4,300 digits, and slowly
        raise ValueError(f"the number {digits[:12]}… has {len(digits)} digits")
    return int(digits)


def _check_values(document, path: Path) -> None:
    """Refuse what the database would choke on later, naming where it is in the file."""
    stack = [(document, ())]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            raise GhostImportError(
                f"{path} is not a Ghost export: {_path(where[:MAX_DEPTH])} is nested more than "
                f"{MAX_DEPTH} levels deep"
            )
        if isinstance(value, dict):
            stack.extend((item, (*where, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))
        elif isinstance(value, str):
            if "\x00" in value:
                raise GhostImportError(f"{_path(where)}: the text has a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise GhostImportError(
                    f"{_path(where)}: the text has a lone surrogate (a broken \\u escape)"
                ) from None


def _path(keys: tuple) -> str:
    """("db", 0, "data", "posts", 3) -> "db[0].data.posts[3]"."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else f".{key}" if text else str(key)
    return text or "the file"


def describe(value) -> str:
    """A JSON value as an error message shows it: short, and never its whole content."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


class Record:
    """One record of the export, with readers that name it (and where it is) in every error."""

    def __init__(self, kind: str, raw, where: str, *, identified: bool = True):
        self.where = where
        self.label = where
        if not isinstance(raw, dict):
            raise self.error(f"must be an object, not {describe(raw)}")
        self.raw = raw
        name = raw.get("slug") or raw.get("name")
        details = []
        if kind and isinstance(name, str) and name.strip():
            details.append(f'{kind} "{name.strip()[:60]}"')
            self.label = f"{where} ({', '.join(details)})"
        self.id = self.ident("id", required=identified)
        if self.id:
            details.append(f"id {self.id[:64]}")
            self.label = f"{where} ({', '.join(details)})"

    def error(self, message: str) -> GhostImportError:
        return GhostImportError(f"{self.label}: {message}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.error(f"{key} must be text, not {describe(value)}")
        if required and not value.strip():
            raise self.error(f"{key} is missing")
        return value.strip()

    def ident(self, key: str, *, required: bool = False) -> str:
        """A Ghost id: text, or a number in exports from before Ghost 1.0."""
        value = self.raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if value is not None and not isinstance(value, str):
            raise self.error(f"{key} must be an id (text), not {describe(value)}")
        if required and not (value or "").strip():
            raise self.error(f"has no {key}")
        return (value or "").strip()

    def number(self, key: str) -> int:
        """A whole number such as sort_order; missing counts as 0, as in Ghost."""
        value = self.raw.get(key)
        if value is None:
            return 0
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                pass
        raise self.error(f"{key} must be a whole number, not {describe(value)}")

    def time(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.text(key, required=required)
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.error(f"{key} {describe(value)} is not a date and time")
        try:
            parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError:
            parsed = None
        if parsed is None or not EARLIEST <= parsed <= LATEST:
            raise self.error(
                f"{key} {describe(value)}: year out of range (it must fall between the years "
                "1 and 9999 in every time zone)"
            )
        return parsed

    def validate(self, instance, exclude=()) -> None:
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=True)
        except ValidationError as error:
            details = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            raise self.error(details) from None


def refuse_duplicates(records: list[Record], what: str, key) -> None:
    first: dict[str, Record] = {}
    for record in records:
        if value := key(record):
            if value in first:
                raise record.error(f"has the same {what} as {first[value].label}")
            first[value] = record


def assign(instance, values: dict) -> bool:
    """Set `values` on `instance`; True if any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
