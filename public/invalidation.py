"""When the page cache drops its pages: whenever something readers see changes.

The content apps know nothing about the cache; this module listens to their models' save and
delete signals and to the workflow's story signals (articles.signals), and purges after the
transaction commits (pagecache.purge_public_pages).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from articles import signals as story_signals

from .pagecache import purge_public_pages

# Models whose rows appear on public pages.
SHOWN_ON_PAGES = (
    "articles.Article",
    "articles.Section",
    "articles.Correction",
    "articles.Banner",
    "articles.FrontPageSlot",
    "authors.Author",
    "media.Image",
)


def _purge(sender, **kwargs):
    purge_public_pages()


def connect() -> None:
    for label in SHOWN_ON_PAGES:
        model = apps.get_model(label)
        post_save.connect(_purge, sender=model, dispatch_uid=f"purge-on-save:{label}")
        post_delete.connect(_purge, sender=model, dispatch_uid=f"purge-on-delete:{label}")
    for signal in (
        story_signals.story_published,
        story_signals.story_updated,
        story_signals.story_withdrawn,
    ):
        signal.connect(_purge, dispatch_uid=f"purge-on-story:{id(signal)}")
