"""Random damage to the sample export: the importer succeeds or says what is wrong, nothing else."""

import contextlib
import copy
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghost.importer import GhostImportError, import_ghost, read_export
from tests.ghost.exports import EXPORT, GHOST_URL

pytestmark = pytest.mark.django_db

SAMPLE = json.loads(EXPORT.read_text())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def places(value, path=()):
    """Every (container path, key) in the document, the root's children included."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield path, key
        yield from places(item, (*path, key))


PLACES = list(places(SAMPLE))


@st.composite
def damaged_exports(draw):
    document = copy.deepcopy(SAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        path, key = draw(st.sampled_from(PLACES))
        container = document
        try:
            for step in path:
                container = container[step]
            container[key]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier damage removed or replaced this place
        if isinstance(container, dict) and draw(st.booleans()):
            del container[key]
        else:
            original = container[key]
            container[key] = draw(json_values.filter(lambda v, o=original: type(v) is not type(o)))
    return document


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=damaged_exports())
def test_a_damaged_export_imports_or_fails_with_the_importers_error(tmp_path, document):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    with transaction.atomic():
        with contextlib.suppress(GhostImportError):
            import_ghost(read_export(path), ghost_url=GHOST_URL)
        transaction.set_rollback(True)  # each example starts from an empty site
