"""What the story form's side panel shows: the one primary action, the checklist as ticks,
the social card. Decided here from the workflow's answers, so the template only lays it out.
"""

from dataclasses import dataclass

from django.conf import settings

from authors.addresses import slug_url
from media.admin import preview_img
from media.specs import ADMIN_PREVIEW

from . import workflow
from .models import Article

Status = Article.Status

# publish_checklist's phrases, as ticks: (what it says when missing, the tick's label, what
# static/js/desk-checklist.js reads to tick it as the form is filled in).
CHECKLIST = (
    ("a title", "Headline", "title"),
    ("a standfirst (dek)", "Standfirst", "dek"),
    ("a body", "Body text", "body"),
    ("at least one author", "A byline", "byline"),
    ("a section", "Section", "section"),
    ("a lead image", "Lead image", "lead_image"),
    ("alt text on the lead image", "Alt text on the image", "alt_text"),
    ("a credit on the lead image", "Credit on the image", "credit"),
)
IMAGE_DETAILS = {"alt text on the lead image", "a credit on the lead image"}

# Desk actions that are plain buttons in the panel; schedule, unpublish, correction and the
# significant update carry fields of their own.
BUTTONS = ("submit", "request_changes", "publish", "schedule", "cancel_schedule", "republish")
# The one action the panel puts first, by status, when this person may take it.
PRIMARY = {
    Status.DRAFT: ("publish", "submit"),
    Status.IN_REVIEW: ("publish",),
    Status.UNPUBLISHED: ("republish",),
}
# Labels of the save button where saving is the main thing to do.
SAVE_LABELS = {Status.PUBLISHED: "Update", Status.SCHEDULED: "Save changes"}


@dataclass(frozen=True)
class Action:
    name: str  # a workflow action, or "save"
    label: str

    @property
    def is_save(self) -> bool:
        return self.name == "save"


@dataclass(frozen=True)
class Tick:
    label: str
    done: bool
    key: str = ""  # what the form's script checks; "" for an item only the server knows


def checklist_ticks(article: Article) -> list[Tick]:
    """Every item of the publish checklist, ticked when the story has it."""
    missing = set(workflow.publish_checklist(article))
    has_image = article.lead_image_id is not None
    ticks = [
        Tick(label, phrase not in missing and (phrase not in IMAGE_DETAILS or has_image), key)
        for phrase, label, key in CHECKLIST
    ]
    known = {phrase for phrase, _, _ in CHECKLIST}
    ticks += [Tick(phrase.capitalize(), False) for phrase in sorted(missing - known)]
    return ticks


def actions(article: Article | None, user, *, can_edit: bool) -> tuple[Action | None, list]:
    """The primary action for this person and state, and the other buttons, as Actions."""
    if article is None:
        return Action("save", "Save draft"), []
    allowed = [t for t in workflow.allowed_transitions(article, user) if t.name in BUTTONS]
    names = {t.name for t in allowed}
    primary = None
    for name in PRIMARY.get(article.status, ()):
        if name in names:
            primary = Action(name, workflow.TRANSITIONS[name].label)
            break
    if primary is None and can_edit:
        primary = Action("save", SAVE_LABELS.get(article.status, "Save"))
    secondary = [
        Action(t.name, t.label)
        for t in allowed
        if t.name != "schedule" and (primary is None or t.name != primary.name)
    ]
    return primary, secondary


def social_card(article: Article | None) -> dict:
    """How the story shows in search results and when shared (see public's share tags)."""
    if article and article.slug:
        address = article.get_absolute_url()
    else:
        # No slug yet ("…" is none, so a stand-in is reversed); desk-form.js fills it in.
        address = slug_url("public:article", "slug").removesuffix("slug/") + "…/"
    image = article.lead_image if article else None
    thumbnail = preview_img(image, ADMIN_PREVIEW, css_class="social-card-img") if image else ""
    return {
        "site": settings.SITE_NAME,
        "domain": settings.SITE_URL.split("://", 1)[-1],
        "url": f"{settings.SITE_URL}{address}",
        "title": (article.title if article else "") or "Your headline",
        # What the article page's share tags and meta description say.
        "dek": article.excerpt if article else "",
        "image": "" if thumbnail == "—" else thumbnail,
    }
