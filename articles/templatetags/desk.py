from datetime import timedelta

from django import template
from django.utils import timezone

from articles import workflow
from articles.models import Article

register = template.Library()
DESK_LENGTH = 10


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def desk(context):
    """The desk at the top of the admin index: what needs doing, and what just went out."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    stories = (
        workflow.viewable(user)
        .select_related("section")
        .only("title", "status", "published_at", "modified_at", "section__name")
    )
    week_ago = timezone.now() - timedelta(days=7)
    return {
        "show": True,
        "is_editor": workflow.is_editor(user),
        "in_review": stories.filter(status=Article.Status.IN_REVIEW).order_by("modified_at")[
            :DESK_LENGTH
        ],
        "scheduled": stories.filter(status=Article.Status.SCHEDULED).order_by("published_at")[
            :DESK_LENGTH
        ],
        "recent": stories.published()
        .filter(published_at__gte=week_ago)
        .order_by("-published_at")[:DESK_LENGTH],
        "my_drafts": stories.filter(status=Article.Status.DRAFT, created_by=user).order_by(
            "-modified_at"
        )[:DESK_LENGTH],
        "csrf_token": context.get("csrf_token"),
    }
