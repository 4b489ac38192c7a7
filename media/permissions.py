"""Who may change or delete a library image.

Editors (anyone who may publish a story, as the app that defines stories registers with
`register_editor_check` at startup) and superusers may change any image. Everyone else
(writers) only images they uploaded themselves that nothing public uses yet: a picture that a
published or scheduled story shows anywhere (lead, social card, inline, gallery, embed
thumbnail, live post) or an author's portrait goes live the moment it changes, so it takes an
editor. The same rule holds for deleting, in the change form, the chooser and bulk actions.
See media/usage.py for what counts as a public use.
"""

from collections.abc import Callable

from .models import Image
from .usage import in_public_use

# Registered by the app above that knows who the editors are: media imports no other app.
_editor_checks: list[Callable[[object], bool]] = []


def register_editor_check(check: Callable[[object], bool]) -> None:
    """Let the users for whom `check(user)` is true change any image (called from a ready())."""
    if check not in _editor_checks:
        _editor_checks.append(check)


def is_image_editor(user) -> bool:
    return user.is_active and (user.is_superuser or any(check(user) for check in _editor_checks))


def may_change_image(user, image: Image) -> bool:
    """Whether `user` may replace, edit or delete `image` (beyond holding the model permission)."""
    if is_image_editor(user):
        return True
    if image.pk is None:
        return True  # a new upload
    return image.uploaded_by_id == user.pk and not in_public_use(image)
