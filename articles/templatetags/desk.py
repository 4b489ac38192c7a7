from django import template
from django.conf import settings
from django.utils import timezone

from articles import desk_editions, desk_schedule, desk_time, inbox, workflow

register = template.Library()


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def desk(context):
    """The inbox at the top of the admin index: what needs this user now."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    editor = workflow.is_editor(user)
    return {
        "show": True,
        "is_editor": editor,
        "can_add": user.has_perm("articles.add_article"),
        # The translation board, for a newsroom in more than one language.
        "translations": desk_editions.several(),
        **(inbox.for_editor(user) if editor else inbox.for_writer(user)),
        "time_zone": settings.TIME_ZONE,
        "scheduler": desk_schedule.scheduler(),
        "stalled_scheduler": inbox.stalled_scheduler(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def ago(when):
    """A relative time with the exact local time (and zone) as its tooltip."""
    return desk_time.time_tag(when)


@register.filter
def waiting_since(when):
    return desk_time.duration(timezone.now() - when) if when else ""


@register.filter
def moment(when):
    """The desk's one way to say a time: "17:39" today, "7 Dec, 17:39" this year."""
    return desk_time.moment(when)


@register.filter
def sentence(event):
    """A workflow event as the sentence the story's History shows."""
    return workflow.event_sentence(event)


@register.filter
def schedule_notice(article, pulse):
    """Why a scheduled story has not gone out ("" while nothing is wrong)."""
    return desk_schedule.notice(article, pulse)
