"""The newsroom's desk in Django admin, one module per part: stories (the change form, the
list, desk actions), their revisions and translations, the roundup tool, corrections, the
banner, sections, tags; live stories and the front page in articles.live_admin. Imported here
so that Django's autodiscovery registers them all."""

from .. import live_admin
from . import banner, corrections, sections, stories, tags

__all__ = ["banner", "corrections", "live_admin", "sections", "stories", "tags"]
