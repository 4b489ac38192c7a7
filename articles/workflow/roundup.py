"""The daily roundup: a draft "Key developments on <date>" listing the day's chosen stories."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape

from authors.models import Author

from .. import richtext
from ..models import Article
from .errors import NotAllowed, WorkflowError
from .roles import is_editor
from .saving import save_article
from .slugs import free_slug

Status = Article.Status


def roundup_title(day: date) -> str:
    """ROUNDUP_TITLE with the day in AP style ("Key developments on Nov. 28")."""
    return settings.ROUNDUP_TITLE.format(date=date_format(day, "N j"))


def roundup_candidates(day: date | None = None):
    """The day's published stories (newsroom time) a roundup can list, newest first."""
    day = day or timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    return (
        Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=start + timedelta(days=1))
        .exclude(is_roundup=True)
        .select_related("section", "lead_image")
        .order_by("-published_at", "-id")
    )


@transaction.atomic
def compose_roundup(*, by, stories: list[int] | None = None, day: date | None = None) -> Article:
    """A draft "Key developments on <date>" with a bullet per chosen story, in the given order.

    `stories` are ids among roundup_candidates(day) (others are ignored); None takes them all.
    The draft is made ready for the checklist where the items allow: the first item's section
    and the first lead image among them, the editor's own byline, the headlines as standfirst.
    """
    if not is_editor(by):
        raise NotAllowed("Only editors can compose the roundup.")
    day = day or timezone.localdate()
    candidates = {a.pk: a for a in roundup_candidates(day)}
    chosen = (
        list(candidates.values())
        if stories is None
        else [candidates[pk] for pk in dict.fromkeys(stories) if pk in candidates]
    )
    if not chosen:
        raise WorkflowError("Choose at least one story for the roundup.")
    title = roundup_title(day)
    slug = free_slug(f"key-developments-{day.isoformat()}")
    items = "".join(
        f'<li><a href="{escape(s.get_absolute_url())}">{escape(s.title)}</a></li>' for s in chosen
    )
    pictured = next((s for s in chosen if s.lead_image_id), None)
    article = Article(
        title=title,
        slug=slug,
        dek=richtext.cut_at_word("; ".join(s.title for s in chosen) + ".", 300),
        # The headline is the title; the body is the list itself.
        body=f"<ul>{items}</ul>",
        section=chosen[0].section,
        lead_image=pictured.lead_image if pictured else None,
        lead_image_caption=pictured.lead_image_caption if pictured else "",
        is_roundup=True,
        status=Status.DRAFT,
    )
    byline = Author.objects.filter(user=by).first()
    return save_article(
        article,
        by=by,
        expected_version=None,
        bylines=[byline] if byline is not None else None,
        action="compose_roundup",
        note=f"{len(chosen)} stories from {date_format(day, 'j M Y')}.",
    )
