"""An empty site, as after `migrate` on a new server."""

import shutil

from django.conf import settings
from django.contrib.auth import get_user_model

from backup.site import exported_models
from media.models import Rendition


def wipe_site():
    """An empty database and storage, as after `migrate` on a new server."""
    for model in reversed(exported_models()):
        model._base_manager.all().delete()
    Rendition.objects.all().delete()
    get_user_model().objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
