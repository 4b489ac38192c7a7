import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def body_pictures(html: str) -> set[tuple[int, str]]:
    # The body format's one definition of a body's pictures (articles.blocks), which this
    # migration reads; the rest is its own copy, so models can move without breaking it.
    from articles import blocks

    if "data-image" not in html and "data-thumbnail" not in html:
        return set()
    return set(blocks.pictures(blocks.read(html)))


def fill_pictures(apps, schema_editor):
    # What ArticlePicture.objects.rebuild() did when this table was made, with this
    # migration's models.
    Article = apps.get_model("articles", "Article")
    LivePost = apps.get_model("articles", "LivePost")
    ArticlePicture = apps.get_model("articles", "ArticlePicture")
    Image = apps.get_model("media", "Image")
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
    ArticlePicture.objects.bulk_create(
        [
            ArticlePicture(article_id=a, live_post_id=post, image_id=i, place=p)
            for a, post, i, p in sorted(
                found, key=lambda row: (row[0], row[1] or 0, row[2], row[3])
            )
            if i in images
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_tagged_article_listed_at"),
        ("media", "0003_image_source_url"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticlePicture",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "place",
                    models.CharField(
                        choices=[
                            ("inline", "inline picture"),
                            ("gallery", "gallery picture"),
                            ("embed", "embed thumbnail"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pictures",
                        to="articles.article",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="media.image",
                        verbose_name="picture",
                    ),
                ),
                (
                    "live_post",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pictures",
                        to="articles.livepost",
                    ),
                ),
            ],
            options={
                "verbose_name": "picture in a story",
                "verbose_name_plural": "pictures in stories",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("live_post__isnull", True)),
                        fields=("article", "image", "place"),
                        name="article_picture_once_per_body",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("live_post__isnull", False)),
                        fields=("live_post", "image", "place"),
                        name="article_picture_once_per_post",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_pictures, migrations.RunPython.noop, elidable=True),
    ]
