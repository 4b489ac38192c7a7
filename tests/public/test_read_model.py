"""The read model's shape, read from the source: its answers are frozen dataclasses, the SQL
that is not the ORM is in one module, templates name pictures by purpose, and no module grows
past what a reader can hold."""

import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from media import pictures
from media.specs import ADMIN_SPECS, PICTURE_SPECS, SHARE
from public.reading import body, cardstore, data

ROOT = Path(__file__).resolve().parent.parent.parent


def sources(*folders: str) -> dict[Path, str]:
    return {
        path: path.read_text()
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    }


@pytest.mark.parametrize("module", [data, pictures, body])
def test_the_read_models_answers_are_frozen(module):
    found = [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and dataclasses.is_dataclass(value)
        if value.__module__ == module.__name__
    ]
    assert found
    for answer in found:
        assert answer.__dataclass_params__.frozen, answer


READ_PATH_MEDIA = ("models.py", "pictures.py", "renditions.py", "specs.py")


def test_nothing_on_the_read_path_writes_onto_an_instance():
    read_path = {
        path: source
        for path, source in sources("public", "media").items()
        # media's desk modules (admin, chooser) are not on it.
        if path.parts[-2] != "media" or path.name in READ_PATH_MEDIA
    }
    assert any(path.name == "pictures.py" for path in read_path)
    for path, source in read_path.items():
        for written in ("__dict__[", "__dict__.update", "setattr(", "ModelState", "__new__("):
            assert written not in source, (path, written)


def test_the_sql_that_is_not_the_orm_is_run_through_one_door():
    """Written-out statements live in the public.reading.sql package and run only through its
    `read()` (sql/door.py)."""
    for path, source in sources("public", "media").items():
        if path.parts[-3:] == ("reading", "sql", "door.py"):
            continue
        statements = re.findall(r"\.execute\(|\bcursor\(\)|\.raw\(", source)
        assert statements == [], path


def test_templates_name_pictures_by_purpose_not_by_spec():
    specs = {*PICTURE_SPECS, SHARE, *ADMIN_SPECS}
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert not [spec for spec in specs if spec in text], path


def test_no_card_version_is_bumped_by_hand():
    for path, source in sources("public", "media").items():
        assert "CARD_VERSION" not in source, path
    assert re.fullmatch(r"[0-9a-f]{16}", cardstore.RENDERER)
