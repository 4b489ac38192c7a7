import django.db.models.deletion
from django.db import migrations, models


def fill_pictures(apps, schema_editor):
    # What ArticlePicture.objects.rebuild() does, with this migration's models.
    from articles.models import picture_rows

    ArticlePicture = apps.get_model("articles", "ArticlePicture")
    ArticlePicture.objects.bulk_create(
        picture_rows(
            apps.get_model("articles", "Article"),
            apps.get_model("articles", "LivePost"),
            ArticlePicture,
            apps.get_model("media", "Image"),
        ),
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
