"""The desk's story list searches headline, standfirst, text, tags and bylines through the
stories' search index, with the status and section filters, among what the user may open."""

import re
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, editor, writer

pytestmark = pytest.mark.django_db
S = Article.Status
LIST = reverse("admin:articles_article_changelist")


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(story.title for story in response.context["cl"].result_list)


@pytest.fixture
def desk(client):
    client.force_login(editor())
    return client


@pytest.fixture
def stories():
    world = SectionFactory(name="World", slug="world")
    # The factory's standfirst has words of its own ("shelters"): these stories have none.
    story = partial(ArticleFactory, dek="")
    return {
        "body": story(
            title="Grain deal extended",
            body="<p>Ships leave Odesa with wheat.</p>",
            published=True,
            section=world,
        ),
        "tag": story(title="Ports reopen", tags=["Чорне море"]),
        "byline": story(
            title="Night in the shelter", authors=[AuthorFactory(name="Олена Петренко")]
        ),
        "dek": ArticleFactory(title="Prices rise", dek="Bread costs more in Київ."),
        "other": story(title="Football results", body="<p>A draw.</p>"),
    }


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("wheat", "body"),  # was nothing: only headlines, standfirsts and slugs were searched
        ("odesa wheat", "body"),
        ("чорне", "tag"),
        ("ЧОРНЕ МОРЕ", "tag"),
        ("петренко", "byline"),
        ("КИЇВ", "dek"),
        ("grain", "body"),
        ("shelt", "byline"),  # the last word as typed so far
        ("night in the shelter", "byline"),  # stop words (PostgreSQL) are left out
    ],
)
def test_the_desk_finds_a_story_by_its_text_tags_and_bylines(desk, stories, q, found):
    assert listed(desk, q=q) == [stories[found].title]


def test_every_word_must_be_found_somewhere(desk, stories):
    assert listed(desk, q="shelter петренко") == ["Night in the shelter"]
    assert listed(desk, q="shelter wheat") == []


def test_search_with_the_status_and_section_filters(desk, stories):
    world = stories["body"].section
    ArticleFactory(title="Wheat prices fall", status=S.DRAFT, section=world)
    assert listed(desk, q="wheat") == ["Grain deal extended", "Wheat prices fall"]
    assert listed(desk, q="wheat", status__exact="published") == ["Grain deal extended"]
    assert listed(desk, q="wheat", section__id__exact=world.pk, status__exact="draft") == [
        "Wheat prices fall"
    ]


def test_a_writer_finds_only_the_stories_they_may_open(client, stories):
    author = writer()
    client.force_login(author)
    ArticleFactory(title="My wheat draft", created_by=author)
    ArticleFactory(title="Colleague's wheat draft")  # a draft of someone else's
    assert listed(client, q="wheat") == ["Grain deal extended", "My wheat draft"]


@pytest.mark.parametrize("q", ["!!!", '"', "-", "x" * 300, "title:wheat NEAR(", "%_"])
def test_odd_searches_are_answered(desk, stories, q):
    assert listed(desk, q=q) in ([], [stories["body"].title])


def test_no_story_body_is_scanned_with_like(desk, stories):
    with CaptureQueriesContext(connection) as queries:
        assert listed(desk, q="wheat") == ["Grain deal extended"]
    for query in queries:
        assert not re.search(r'body_text"?\)*\s*I?LIKE', query["sql"]), query["sql"]


def test_story_choosers_search_the_same_way(desk, stories):
    # The banner's story chooser (Django's autocomplete asks ArticleAdmin.get_search_results).
    response = desk.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "banner", "field_name": "article", "term": "Odes"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Grain deal extended"]


@pytest.mark.postgres
def test_the_desk_search_uses_the_search_index_on_postgresql(desk, stories):
    with CaptureQueriesContext(connection) as queries:
        listed(desk, q="wheat")
    searched = [q["sql"] for q in queries if "search_document" in q["sql"]]
    assert searched
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + searched[-1])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_document_idx" in plan
