from datetime import timedelta

import pytest
from django.urls import set_script_prefix
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db

PAST = timezone.now() - timedelta(hours=2)
FUTURE = timezone.now() + timedelta(hours=2)


@pytest.mark.parametrize(
    "status, published_at, visible",
    [
        (Article.Status.DRAFT, None, False),
        (Article.Status.DRAFT, PAST, False),
        (Article.Status.IN_REVIEW, PAST, False),
        (Article.Status.SCHEDULED, FUTURE, False),
        (Article.Status.SCHEDULED, PAST, False),
        (Article.Status.PUBLISHED, PAST, True),
        (Article.Status.PUBLISHED, FUTURE, False),
        (Article.Status.PUBLISHED, None, False),
        (Article.Status.UNPUBLISHED, PAST, False),
    ],
)
def test_published_queryset_and_instance_agree(status, published_at, visible):
    article = ArticleFactory(status=status, published_at=published_at)
    assert Article.objects.published().filter(pk=article.pk).exists() is visible
    assert article.is_published is visible


def test_save_sanitises_body_and_derives_excerpt_and_reading_time():
    article = ArticleFactory(
        dek="",
        body="<p>" + "word " * 500 + "</p><script>alert(1)</script>",
    )
    article.refresh_from_db()
    assert "<script>" not in article.body
    assert article.reading_time == 3
    assert article.excerpt.endswith("…") and len(article.excerpt) <= 221


def test_excerpt_prefers_the_standfirst():
    article = ArticleFactory(dek="The short version.", body="<p>The long version.</p>")
    assert article.excerpt == "The short version."


def test_listing_is_newest_first_and_skips_unpublished():
    old = ArticleFactory(status="published", published_at=PAST - timedelta(days=1))
    new = ArticleFactory(status="published", published_at=PAST)
    ArticleFactory(status="draft")
    assert list(Article.objects.for_listing()) == [new, old]


def test_by_author_lists_a_story_once_even_with_two_bylines_for_them():
    author = AuthorFactory()
    article = ArticleFactory(published=True, authors=[author])
    ArticleAuthor.objects.create(
        article=article, author=author, role=ArticleAuthor.Role.PHOTOS, position=1
    )
    assert list(Article.objects.for_listing().by_author(author)) == [article]


def test_byline_groups_keep_order_and_roles():
    a, b, c = AuthorFactory(name="Ann"), AuthorFactory(name="Bo"), AuthorFactory(name="Cy")
    article = ArticleFactory(published=True, authors=[a, b])
    ArticleAuthor.objects.create(
        article=article, author=c, role=ArticleAuthor.Role.REPORTING, position=2
    )
    assert article.byline_groups() == [("By", [a, b]), ("Reporting by", [c])]
    assert article.authors() == [a, b, c]


def test_caption_override_wins_over_the_image_caption():
    image = ImageFactory(caption="Library caption")
    article = ArticleFactory(lead_image=image)
    assert article.caption == "Library caption"
    article.lead_image_caption = "Caption for this story"
    assert article.caption == "Caption for this story"


def test_story_and_section_addresses_follow_the_script_prefix_and_urlconf(settings):
    # Addresses are remembered per slug; a site mounted under a prefix or another URLconf
    # must still get its own.
    article = ArticleFactory(slug="harbour-reopens", section__slug="world")
    assert article.get_absolute_url() == "/news/harbour-reopens/"
    assert article.section.get_absolute_url() == "/sections/world/"
    set_script_prefix("/site/")
    try:
        assert article.get_absolute_url() == "/site/news/harbour-reopens/"
    finally:
        set_script_prefix("/")
    assert article.get_absolute_url() == "/news/harbour-reopens/"
    settings.ROOT_URLCONF = "tests.articles.urls_elsewhere"
    assert article.get_absolute_url() == "/elsewhere/harbour-reopens/"
