"""Who may open which story in the desk: `can_view` and its queryset twin `viewable` agree."""

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import AuthorFactory, editor, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status


def test_can_view_and_viewable_agree():
    wanda, walter, edith = writer(username="wanda"), writer(username="walter"), editor()
    stories = []
    for status in S.values:
        published_at = timezone.now() if status in (S.PUBLISHED, S.UNPUBLISHED) else None
        stories.append(ready_article(status=status, created_by=wanda, published_at=published_at))
        stories.append(ready_article(status=status, created_by=walter, published_at=published_at))
    bylined = ready_article(status=S.IN_REVIEW, authors=[AuthorFactory(user=wanda)])
    stories.append(bylined)
    for user in (wanda, walter, edith):
        listed = set(workflow.viewable(user).values_list("pk", flat=True))
        assert listed == {s.pk for s in stories if workflow.can_view(user, s)}, user
    # Writers: their own and bylined stories, and others' only once readers can see them.
    wanda_sees = {s.pk for s in stories if workflow.can_view(wanda, s)}
    others = [s for s in stories if s.created_by == walter]
    assert {s.pk for s in others} & wanda_sees == {s.pk for s in others if s.is_published}
    assert bylined.pk in wanda_sees
    assert len(set(workflow.viewable(edith))) == len(stories)
