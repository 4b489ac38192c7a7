from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.pagination import Cursor, InvalidCursor, keyset_page
from tests.factories import ArticleFactory


def test_cursor_round_trips_through_text():
    cursor = Cursor(datetime(2026, 11, 27, 14, 5, 3, 123456, tzinfo=UTC), 4242)
    assert str(cursor) == "1795788303123456.4242"
    assert Cursor.parse(str(cursor)) == cursor


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "1.2.3", "-5.1", "12", "1e5.3", "999999999999999999.1", "1." + "9" * 20, " 1.2"],
)
def test_bad_cursors_are_refused_with_a_clear_error(raw):
    with pytest.raises(InvalidCursor, match="This page of stories doesn't exist."):
        Cursor.parse(raw)


def publish_many(count, start=None):
    start = start or timezone.now() - timedelta(days=1)
    return [
        ArticleFactory(
            status=Article.Status.PUBLISHED,
            published_at=start - timedelta(minutes=n),
            title=f"Story {n}",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_pages_cover_everything_once_in_order():
    stories = publish_many(45)
    seen, cursor = [], None
    while True:
        page = keyset_page(Article.objects.for_listing, cursor, size=20)
        seen += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [a.pk for a in seen] == [a.pk for a in stories]


@pytest.mark.django_db
def test_same_publish_time_is_ordered_by_id_without_gaps():
    moment = timezone.now() - timedelta(hours=1)
    stories = [
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=moment) for _ in range(5)
    ]
    first = keyset_page(Article.objects.for_listing, None, size=2)
    second = keyset_page(Article.objects.for_listing, first.next_cursor, size=2)
    third = keyset_page(Article.objects.for_listing, second.next_cursor, size=2)
    got = [a.pk for a in first.items + second.items + third.items]
    assert got == sorted((a.pk for a in stories), reverse=True)
    assert third.next_cursor is None


@pytest.mark.django_db
def test_story_published_between_clicks_causes_no_duplicate_or_skip():
    stories = publish_many(30)
    first = keyset_page(Article.objects.for_listing, None, size=20)
    ArticleFactory(published=True, title="Breaking")  # lands at the top while the reader reads
    second = keyset_page(Article.objects.for_listing, first.next_cursor, size=20)
    assert [a.pk for a in first.items + second.items] == [a.pk for a in stories]
