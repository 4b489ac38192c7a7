import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Article.save() stamps modified_at itself (so an import keeps its source's time in the
    one save); the column is the same, so only Django's state of the field changes: on SQLite
    an AlterField would copy the whole table for nothing."""

    dependencies = [
        ("articles", "0017_article_picture"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="modified_at",
                    field=models.DateTimeField(
                        blank=True, default=django.utils.timezone.now, editable=False
                    ),
                ),
            ],
        ),
    ]
