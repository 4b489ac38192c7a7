import secrets

from django.db import migrations, models

import articles.models


def give_each_story_its_own_key(apps, schema_editor):
    # AddField calls the default once for every existing row: make each story's key its own.
    Article = apps.get_model("articles", "Article")
    for pk in Article.objects.values_list("pk", flat=True).iterator():
        Article.objects.filter(pk=pk).update(preview_key=secrets.token_urlsafe(12))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_working_copy_and_desk_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="preview_key",
            field=models.CharField(
                default=articles.models.new_preview_key,
                editable=False,
                help_text="Part of every preview link; a new key (on takedown or on request) "
                "ends all links shared before.",
                max_length=32,
            ),
        ),
        migrations.RunPython(give_each_story_its_own_key, migrations.RunPython.noop),
    ]
