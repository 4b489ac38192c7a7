"""The moves the workflow refuses, each with a message written for the editor who tried it."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.dateformat import format as date_format

from .roles import display_name


class WorkflowError(Exception):
    """A move the workflow refuses; the message is written for the editor who tried it."""


class IllegalTransition(WorkflowError):
    pass


class NotAllowed(WorkflowError, PermissionDenied):
    pass


class ChecklistFailed(WorkflowError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("This story cannot be published yet. Missing: " + "; ".join(missing) + ".")


class EditConflict(WorkflowError):
    def __init__(self, article):
        self.changed_by = display_name(article.modified_by) if article.modified_by else "Someone"
        self.changed_at = timezone.localtime(article.modified_at)
        super().__init__(
            f"{self.changed_by} saved this story at "
            f"{date_format(self.changed_at, 'H:i \\o\\n j M Y')} after you opened it. "
            "Nothing was overwritten: your version and theirs are side by side, to keep what "
            "you need from each."
        )


class EditionExists(WorkflowError):
    """The story already has an edition in that language: the desk opens it instead."""

    def __init__(self, edition, language_name: str):
        self.edition = edition
        super().__init__(f"This story already has a {language_name} edition.")
