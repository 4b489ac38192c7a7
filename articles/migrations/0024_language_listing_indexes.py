"""Listings by language: readers' listings are one language's stories, so their indexes lead
with it (the stories' newest and a section's newest in a language, each a walk down that
language's entries however few of the archive's stories are in it), and a tag's rows carry
their story's language (kept like `listed_at`, filled here from the stories) so related
stories walk a tag's stories in one language. The stories' indexes without the language stay
for what spans the languages (sitemaps, the desk)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import authors.languages


def copy_languages(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    story = Article.objects.filter(pk=OuterRef("content_object_id")).values("language")[:1]
    TaggedArticle.objects.update(language=Subquery(story))


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_front_page_and_banner_per_language")]

    operations = [
        migrations.RemoveIndex(model_name="taggedarticle", name="tagged_listed_idx"),
        migrations.AddField(
            model_name="taggedarticle",
            name="language",
            field=models.CharField(default=authors.languages.main, editable=False, max_length=12),
        ),
        migrations.RunPython(copy_languages, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["language", "status", "-published_at", "-id"],
                name="article_language_feed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "language", "status", "-published_at", "-id"],
                name="article_language_section_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                condition=models.Q(("listed_at__isnull", False)),
                fields=["tag", "language", "-listed_at", "-content_object"],
                name="tagged_listed_idx",
            ),
        ),
    ]
