"""A story's history in words: each WorkflowEvent as the sentence an editor reads in the
story's History, "Olena Marchenko submitted this for review", never "submit: Draft → In
review"."""

import re
from datetime import datetime

from django.utils import timezone

from ..desk_time import moment
from ..models import WorkflowEvent

# Per action, the sentence ({who}: the person's full name); the event's comment follows it
# after a colon unless the sentence places it ({comment}). The scheduler's and an import's
# have no person.
SENTENCES = {
    "create": "{who} started this story",
    "import": "Imported from Ghost",
    "compose_roundup": "{who} composed this roundup",
    "restore": "{who} restored an earlier version",
    "submit": "{who} submitted this for review",
    "withdraw": "{who} withdrew this from review",
    "request_changes": "{who} requested changes",
    "publish": "{who} published this",
    "publish_scheduled": "Published at its scheduled time",
    "schedule": "{who} scheduled this",
    "schedule_failed": "Not published at its scheduled time: it still needs {comment}",
    "cancel_schedule": "{who} took this off the schedule",
    "unpublish": "{who} took this down",
    "republish": "{who} republished this",
    "significant_update": "{who} marked a significant update",
    "correction": "{who} added a correction",
    "revoke_preview": "{who} revoked the preview links",
    "start_coverage": "{who} started live coverage",
    "end_coverage": "{who} ended live coverage",
    "translate": "{who} started this edition",
    "mark_up_to_date": "{who} marked this up to date with {comment}",
}
# Comments the workflow writes itself, which say nothing the sentence does not.
QUIET_COMMENTS = {
    "Created",
    "Imported from Ghost",
    "Composed by the desk",
    "Preview links revoked.",
}
# workflow.schedule() keeps the time in its comment: "For 14 Dec 2026, 18:00. <comment>".
_SCHEDULED_FOR = re.compile(r"For (\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2})\.\s*(.*)", re.S)
_RESTORED = re.compile(r"Restored version (\d+)")
# workflow.translate() names the languages and the source: "Translated into Ukrainian from …".
_TRANSLATED = re.compile(r"Translated (into .+)", re.S)


def sentence(event: WorkflowEvent) -> str:
    """The event as a sentence: who did what, and their comment."""
    # Names as people write them; "The scheduler" (no person) starts a sentence.
    who = event.actor_name if event.actor_id is not None else "The scheduler"
    comment = event.comment.strip()
    text = SENTENCES.get(event.action, "{who}: " + event.action.replace("_", " "))
    if "{comment}" in text:
        text, comment = text.format(who=who, comment=comment), ""
    else:
        text = text.format(who=who)
    if event.action == "schedule" and (found := _SCHEDULED_FOR.fullmatch(comment)):
        text += f" for {_when(found[1])}"
        comment = found[2].strip()
    elif event.action == "restore" and (found := _RESTORED.fullmatch(comment)):
        text, comment = f"{who} restored version {found[1]}", ""
    elif event.action == "translate" and (found := _TRANSLATED.fullmatch(comment)):
        text, comment = f"{who} translated this {found[1]}", ""
    if comment and comment not in QUIET_COMMENTS:
        text += f": {comment}"
    return text


def _when(text: str) -> str:
    try:
        at = datetime.strptime(text, "%d %b %Y, %H:%M")
    except ValueError:
        return text
    return moment(timezone.make_aware(at))
