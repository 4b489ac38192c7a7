from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_listed_at(apps, schema_editor):
    # What TaggedArticle.objects.relist() does, with this migration's models.
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    listed = Article.objects.filter(
        pk=OuterRef("content_object_id"), status="published", kind="story"
    )
    TaggedArticle.objects.update(listed_at=Subquery(listed.values("published_at")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_article_search_document"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="taggedarticle",
            name="listed_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(fill_listed_at, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                condition=models.Q(("listed_at__isnull", False)),
                fields=["tag", "-listed_at", "-content_object"],
                name="tagged_listed_idx",
            ),
        ),
    ]
