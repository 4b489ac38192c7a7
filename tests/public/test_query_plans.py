"""Every public page reads what it shows, not the archive: no query of any page reads more
than a few hundred rows of the stories tables (PostgreSQL's executed plans, on an analysed
archive of a few thousand stories). A sequential scan that stops at its first match (a
semi-join probing whether a tag is used) is allowed; one that reads the archive is not."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import ArticleAuthor, FrontPageSlot, TaggedArticle
from articles.pagination import Cursor
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.plans import archive, plan_nodes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ARCHIVE = 4000
TABLES = {"articles_article", "articles_taggedarticle", "articles_articleauthor"}
# What one page may read of those tables in one scan: a page shows at most a few dozen stories.
ROWS_READ = 400


@pytest.fixture
def pages():
    world, culture = SectionFactory(slug="world"), SectionFactory(slug="culture")
    author = AuthorFactory(slug="ann")
    tags = [Tag.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(6)]
    now = timezone.now()
    stories = archive(
        ARCHIVE,
        [world, culture],
        dek="What happened.",
        body="<p>Harbour report.</p>",
        body_text="Harbour report.",
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=story, tag=tags[n % 6], listed_at=story.listed_at)
        for n, story in enumerate(stories)
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=story, author=author, position=0) for story in stories
    )
    story = ArticleFactory(published=True, section=world, tags=["Topic 1", "Topic 2"])
    FrontPageSlot.objects.create(
        slot=FrontPageSlot.Slot.LEAD, article=stories[50], until=now + timedelta(hours=2)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    deep = stories[ARCHIVE // 2]
    return {
        "home": "/",
        "show more": f"/?before={Cursor.after(deep)}",
        "section": "/sections/world/",
        "section, deep": f"/sections/world/?before={Cursor.after(deep)}",
        "tag": "/tags/topic-1/",
        "author": "/authors/ann/",
        "article": story.get_absolute_url(),
        "old article": stories[-1].get_absolute_url(),
        "news feed": "/news-feed/",
        "rss": "/feed/",
        "section rss": "/sections/world/feed/",
    }


def rows_read(node) -> int:
    per_loop = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
    return per_loop * node.get("Actual Loops", 1)


def test_no_public_page_reads_the_archive(client, pages):
    scans = []
    for page, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, page
        for query in queries.captured_queries:
            for node in plan_nodes(query["sql"], analyze=True):
                if node.get("Relation Name") in TABLES and rows_read(node) > ROWS_READ:
                    scans.append((page, node["Node Type"], node["Relation Name"], rows_read(node)))
    assert scans == []
