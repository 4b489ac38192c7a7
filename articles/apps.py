from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # this module also holds TagsConfig
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.core import checks
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_migrate

        from accounts import roles
        from media import permissions, specs, usage

        from . import search, workflow
        from .checks import embed_players_may_be_framed
        from .models import Article, ArticlePicture, TaggedArticle, relist_added_tags

        m2m_changed.connect(relist_added_tags, sender=TaggedArticle, dispatch_uid="relist-tags")
        # SQLite's search index: its triggers again if a migration copied the stories table.
        post_migrate.connect(search.ensure_index, sender=self, dispatch_uid="search-index")
        # …and a LOWER() for every alphabet, for the desk's search of tags and bylines.
        connection_created.connect(search.add_functions, dispatch_uid="search-functions")
        # The apps below learn what they need of stories here, never by naming this app.
        # The media library's "Used by" names only the stories the user may open on the desk.
        usage.register_viewer(Article, workflow.viewable)
        # Editors (who may publish) change any library image and must use two-factor sign-in.
        permissions.register_editor_check(workflow.is_editor)
        roles.register_editor_check(workflow.is_editor)
        # Renditions made ahead of time: lead images 16:9 and as social cards; a body's
        # pictures uncropped, its galleries and embed thumbnails 16:9.
        specs.warm_for(Article._meta.get_field("lead_image"), (specs.LEAD, specs.SHARE))
        specs.warm_for(ArticlePicture._meta.get_field("image"), (specs.BODY, specs.LEAD))
        checks.register(embed_players_may_be_framed, checks.Tags.security)

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

    def ready(self):
        super().ready()
        from taggit.models import Tag

        # taggit's hook for a new tag's slug: in Latin letters, as every address of ours.
        Tag.slugify = tag_slug


# Tag.slug's 100 characters, less room for taggit's "_2", "_3"… of a taken slug.
TAG_SLUG_LENGTH = 90


def tag_slug(tag, name: str, i: int | None = None) -> str:
    """A new tag's slug (taggit's TagBase.slugify, numbered with `i` when taken)."""
    from .workflow import slug_for

    slug = slug_for(name, max_length=TAG_SLUG_LENGTH) or "tag"
    return slug if i is None else f"{slug}_{i}"
