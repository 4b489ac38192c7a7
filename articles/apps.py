from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # this module also holds TagsConfig
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import m2m_changed

        from .models import TaggedArticle, relist_added_tags

        m2m_changed.connect(relist_added_tags, sender=TaggedArticle, dispatch_uid="relist-tags")

    def after_restore(self):
        """Called by backup once an archive's rows are in (inserted raw, past save()): an
        archive from before tag rows carried their story's listing time has none."""
        from .models import TaggedArticle

        TaggedArticle.objects.relist()


class TagsConfig(TaggitAppConfig):
    """django-taggit, named as the desk calls it: "Tags", not "Taggit"."""

    verbose_name = "Tags"
