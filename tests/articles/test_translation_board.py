"""The translation board: every story by language (missing, in progress, published, taken
down, stale), filtered by state, newest first, a page at a time in a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import translation_board, workflow
from articles.models import Article
from tests.desk import change_url
from tests.factories import ArticleFactory, edition_of, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status
BOARD = reverse("admin:articles_article_translations")


def rows(html: str) -> list[str]:
    """Each row of the board as its text: the headline, then each language's cell."""
    body = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    found = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in found]


def cell(html: str, story: Article, language: str) -> str:
    """The markup of one story's cell in one language."""
    row = re.search(
        rf'<tr>\s*<th scope="row" class="board-story">\s*<a href="{change_url(story)}".*?</tr>',
        html,
        re.S,
    )
    found = re.search(rf'<td [^>]*data-language="{language}">(.*?)</td>', row.group(0), re.S)
    return found.group(1)


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def world(two_languages, edith):
    """Stories of each kind, newest first: one with no Ukrainian edition, one being translated
    (in review), one published in both and up to date, one published in both and stale, one
    whose Ukrainian edition was taken down, and one first written in Ukrainian."""
    missing = ready_article(title="Missing one", published_at=ago(1), status=S.PUBLISHED)
    in_progress = ready_article(title="In progress one", published_at=ago(2), status=S.PUBLISHED)
    workflow.submit(workflow.translate(in_progress, "uk", by=edith), by=edith)
    both = ready_article(title="Both one", published_at=ago(3), status=S.PUBLISHED)
    workflow.publish(workflow.translate(both, "uk", by=edith), by=edith)
    stale = ready_article(title="Stale one", published_at=ago(4), status=S.PUBLISHED)
    stale_uk = workflow.translate(stale, "uk", by=edith)
    workflow.publish(stale_uk, by=edith)
    stale.refresh_from_db()
    stale.title = "Stale one, rewritten"
    workflow.save_article(stale, by=edith, expected_version=stale.version)
    down = ready_article(title="Down one", published_at=ago(5), status=S.PUBLISHED)
    down_uk = workflow.translate(down, "uk", by=edith)
    workflow.publish(down_uk, by=edith)
    workflow.unpublish(down_uk, by=edith, reason="Legal")
    ukrainian = ArticleFactory(
        language="uk", title="Українська", published_at=ago(6), status=S.PUBLISHED
    )
    return {
        "missing": missing,
        "in_progress": in_progress,
        "both": both,
        "stale": stale,
        "stale_uk": stale_uk,
        "down": down,
        "ukrainian": ukrainian,
    }


def test_the_board_shows_every_story_by_language_newest_first(client, edith, world):
    client.force_login(edith)
    html = client.get(BOARD).content.decode()
    headlines = re.findall(r'class="board-story">\s*<a href="[^"]+">([^<]+)</a>', html)
    assert headlines == [
        "Missing one",
        "In progress one",
        "Both one",
        "Stale one, rewritten",
        "Down one",
        "Українська",
    ]
    assert "Missing" in cell(html, world["missing"], "uk")
    assert 'name="language" value="uk"' in cell(html, world["missing"], "uk")
    assert "original" in cell(html, world["missing"], "en")
    assert ">In review<" in cell(html, world["in_progress"], "uk")
    both = cell(html, world["both"], "uk")
    assert ">Published<" in both and "Stale" not in both
    stale = cell(html, world["stale"], "uk")
    assert ">Published<" in stale
    assert f'href="{change_url(world["stale_uk"])}?changes=1#source-changes"' in stale
    assert "Stale: see what changed" in stale
    assert ">Taken down<" in cell(html, world["down"], "uk")
    # A story first written in Ukrainian is missing in English.
    assert "original" in cell(html, world["ukrainian"], "uk")
    assert "Missing" in cell(html, world["ukrainian"], "en")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("missing", ["missing", "ukrainian"]),
        ("in_progress", ["in_progress"]),
        ("published", ["both", "stale"]),
        ("stale", ["stale"]),
    ],
)
def test_the_board_filters_by_state(client, edith, world, state, expected):
    client.force_login(edith)
    html = client.get(BOARD, {"state": state}).content.decode()
    shown = re.findall(r'class="board-story">\s*<a href="([^"]+)"', html)
    assert shown == [change_url(world[name]) for name in expected]
    assert f'href="?state={state}" aria-current="page"' in html


