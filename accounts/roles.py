"""Who counts as an editor, for accounts' own rules (editors must sign in with a second factor).

accounts imports no other app: the app that defines editors (articles) registers its test
at startup, as django.contrib.admin has models registered with it. Until one is registered,
only superusers count.
"""

from collections.abc import Callable

_editor_checks: list[Callable[[object], bool]] = []


def register_editor_check(check: Callable[[object], bool]) -> None:
    """Count as editors the users for whom `check(user)` is true (called from a ready())."""
    if check not in _editor_checks:
        _editor_checks.append(check)


def is_editor(user) -> bool:
    return user.is_superuser or any(check(user) for check in _editor_checks)
