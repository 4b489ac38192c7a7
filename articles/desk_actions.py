"""The desk's workflow buttons as forms: one small form per action, dispatched by name.

The change form posts `_workflow=<action name>` (a key of workflow.TRANSITIONS) with that
action's fields under the `wf` prefix. The form validates them and hands its cleaned data to
`workflow.perform`, whose functions take the same keyword arguments.
"""

from django import forms
from django.utils import timezone

from . import workflow

PREFIX = "wf"


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the history", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what needs to change (a comment is required)."},
    )


class ScheduleForm(CommentForm):
    at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        error_messages={"required": "Choose when the story should be published."},
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError("Choose a publication time in the future.")
        return at


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label="Reason for taking it down (desk only)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notice = forms.CharField(
        label="Public notice (readers see it at the story's address)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="Correction (shown under the story with its time)",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the correction readers will see."},
    )


FORMS: dict[str, type[forms.Form]] = {
    "request_changes": RequestChangesForm,
    "schedule": ScheduleForm,
    "unpublish": UnpublishForm,
    "correction": CorrectionForm,
}


def form_for(name: str, data=None) -> forms.Form:
    return FORMS.get(name, CommentForm)(data, prefix=PREFIX)


def problem(name: str, data) -> str:
    """What is wrong with an action's name or fields, in words for the editor ("" if nothing).

    The change form asks before saving, so a malformed action stores nothing at all."""
    if name not in workflow.TRANSITIONS:
        return "Unknown desk action."
    form = form_for(name, data)
    if form.is_valid():
        return ""
    return " ".join(message for messages in form.errors.values() for message in messages)


def run(name: str, article, *, by, data) -> None:
    """Validate the action's form and perform it; WorkflowError says why it was refused."""
    if refused := problem(name, data):
        raise workflow.WorkflowError(refused)
    form = form_for(name, data)
    form.is_valid()
    workflow.perform(name, article, by=by, **form.cleaned_data)


class RoundupForm(forms.Form):
    """The roundup composer: today's stories to list, in the order they were posted."""

    story = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one story for the roundup."},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"].choices = [(a.pk, a.title) for a in candidates]
