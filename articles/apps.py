from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # this module also holds TagsConfig
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import m2m_changed

        from media import usage

        from . import workflow
        from .models import Article, TaggedArticle, relist_added_tags

        m2m_changed.connect(relist_added_tags, sender=TaggedArticle, dispatch_uid="relist-tags")
        # The media library's "Used by" names only the stories the user may open on the desk.
        usage.register_viewer(Article, workflow.viewable)

    def after_restore(self):
        """Called by backup once an archive's rows are in (inserted raw, past save()): bodies
        sanitised and derived fields worked out as save() does (articles.restore), then the
        stories' pictures kept as rows from those bodies (an archive from before they were
        kept has none)."""
        from .models import ArticlePicture
        from .restore import resave_restored

        resave_restored()
        ArticlePicture.objects.rebuild()


class TagsConfig(TaggitAppConfig):
    """django-taggit, named as the desk calls it: "Tags", not "Taggit"."""

    verbose_name = "Tags"