def test_an_empty_filter_says_so(client, edith, two_languages):
    ready_article(published=True)
    client.force_login(edith)
    html = client.get(BOARD, {"state": "stale"}).content.decode()
    assert "No edition is stale" in html and "<tbody>" not in html


@pytest.mark.parametrize("params", [{"state": "forgotten"}, {"language": "pl"}, {"state": "x\x00"}])
def test_a_filter_no_link_makes_is_a_400(client, edith, two_languages, params):
    client.force_login(edith)
    assert client.get(BOARD, params).status_code == 400


@pytest.mark.parametrize("number", ["2", "last", "0", "99", "x", "1e9"])
def test_any_page_number_shows_a_page(client, edith, two_languages, number):
    for n in range(translation_board.PER_PAGE + 3):
        ArticleFactory(title=f"Story number {n}")
    client.force_login(edith)
    response = client.get(BOARD, {"page": number})
    assert response.status_code == 200
    assert rows(response.content.decode())


def test_the_board_pages_through_every_story(client, edith, two_languages):
    stories = [
        ArticleFactory(title=f"Story number {n}") for n in range(translation_board.PER_PAGE + 3)
    ]
    client.force_login(edith)
    first = client.get(BOARD).content.decode()
    second = client.get(BOARD, {"page": "2"}).content.decode()
    assert len(rows(first)) == translation_board.PER_PAGE and len(rows(second)) == 3
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    shown = rows(first) + rows(second)
    assert [r.split(" English")[0].rsplit(" Section", 1)[0] for r in shown] == [
        s.title for s in reversed(stories)
    ]


def test_the_board_costs_the_same_queries_for_few_and_many_stories(
    client, edith, two_languages, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            story = ready_article(published=True, tags=["Kyiv"])
            edition = workflow.translate(story, "uk", by=edith)
            if n % 2:
                workflow.publish(edition, by=edith)

    client.force_login(edith)
    add(2)
    with django_assert_max_num_queries(12) as few:
        client.get(BOARD)
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(BOARD, {"state": "published"})
    assert len(rows(response.content.decode())) == 16


def test_a_writer_sees_the_stories_they_may_open_and_nothing_of_others_drafts(
    client, two_languages, edith
):
    olena = writer(username="olena")
    wanda = writer(username="wanda")
    published = ready_article(title="Harbour reopens", published=True)
    edition_of(published, title="Таємна чернетка Ванди", created_by=wanda)
    mine = ready_article(title="My own draft", created_by=olena)
    ready_article(title="Wanda's secret draft", created_by=wanda)
    client.force_login(olena)
    html = client.get(BOARD).content.decode()
    assert [r.split(" Section")[0] for r in rows(html)] == ["My own draft", "Harbour reopens"]
    assert "Being translated" in cell(html, published, "uk")
    assert "Таємна чернетка" not in html and "secret draft" not in html
    assert 'name="language" value="uk"' in cell(html, mine, "uk")
    # Filtering tells no more: a filter that only another writer's draft would match is empty.
    assert rows(client.get(BOARD, {"state": "missing"}).content.decode()) == [rows(html)[0]]


def test_translate_from_the_board_opens_the_edition_or_comes_back(client, edith, two_languages):
    story = ready_article(published=True)
    client.force_login(edith)
    response = client.post(
        reverse("admin:articles_article_translate", args=[story.pk]),
        {"language": "uk", "from": "board"},
    )
    assert response["Location"] == change_url(Article.objects.get(language="uk"))
    refused = client.post(
        reverse("admin:articles_article_translate", args=[story.pk]),
        {"language": "pl", "from": "board"},
    )
    assert refused["Location"] == BOARD


def test_the_inbox_and_the_story_list_lead_to_the_board(client, edith, two_languages):
    client.force_login(edith)
    assert f'href="{BOARD}"' in client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:articles_article_changelist")
    assert f'href="{BOARD}"' in client.get(changelist).content.decode()
