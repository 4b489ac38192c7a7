"""The apps' imports point one way (README, "Code layout"): read from the source with ast."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "media",
    "accounts",
    "operations",
    "authors",
    "articles",
    "public",
    "ghost",
    "demo",
    "backup",
    "newsroom",
)
# What each app may import from the project; everything else is a layering error.
ALLOWED = {
    "media": set(),
    "accounts": set(),
    # Heartbeats, readiness and `doctor`: at the bottom, so the scheduler, the desk and the
    # readiness view can all use it.
    "operations": set(),
    "authors": {"media", "operations"},
    "articles": {"media", "authors", "operations"},
    "public": {"media", "authors", "articles", "operations"},
    "ghost": {"media", "authors", "articles", "public", "operations"},
    "demo": {"media", "authors", "articles", "public", "operations"},
    # backup reads the content apps through the app registry, never by importing them.
    "backup": set(),
}


def project_imports(app: str) -> dict[str, set[str]]:
    """For each module of `app`, the project apps it imports (relative imports excluded)."""
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = {n for n in names if n in APPS and n != app}
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_imports_point_down_the_layers(app):
    wrong = {
        module: sorted(imported - ALLOWED[app])
        for module, imported in project_imports(app).items()
        if imported - ALLOWED[app]
    }
    assert wrong == {}


def test_no_app_imports_the_project_package():
    for app in ALLOWED:
        for module, imported in project_imports(app).items():
            assert "newsroom" not in imported, module


def test_the_checker_sees_imports(tmp_path):
    # Guards the test above against reading nothing: articles does import media and authors.
    assert {"media", "authors"} <= set().union(*project_imports("articles").values())
