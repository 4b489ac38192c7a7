"""The library pictures a story shows in its text, kept as rows so the media library sees
them as it sees a lead image."""

from django.db import models
from django.db.models import Q

from media.models import Image

from .. import blocks
from .live import LivePost
from .stories import Article


class ArticlePictureQuerySet(models.QuerySet):
    def keep(self, article: Article) -> None:
        """Bring the rows of a story's body up to date with what it shows (Article.save())."""
        self._keep(self.filter(article=article, live_post=None), article.body, article=article)

    def keep_post(self, post: "LivePost") -> None:
        """The same for a live post; a deleted post shows nothing (LivePost.save())."""
        html = "" if post.deleted_at else post.body
        self._keep(self.filter(live_post=post), html, article_id=post.article_id, live_post=post)

    def _keep(self, rows, html: str, **owner) -> None:
        # One read when nothing changed (most saves); writes only the rows that differ.
        wanted = body_pictures(html)
        have = {
            (image_id, place): pk
            for pk, image_id, place in rows.values_list("pk", "image", "place")
        }
        gone = [pk for found, pk in have.items() if found not in wanted]
        new = wanted - have.keys()
        if new:
            # A body may name an image that is no longer in the library: readers see nothing.
            exist = set(
                Image.objects.filter(pk__in={image_id for image_id, _ in new}).values_list(
                    "pk", flat=True
                )
            )
            new = {(image_id, place) for image_id, place in new if image_id in exist}
        if gone:
            self.filter(pk__in=gone).delete()
        if new:
            self.bulk_create(
                [ArticlePicture(image_id=i, place=p, **owner) for i, p in sorted(new)],
                ignore_conflicts=True,  # a concurrent save of the same post wrote them first
            )

    def rebuild(self) -> None:
        """Every row again, from the stories and posts themselves (after rows were written past
        save(): a restore of an archive made before this table)."""
        self.all().delete()
        self.bulk_create(picture_rows(), batch_size=500)


def body_pictures(html: str) -> set[tuple[int, str]]:
    """(image id, place) for each library picture a stored body or post shows."""
    if "data-image" not in html and "data-thumbnail" not in html:
        return set()  # most bodies show no picture: no need to read them
    return set(blocks.pictures(blocks.read(html)))


def picture_rows() -> list:
    """The rows of ArticlePicture as the stories and posts say (migration 0017 keeps its own
    copy of this, with its own models)."""
    with_pictures = Q(body__contains="data-image") | Q(body__contains="data-thumbnail")
    found = []
    for pk, body in Article.objects.filter(with_pictures).values_list("pk", "body"):
        found += [(pk, None, i, p) for i, p in body_pictures(body)]
    posts = LivePost.objects.filter(with_pictures, deleted_at__isnull=True)
    for pk, article_id, body in posts.values_list("pk", "article_id", "body"):
        found += [(article_id, pk, i, p) for i, p in body_pictures(body)]
    images = set(
        Image.objects.filter(pk__in={row[2] for row in found}).values_list("pk", flat=True)
    )
    return [
        ArticlePicture(article_id=a, live_post_id=post, image_id=i, place=p)
        for a, post, i, p in sorted(found, key=lambda row: (row[0], row[1] or 0, row[2], row[3]))
        if i in images
    ]


class ArticlePicture(models.Model):
    """A library picture a story shows in its text: in its body (an inline picture, a gallery,
    an embed's thumbnail) or in one of its live posts.

    Derived, never edited: kept in step by Article.save() and LivePost.save() from
    articles.blocks.pictures (the one definition of a body's pictures), filled for existing
    stories by a migration and rebuilt after a restore. It makes a picture in a body a foreign
    key to the image like a lead image or a portrait, so the media library (media/usage.py),
    which finds every foreign key to Image by itself, counts it: "Used by", "Not used yet",
    and whether a writer may still change the picture. A deleted live post shows nothing and
    has no rows.
    """

    class Place(models.TextChoices):
        INLINE = blocks.INLINE, "inline picture"
        GALLERY = blocks.GALLERY, "gallery picture"
        EMBED = blocks.EMBED, "embed thumbnail"

    # For the media library: public while the story is (a story's rule, see Article).
    image_use_is_public = Q(article__status__in=Article.PICTURES_PUBLIC_IN)
    # The library names the story, not this row.
    image_use_of = "article"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pictures")
    live_post = models.ForeignKey(
        LivePost, null=True, blank=True, on_delete=models.CASCADE, related_name="pictures"
    )
    # Deleting an image takes it off the stories (the library's delete page lists them first).
    image = models.ForeignKey(
        "media.Image", on_delete=models.CASCADE, related_name="+", verbose_name="picture"
    )
    place = models.CharField(max_length=10, choices=Place)

    objects = ArticlePictureQuerySet.as_manager()

    class Meta:
        verbose_name = "picture in a story"
        verbose_name_plural = "pictures in stories"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "image", "place"],
                condition=Q(live_post__isnull=True),
                name="article_picture_once_per_body",
            ),
            models.UniqueConstraint(
                fields=["live_post", "image", "place"],
                condition=Q(live_post__isnull=False),
                name="article_picture_once_per_post",
            ),
        ]

    def __str__(self):
        return f"{self.describe_image_use()}: {self.article}"

    def describe_image_use(self) -> str:
        """How the story shows the picture, for the library's "Used by"."""
        place = self.get_place_display()
        return f"{place} in a live post" if self.live_post_id else place
