"""Who may change or delete a library image.

Editors (anyone who may publish a story) and superusers may change any image. Everyone else
(writers) only images they uploaded themselves that nothing public uses yet: a picture that a
published or scheduled story shows anywhere (lead, social card, inline, gallery, embed
thumbnail, live post) or an author's portrait goes live the moment it changes, so it takes an
editor. The same rule holds for deleting, in the change form, the chooser and bulk actions.
See media/usage.py for what counts as a public use.
"""

from .models import Image
from .usage import in_public_use

# Named as a string: media imports no other app.
EDITOR_PERMISSION = "articles.publish_article"


def is_image_editor(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(EDITOR_PERMISSION))


def may_change_image(user, image: Image) -> bool:
    """Whether `user` may replace, edit or delete `image` (beyond holding the model permission)."""
    if is_image_editor(user):
        return True
    if image.pk is None:
        return True  # a new upload
    return image.uploaded_by_id == user.pk and not in_public_use(image)
