from django.apps import AppConfig
from taggit.apps import TaggitAppConfig


class ArticlesConfig(AppConfig):
    default = True  # this module also holds TagsConfig
    name = "articles"
    verbose_name = "Newsroom"


class TagsConfig(TaggitAppConfig):
    """django-taggit, named as the desk calls it: "Tags", not "Taggit"."""

    verbose_name = "Tags"
