"""The apps' imports point one way (docs/architecture.md, "Code layout"): read from the source
with ast.

So do the names they spell out: a dotted string naming an app ("articles.Article.lead_image",
"articles.publish_article") couples as an import does, so a lower app may not name an upper
one; it learns what it needs through a registration the upper app makes at startup.
"""

import ast
import re
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
    # accounts only to tell it who the editors are (articles.apps registers the check).
    "articles": {"media", "authors", "operations", "accounts"},
    "public": {"media", "authors", "articles", "operations"},
    "ghost": {"media", "authors", "articles", "public", "operations"},
    "demo": {"media", "authors", "articles", "public", "operations"},
    # backup reads the content apps through the app registry, never by importing them.
    "backup": set(),
}


# The apps a module may name in a dotted string: those it may import, and its own. backup
# reads the content apps through the app registry, never by importing them: by name.
NAMED = {app: {app, *allowed} for app, allowed in ALLOWED.items()}
NAMED["backup"] |= {"media", "authors", "articles"}
# A whole string that is a dotted name starting with an app: "public.views", "media.Image".
DOTTED_NAME = re.compile(rf"^({'|'.join(APPS)})\.[A-Za-z_]\w*(\.\w+)*$")


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


def named_apps(app: str) -> dict[str, set[str]]:
    """For each module of `app` (migrations included), the apps its dotted strings name."""
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        found[str(path.relative_to(ROOT))] = {
            match[1]
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (match := DOTTED_NAME.match(node.value))
        }
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_imports_point_down_the_layers(app):
    wrong = {
        module: sorted(imported - ALLOWED[app])
        for module, imported in project_imports(app).items()
        if imported - ALLOWED[app]
    }
    assert wrong == {}


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_dotted_names_point_down_the_layers(app):
    wrong = {
        module: sorted(named - NAMED[app])
        for module, named in named_apps(app).items()
        if named - NAMED[app]
    }
    assert wrong == {}


def test_the_settings_import_no_app():
    # Settings name apps as data (INSTALLED_APPS, middleware paths); importing one from
    # settings would load it before Django is set up.
    tree = ast.parse((ROOT / "newsroom" / "settings.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported & set(APPS) <= {"newsroom"}


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_migrations_fill_data_with_their_own_models(app):
    # A migration's data code runs with the models as they were then (apps.get_model) and its
    # own copy of what it needs: model code moves and changes, old migrations must not.
    wrong = []
    for path in (ROOT / app).glob("migrations/0*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        for node in (inner for function in functions for inner in ast.walk(function)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            wrong += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in APPS and "models" in name.split(".")
            ]
    assert wrong == []


def test_no_app_imports_the_project_package():
    for app in ALLOWED:
        for module, imported in project_imports(app).items():
            assert "newsroom" not in imported, module


def test_the_checker_sees_imports(tmp_path):
    # Guards the test above against reading nothing: articles does import media and authors.
    assert {"media", "authors"} <= set().union(*project_imports("articles").values())


def test_the_checker_sees_dotted_names():
    # …and the names: public's purges name models of articles, authors and media.
    assert {"articles", "authors", "media"} <= named_apps("public")["public/invalidation.py"]
    assert DOTTED_NAME.match("articles.publish_article")
    assert not DOTTED_NAME.match("See articles.blocks for the embeds.")


def test_no_test_module_imports_another():
    """What tests share lives in fixtures (conftest.py) or in support modules (factories.py,
    desk.py, browser/pages.py…), never in another test module or a conftest: importing one
    runs its tests' module code twice and ties unrelated tests together."""
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                last = name.rsplit(".", 1)[-1]
                if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_no_module_grows_past_six_hundred_lines():
    """A module that keeps growing becomes a package of small modules behind the same import
    (articles.workflow, articles.models, public.pagecache did); migrations are written once."""
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in ROOT.rglob("*.py")
        if not {".venv", "migrations", "node_modules"} & set(path.relative_to(ROOT).parts)
        and (lines := path.read_text().count("\n")) > 600
    ]
    assert long == []
