"""Who may do what on the desk: editors, writers, and the stories each may open or edit.

Editors are whoever holds the publish permission (superusers too); writers write and submit
their own drafts. Every door of the desk asks these functions, never the permission itself.
"""

from django.db.models import Q

from ..models import Article

Status = Article.Status
EDITORS = "Editors"
WRITERS = "Writers"
PUBLISH_PERMISSION = "articles.publish_article"


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def is_editor(user) -> bool:
    """Editors (and superusers) review, publish, schedule and edit every story."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def owns(user, article: Article) -> bool:
    """A writer's own story: one they created or carry a byline on (the instance twin of
    ArticleQuerySet.owned_by)."""
    if not (user and user.is_authenticated) or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_edit(user, article: Article) -> bool:
    """Editors edit anything; writers only their own drafts."""
    if not (user and user.is_active and user.is_authenticated):
        return False
    if is_editor(user):
        return True
    if article.pk is None:
        return user.has_perm("articles.add_article")
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and owns(user, article)
    )


def _may_open_desk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view(user, article: Article) -> bool:
    """Who may open a story in the desk (its page, history, revisions): editors every story,
    writers their own and those readers can see now; others' drafts stay with their writers."""
    if not _may_open_desk(user) or not user.has_perm("articles.view_article"):
        return False
    return is_editor(user) or article.is_published or owns(user, article)


def viewable(user, queryset=None):
    """The queryset twin of `can_view`, for the desk's lists and choosers."""
    queryset = Article.objects.all() if queryset is None else queryset
    if not _may_open_desk(user) or not user.has_perm("articles.view_article"):
        return queryset.none()
    if is_editor(user):
        return queryset
    own = Article.objects.owned_by(user).values("pk")
    public = Article.objects.published().values("pk")
    return queryset.filter(Q(pk__in=own) | Q(pk__in=public))


def on_viewable(user, queryset):
    """Rows that belong to a story (live posts, corrections) on stories this user may open:
    what a story holds is as private as the story."""
    if is_editor(user):
        return queryset
    return queryset.filter(article__in=viewable(user).values("pk"))


def can_revoke_preview_links(user, article: Article) -> bool:
    """Editors, and the story's owner whatever its state, may end its shared preview links."""
    if not (user and user.is_authenticated and user.is_active) or article.pk is None:
        return False
    return is_editor(user) or owns(user, article)
