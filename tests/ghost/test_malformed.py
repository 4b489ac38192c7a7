"""Malformed exports: each stops the import with one clear error, and nothing is kept.

tests/data/ghost-malformed/ holds one small export per way an export can be broken. Each has
a valid first post, so the import has written rows before it meets the broken one.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Article, Section
from authors.models import Author
from media.models import Image
from tests.ghost.exports import EXPORT, GHOST_URL

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent.parent / "data" / "ghost-malformed"
YEAR = "year out of range (it must fall between the years 1 and 9999 in every time zone)"
POST = 'posts[1] (post "buses-reroute", id p2)'

# File -> what its error must say.
EXPECTED = {
    "date-not-text": f"{POST}: published_at must be text, not a number",
    "date-offset-out-of-range": (
        f"{POST}: published_at '2025-02-02T08:00:00+25:00' is not a date and time"
    ),
    "date-year-1-with-offset": f"{POST}: published_at '0001-01-01T00:00:00+05:00': {YEAR}",
    "date-year-9999-with-offset": f"{POST}: published_at '9999-12-31T23:59:59-05:00': {YEAR}",
    "updated-at-year-9999": f"{POST}: updated_at '9999-12-31T23:59:59-00:01': {YEAR}",
    "duplicate-post-id": (
        'posts[1] (post "buses-reroute", id p1): has the same id as '
        'posts[0] (post "trams-return", id p1)'
    ),
    "duplicate-post-slug": (
        'posts[1] (post "trams-return", id p2): has the same slug as '
        'posts[0] (post "trams-return", id p1)'
    ),
    "duplicate-tag-id": 'tags[1] (tag "buses", id t1): has the same id as tags[0]',
    "duplicate-user-id": 'users[1] (user "mykola-2", id u1): has the same id as users[0]',
    "link-row-target-list": "posts_authors[1] (id pa2): author_id must be an id (text), not a list",
    "link-row-without-post-id": "posts_tags[1] (id pt2): has no post_id",
    "lone-surrogate": "db[0].data.posts[1].title: the text has a lone surrogate",
    "nul-character": "db[0].data.posts[1].title: the text has a NUL character",
    "missing-author": f"{POST}: author u9 is not among the export's users",
    "nan-sort-order": "nan-sort-order.json is not a JSON file: NaN is not a JSON value",
    "nested-thousands-deep": "is not a Ghost export: it is nested thousands of levels deep",
    "nested-too-deep": "db[0].data.posts[1].mobiledoc[0][0]",
    "not-utf8": "not-utf8.json is not a JSON file: 'utf-8' codec can't decode",
    "number-too-long": "number-too-long.json is not a JSON file: the number 999999999999… has",
    "post-id-object": 'posts[1] (post "buses-reroute"): id must be an id (text), not an object',
    "post-without-id": 'posts[1] (post "buses-reroute"): has no id',
    "posts-authors-row-null": "posts_authors[1]: must be an object, not null",
    "posts-meta-row-number": "posts_meta[1]: must be an object, not a number",
    "posts-not-a-list": "posts-not-a-list.json is not a Ghost export: no data.posts list",
    "posts-row-list": "posts[2]: must be an object, not a list",
    "posts-row-null": "posts[2]: must be an object, not null",
    "posts-tags-row-text": "posts_tags[2]: must be an object, not 'p2:t1'",
    "root-a-list": "root-a-list.json is not a Ghost export: no data.posts list",
    "sort-order-boolean": "posts_tags[0] (id pt1): sort_order must be a whole number, not a bool",
    "sort-order-text": "posts_authors[1] (id pa2): sort_order must be a whole number, not 'first'",
    "tags-row-number": "tags[1]: must be an object, not a number",
    "title-not-text": f"{POST}: title must be text, not a list",
    "users-not-a-list": "data.users must be a list, not an object",
    "users-row-text": "users[1]: must be an object, not 'mykola'",
}


def row_counts():
    return {
        model.__name__: model.objects.count() for model in (Article, Author, Section, Tag, Image)
    }


def test_every_file_in_the_corpus_has_its_expected_error():
    assert {path.stem for path in CORPUS.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_export_stops_with_one_clear_error_and_keeps_nothing(name):
    # A site that already holds an import, so a rollback has something to get wrong.
    call_command("import_ghost", str(EXPORT), "--ghost-url", GHOST_URL, stdout=StringIO())
    before = row_counts()

    with pytest.raises(CommandError) as error:
        path = CORPUS / f"{name}.json"
        call_command("import_ghost", str(path), "--ghost-url", GHOST_URL, stdout=StringIO())

    message = str(error.value)
    assert message.startswith("Nothing was imported. ")
    assert EXPECTED[name] in message
    assert len(message) < 400
    assert row_counts() == before
