"""The rendered pages are valid HTML, as the W3C's Nu Html Checker (vnu.jar) judges them.

scripts/vnu installs the checker from npm on first use; it runs offline on Java. CI (CI=true)
must have both, so there a missing checker fails the test instead of skipping it.
"""

import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles import workflow
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    editor,
    ready_article,
)

pytestmark = [pytest.mark.html_validator, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


def vnu_jar() -> str:
    problem = None
    if not shutil.which("java"):
        problem = "Java is missing (apt-get install default-jre-headless)"
    else:
        try:
            found = subprocess.run(
                [ROOT / "scripts" / "vnu"], capture_output=True, text=True, timeout=600
            )
        except OSError as error:
            found, problem = None, str(error)
        if found is not None and found.returncode != 0:
            problem = found.stderr.strip() or "scripts/vnu failed"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"The HTML checker is needed in CI: {problem}")
        pytest.skip(problem)
    return found.stdout.strip()


def validate(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", vnu_jar(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_every_kind_of_page_is_valid_html(client, tmp_path):
    section = SectionFactory(name="World", slug="world")
    author = AuthorFactory(name="Nate Ostiller", slug="nate", avatar=ImageFactory())
    now = timezone.now()
    story = ready_article(
        status="published",
        published_at=now - timedelta(minutes=3),
        section=section,
        authors=[author],
        tags=["Energy"],
        body="<p>First.</p><ul><li>One</li><li>Two</li></ul><blockquote><p>Quote</p></blockquote>",
    )
    ArticleFactory(
        published=True,
        title="Meridian latest: talks resume",
        dek="",
        body="<p>Key developments on Nov. 5:</p><ul><li>Talks resume</li><li>Grid holds</li></ul>",
        section=section,
    )
    live = ready_article(status="published", published_at=now - timedelta(hours=2), section=section)
    boss = editor()
    workflow.start_coverage(live, by=boss)
    for n in range(3):
        post = workflow.add_live_post(
            live, by=None, author=author, body=f"<p>Update {n}</p>", headline=f"Headline {n}"
        )
    workflow.edit_live_post(post, by=boss, is_key_event=True, is_pinned=True)
    picture = ImageFactory(credit="Anna Fedorova/Meridian")
    workflow.add_live_post(
        live,
        by=None,
        body=f'<p>Crews.</p><figure data-block="image" data-image="{picture.pk}"></figure>',
    )
    # A live story with no key event yet: its key-events list waits, hidden, for the first.
    quiet = ready_article(status="published", published_at=now - timedelta(hours=1))
    workflow.start_coverage(quiet, by=boss)
    workflow.add_live_post(quiet, by=None, body="<p>Quiet so far.</p>")
    for n in range(25):
        ArticleFactory(published=True, published_at=now - timedelta(hours=3, minutes=n))
    pages = {
        "home": "/",
        "article": story.get_absolute_url(),
        "live": live.get_absolute_url(),
        "live-quiet": quiet.get_absolute_url(),
        "tag": "/tags/energy/",
        "section": "/sections/world/",
        "author": "/authors/nate/",
        "search": "/search/?q=council",
        "not-found": "/no-such-page/",
        "news-feed": "/news-feed/",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not-found" else 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)

    errors = validate(files)

    assert [
        f"{Path(e.get('url', '')).stem}:{e.get('lastLine')}: {e['message']}" for e in errors
    ] == []
