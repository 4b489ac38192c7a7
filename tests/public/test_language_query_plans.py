"""A language's pages read what they show, not the other languages' archive: on an analysed
archive where one story in five is Ukrainian, no query of a Ukrainian page reads more than a
few hundred rows of the stories tables (PostgreSQL's executed plans), as the main language's
pages do (test_query_plans)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import ArticleAuthor, TaggedArticle
from articles.pagination import Cursor
from tests.factories import AuthorFactory, SectionFactory, edition_of
from tests.plans import archive, plan_nodes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ENGLISH, UKRAINIAN = 4000, 1000
TABLES = {"articles_article", "articles_taggedarticle", "articles_articleauthor"}
ROWS_READ = 400


@pytest.fixture
def pages(two_languages):
    world, culture = SectionFactory(slug="world"), SectionFactory(slug="culture")
    author = AuthorFactory(slug="ann")
    tags = [Tag.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(6)]
    fields = {"dek": "What happened.", "body": "<p>Harbour report.</p>"}
    english = archive(ENGLISH, [world, culture], body_text="Harbour report.", **fields)
    ukrainian = archive(
        UKRAINIAN, [world, culture], language="uk", body_text="Звіт з гавані.", **fields
    )
    stories = [*english, *ukrainian]
    TaggedArticle.objects.bulk_create(
        TaggedArticle(
            content_object=story,
            tag=tags[n % 6],
            listed_at=story.listed_at,
            language=story.language,
        )
        for n, story in enumerate(stories)
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=story, author=author, position=0) for story in stories
    )
    story = edition_of(english[0], published=True, section=world, slug="novyna")
    story.tags.add(tags[1], tags[2])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    deep = ukrainian[UKRAINIAN // 2]
    return {
        "home": "/uk/",
        "show more": f"/uk/?before={Cursor.after(deep)}",
        "section": "/uk/sections/world/",
        "section, deep": f"/uk/sections/world/?before={Cursor.after(deep)}",
        "tag": "/uk/tags/topic-1/",
        "author": "/uk/authors/ann/",
        "article": story.get_absolute_url(),
        "old article": ukrainian[-1].get_absolute_url(),
        "news feed": "/uk/news-feed/",
        "rss": "/uk/feed/",
        "section rss": "/uk/sections/world/feed/",
    }


def rows_read(node) -> int:
    per_loop = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
    return per_loop * node.get("Actual Loops", 1)


def test_no_page_in_another_language_reads_the_archive(client, pages):
    scans = []
    for page, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, page
        for query in queries.captured_queries:
            for node in plan_nodes(query["sql"], analyze=True):
                if node.get("Relation Name") in TABLES and rows_read(node) > ROWS_READ:
                    scans.append((page, node["Node Type"], node["Relation Name"], rows_read(node)))
    assert scans == [], "\n".join(map(str, scans))
