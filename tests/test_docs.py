"""The guides keep up with the code: every environment variable the settings and gunicorn read
is documented, every relative link leads somewhere, and the README stays short."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION = ROOT / "docs" / "configuration.md"
GUIDES = sorted((ROOT / "docs").glob("*.md"))
README_MAX_LINES = 200


def _is_environ(node: ast.AST) -> bool:
    """`os.environ`, or `environ` imported from os."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ"


def _is_reader(func: ast.AST, helpers: set[str]) -> bool:
    """A call target that reads a variable: os.environ.get, os.getenv or a helper that does."""
    if isinstance(func, ast.Name):
        return func.id in helpers
    if isinstance(func, ast.Attribute):
        if func.attr == "get" and _is_environ(func.value):
            return True
        return func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os"
    return False


def environment_helpers(tree: ast.Module) -> set[str]:
    """The module's own functions that read the environment (env_bool, env_seconds, …): those
    that touch os.environ, and those that call one of them, found by reading the source."""
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    helpers: set[str] = set()
    while True:
        found = {
            name
            for name, function in functions.items()
            if any(
                _is_environ(node) or (isinstance(node, ast.Call) and _is_reader(node.func, helpers))
                for node in ast.walk(function)
            )
        }
        if found == helpers:
            return helpers
        helpers = found


def environment_variables(path: Path) -> set[str]:
    """Every variable `path` reads by name, directly or through one of its helpers."""
    tree = ast.parse(path.read_text(), filename=str(path))
    helpers = environment_helpers(tree)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_reader(node.func, helpers) and node.args:
            first = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            first = node.slice
        else:
            continue
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


SETTINGS = ROOT / "newsroom" / "settings.py"
GUNICORN = ROOT / "gunicorn.conf.py"
SETTINGS_VARIABLES = sorted(environment_variables(SETTINGS))
GUNICORN_VARIABLES = sorted(environment_variables(GUNICORN))


def test_the_finder_sees_every_way_the_settings_read_a_variable():
    # One variable per helper: a helper the finder missed would hide all of its variables.
    helpers = environment_helpers(ast.parse(SETTINGS.read_text()))
    assert {"env_bool", "env_int", "env_list", "env_seconds"} <= helpers
    assert {
        "DJANGO_SECRET_KEY",  # os.environ.get
        "DJANGO_DEBUG",  # env_bool
        "PAGE_CACHE_SECONDS",  # env_int
        "DATABASE_REPLICA_URLS",  # env_list
        "PAGE_CACHE_LOCAL_SECONDS",  # env_seconds
        "DATABASE_STATEMENT_TIMEOUT",  # env_int inside database()
    } <= set(SETTINGS_VARIABLES)
    # And a plain reading of the text finds nothing the finder did not.
    by_text = re.findall(
        r'\w*(?:env|environ\.get|getenv)\w*\(\s*"([A-Z][A-Z0-9_]+)"', SETTINGS.read_text()
    )
    assert set(by_text) <= set(SETTINGS_VARIABLES)


def test_the_finder_sees_gunicorns_variables():
    assert {"GUNICORN_WORKERS", "FORWARDED_ALLOW_IPS", "GUNICORN_ACCESS_LOG"} <= set(
        GUNICORN_VARIABLES
    )


@pytest.mark.parametrize("name", SETTINGS_VARIABLES + GUNICORN_VARIABLES)
def test_configuration_guide_documents_every_variable(name):
    assert f"`{name}`" in CONFIGURATION.read_text(), f"docs/configuration.md lacks `{name}`"


@pytest.mark.parametrize("name", SETTINGS_VARIABLES)
def test_env_example_lists_every_settings_variable(name):
    text = (ROOT / ".env.example").read_text()
    assert re.search(rf"^#?\s*{name}=", text, re.MULTILINE), f".env.example lacks {name}="


def _links(path: Path) -> list[str]:
    """The targets of a Markdown file's links and images, code blocks and spans left out."""
    text = re.sub(r"^```.*?^```", "", path.read_text(), flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors for a Markdown file's headings."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", path.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("document", [ROOT / "README.md", *GUIDES], ids=lambda p: p.name)
def test_relative_links_lead_to_files_that_exist(document):
    broken = []
    for target in _links(document):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists() or (
            anchor and linked.suffix == ".md" and anchor not in _anchors(linked)
        ):
            broken.append(target)
    assert broken == [], f"{document.name}: {broken}"


def test_guides_exist_and_readme_links_each_of_them():
    assert {guide.stem for guide in GUIDES} >= {
        "operations",
        "configuration",
        "desk",
        "security",
        "performance",
        "architecture",
    }
    readme = _links(ROOT / "README.md")
    assert [guide.name for guide in GUIDES if f"docs/{guide.name}" not in readme] == []


def test_readme_stays_short():
    lines = (ROOT / "README.md").read_text().count("\n")
    assert lines < README_MAX_LINES, f"README.md has {lines} lines; the guides are in docs/"
