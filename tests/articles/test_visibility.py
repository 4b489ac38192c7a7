"""The visibility rule (articles.visibility) is written once; its ORM filter, its SQL form and
its check of one story select the same stories, which are what `published()` selects."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from articles import visibility
from articles.models import Article, FrontPageSlot
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def every_state():
    """One story of each state readers might be shown by mistake, and visible ones."""
    now = timezone.now()
    return {
        "published": ArticleFactory(published=True),
        "live": ArticleFactory(published=True, coverage_started_at=now - timedelta(hours=2)),
        "draft": ArticleFactory(),
        "in review": ArticleFactory(status=Article.Status.IN_REVIEW),
        "scheduled": ArticleFactory(scheduled=True),
        "embargoed": ArticleFactory(published=True, published_at=now + timedelta(hours=1)),
        "taken down": ArticleFactory(
            status=Article.Status.UNPUBLISHED, published_at=now - timedelta(days=1)
        ),
        "standing page": ArticleFactory(published=True, kind=Article.Kind.PAGE),
        "no time": ArticleFactory(status=Article.Status.PUBLISHED, published_at=None),
    }


def by_sql(rule) -> set[int]:
    condition, params = visibility.sql(rule, "a", connection)
    table = connection.ops.quote_name(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT a.id FROM {table} a WHERE {condition}", params)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("rule", [visibility.VISIBLE, visibility.LISTED])
def test_every_form_of_the_rule_selects_the_same_stories(rule):
    stories = every_state()
    expected = {"published", "live"} | ({"standing page"} if rule is visibility.VISIBLE else set())
    want = {stories[name].pk for name in expected}
    assert set(Article.objects.filter(visibility.q(rule)).values_list("pk", flat=True)) == want
    assert by_sql(rule) == want
    assert {story.pk for story in stories.values() if visibility.holds(rule, story)} == want


def test_the_querysets_and_the_instance_use_the_rule():
    stories = every_state()
    visible = {stories["published"].pk, stories["live"].pk, stories["standing page"].pk}
    assert set(Article.objects.published().values_list("pk", flat=True)) == visible
    listed = visible - {stories["standing page"].pk}
    assert set(Article.objects.published().stories().values_list("pk", flat=True)) == listed
    assert {s.pk for s in stories.values() if s.is_published} == visible
    # Listed whatever the time: the embargoed story's tag rows already carry its time.
    assert set(Article.objects.listed().values_list("pk", flat=True)) == listed | {
        stories["embargoed"].pk,
        stories["no time"].pk,
    }
    for name in ("published", "embargoed", "draft"):
        FrontPageSlot.objects.create(
            slot={"published": "lead", "embargoed": "top1", "draft": "top2"}[name],
            article=stories[name],
            until=timezone.now() + timedelta(hours=1),
        )
    assert [slot.article for slot in FrontPageSlot.objects.active()] == [stories["published"]]


def test_the_rule_names_the_models_own_fields_and_choices():
    assert visibility.PUBLISHED[2] == Article.Status.PUBLISHED
    assert visibility.STORY[2] == Article.Kind.STORY
    for field, _, _ in visibility.LISTED:
        assert Article._meta.get_field(field).column == field  # the SQL form names columns


def test_the_public_site_writes_no_rule_of_its_own():
    # The rule's values appear in articles.visibility only; readers' code derives from it.
    for path in (ROOT / "public").rglob("*.py"):
        source = path.read_text()
        for written in ("Status.PUBLISHED", "Kind.STORY", "status = %s", "kind = %s"):
            assert written not in source, (path, written)
