"""A story's pictures as rows (ArticlePicture): what the media library counts as its uses,
kept in step with every body and live post from articles.blocks.pictures."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from articles import blocks, htmltree, workflow
from articles.models import ArticlePicture, LivePost
from tests.factories import ArticleFactory, ImageFactory, editor

pytestmark = pytest.mark.django_db

# One body of every block kind the reader knows, carrying every attribute the kind may have.
# A new kind must add its sample here (the first test says so), and if it carries a picture,
# `blocks.pictures` must count it (the second test).
SAMPLES = {
    "image": '<figure data-block="image" data-image="11" data-width="wide">'
    "<figcaption>A caption</figcaption></figure>",
    "gallery": '<figure data-block="gallery"><figure data-image="12"></figure>'
    '<figure data-image="13"><figcaption>Two</figcaption></figure></figure>',
    "embed": '<figure data-block="embed" data-provider="youtube" '
    'data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-title="Briefing" '
    'data-author="Ministry" data-thumbnail="14"></figure>',
    "pullquote": '<aside data-block="pullquote"><p>Words</p><cite>Someone</cite></aside>',
    "callout": '<aside data-block="callout"><p>Key developments</p></aside>',
    "related": '<aside data-block="related" data-article="15"></aside>',
}


def image_attribute_ids(html: str) -> set[int]:
    """Every id in an attribute that names a library image, anywhere in the markup."""
    found, stack = set(), list(htmltree.parse(html))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            continue
        found |= {int(v) for k, v in node.attrs.items() if k in blocks.IMAGE_ATTRIBUTES}
        stack.extend(node.children)
    return found


def test_every_block_kind_has_a_sample():
    assert set(SAMPLES) == set(blocks.READERS)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_every_picture_a_block_carries_is_counted(kind):
    html = SAMPLES[kind]
    assert not blocks.problems(html), "the sample must be a block readers see"
    assert blocks.image_ids(blocks.read(html)) == image_attribute_ids(html)


def test_every_id_attribute_is_an_image_or_a_story():
    # An id the sanitiser keeps names a picture (counted above) or one of our stories: a new
    # one (a video's poster) must be put in one of the two.
    assert blocks.IMAGE_ATTRIBUTES | {"data-article"} == blocks._ID_ATTRIBUTES


def test_places_are_the_blocks_own():
    assert set(ArticlePicture.Place.values) == {blocks.INLINE, blocks.GALLERY, blocks.EMBED}


def rows(article) -> set[tuple]:
    return set(
        ArticlePicture.objects.filter(article=article).values_list("image", "place", "live_post")
    )


def body_with(inline=(), gallery=(), thumbnail=None) -> str:
    parts = ["<p>Words.</p>"]
    parts += [f'<figure data-block="image" data-image="{pk}"></figure>' for pk in inline]
    if gallery:
        items = "".join(f'<figure data-image="{pk}"></figure>' for pk in gallery)
        parts.append(f'<figure data-block="gallery">{items}</figure>')
    if thumbnail:
        parts.append(
            SAMPLES["embed"].replace('data-thumbnail="14"', f'data-thumbnail="{thumbnail}"')
        )
    return "".join(parts)


def test_rows_follow_the_body_on_every_save():
    a, b, c = ImageFactory(), ImageFactory(), ImageFactory()
    story = ArticleFactory(body=body_with(inline=[a.pk], gallery=[a.pk, b.pk], thumbnail=c.pk))
    assert rows(story) == {
        (a.pk, "inline", None),
        (a.pk, "gallery", None),
        (b.pk, "gallery", None),
        (c.pk, "embed", None),
    }
    story.body = body_with(inline=[b.pk])
    story.save(update_fields=["body"])
    assert rows(story) == {(b.pk, "inline", None)}
    story.body = "<p>No pictures now.</p>"
    story.save()
    assert rows(story) == set()


def test_an_unchanged_body_is_read_once_and_nothing_is_written(django_assert_num_queries):
    image = ImageFactory()
    story = ArticleFactory(body=body_with(inline=[image.pk]))
    with django_assert_num_queries(1):
        ArticlePicture.objects.keep(story)
    assert rows(story) == {(image.pk, "inline", None)}


def test_a_picture_no_longer_in_the_library_is_skipped():
    image = ImageFactory()
    story = ArticleFactory(body=body_with(inline=[image.pk, 987654]))
    assert rows(story) == {(image.pk, "inline", None)}


def test_deleting_an_image_takes_its_rows_and_the_story_stays():
    image = ImageFactory()
    story = ArticleFactory(body=body_with(gallery=[image.pk, ImageFactory().pk]))
    pk = image.pk
    image.delete()
    story.refresh_from_db()
    assert len(rows(story)) == 1 and f'data-image="{pk}"' in story.body


def test_live_posts_have_rows_of_their_own_until_deleted():
    story = ArticleFactory(published=True, coverage_started_at=timezone.now())
    a, b = ImageFactory(), ImageFactory()
    post = workflow.add_live_post(story, by=None, body=body_with(inline=[a.pk]))
    other = workflow.add_live_post(story, by=None, body=body_with(inline=[a.pk]))
    assert rows(story) == {(a.pk, "inline", post.pk), (a.pk, "inline", other.pk)}
    workflow.edit_live_post(post, by=editor(), body=body_with(gallery=[b.pk, a.pk]))
    assert rows(story) == {
        (b.pk, "gallery", post.pk),
        (a.pk, "gallery", post.pk),
        (a.pk, "inline", other.pk),
    }
    workflow.delete_live_post(other, by=editor())
    assert rows(story) == {(b.pk, "gallery", post.pk), (a.pk, "gallery", post.pk)}


def make_stories():
    a, b = ImageFactory(), ImageFactory()
    ArticleFactory(body=body_with(inline=[a.pk], thumbnail=b.pk))
    live = ArticleFactory(published=True, coverage_started_at=timezone.now())
    workflow.add_live_post(live, by=None, body=body_with(gallery=[b.pk, a.pk]))
    gone = workflow.add_live_post(live, by=None, body=body_with(inline=[a.pk]))
    workflow.delete_live_post(gone, by=editor())
    ArticleFactory(body="<p>Nothing to see.</p>")
    return set(ArticlePicture.objects.values_list("article", "live_post", "image", "place"))


def test_rebuild_makes_the_rows_that_saves_keep():
    kept = make_stories()
    ArticlePicture.objects.all().delete()
    ArticlePicture.objects.rebuild()
    assert set(ArticlePicture.objects.values_list("article", "live_post", "image", "place")) == kept


def test_the_migration_fills_the_table_for_existing_stories():
    kept = make_stories()
    ArticlePicture.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0017_article_picture")
    migration.fill_pictures(apps, None)
    assert set(ArticlePicture.objects.values_list("article", "live_post", "image", "place")) == kept


def test_a_restore_rebuilds_the_rows():
    kept = make_stories()
    ArticlePicture.objects.all().delete()  # an archive made before the table
    apps.get_app_config("articles").after_restore()
    assert set(ArticlePicture.objects.values_list("article", "live_post", "image", "place")) == kept
    assert LivePost.objects.filter(deleted_at__isnull=False).exists()
