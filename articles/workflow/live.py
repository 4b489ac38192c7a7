"""Live coverage: a story that grows through the day by timestamped posts.

Posts are rows of their own: writers post side by side without version conflicts, and a story
edit never overwrites them (save_article keeps LIVE_FIELDS as the database has them). Every
write to a post keeps a LivePostRevision and refreshes the story's searchable post text.

Each language's edition of a live story has its own posts. A key event can go to the other
live editions at the same moment, each in its own words (post_key_event).
"""

import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from authors import languages
from authors.models import Author

from .. import richtext
from ..models import Article, LivePost, LivePostRevision
from .errors import NotAllowed, WorkflowError
from .records import announce, lock, record
from .roles import can_view, is_editor

LIVE_FIELDS = ("coverage_started_at", "coverage_ended_at", "live_text")
BYLINE_REFUSED = "Writers post under their own byline; an editor can credit another author."


def can_post_live(user, article: Article) -> bool:
    """Editors and writers post to a live story whose coverage is on and that they may open
    (a draft live story stays with its writers and the editors)."""
    return bool(
        user
        and user.is_active
        and user.is_authenticated
        and user.has_perm("articles.add_article")
        and article.is_live
        and can_view(user, article)
    )


def can_change_post(user, post: LivePost) -> bool:
    """Editors edit and delete any post; writers their own, on a story they may still open."""
    if not (user and user.is_active and user.is_authenticated):
        return False
    if is_editor(user):
        return True
    return (
        post.created_by_id == user.pk
        and user.has_perm("articles.add_article")
        and can_view(user, post.article)
    )


def may_byline(user, author: Author | None) -> bool:
    """Writers byline posts as themselves (or with no byline); editors as any author."""
    return author is None or is_editor(user) or author.user_id == user.pk


def _set_coverage(article: Article, *, by, action: str, **changes) -> Article:
    current = lock(article)
    before = copy(current)
    for field, value in changes.items():
        setattr(current, field, value)
        setattr(article, field, value)
    current.save(update_fields=[*changes, "modified_at"], before=before)
    record(current, action, current.status, by)
    announce(current, action, current.status)
    return article


@transaction.atomic
def start_coverage(article: Article, *, by) -> Article:
    """Make a story live: it takes posts and readers see the live badge."""
    if not is_editor(by):
        raise NotAllowed("Only editors can start live coverage.")
    if article.is_live:
        raise WorkflowError("Live coverage of this story is already on.")
    return _set_coverage(
        article,
        by=by,
        action="start_coverage",
        coverage_started_at=article.coverage_started_at or timezone.now(),
        coverage_ended_at=None,
    )


@transaction.atomic
def end_coverage(article: Article, *, by) -> Article:
    """End live coverage: the badge goes off; the posts stay on the story."""
    if not is_editor(by):
        raise NotAllowed("Only editors can end live coverage.")
    if not article.is_live:
        raise WorkflowError("Live coverage of this story is not on.")
    return _set_coverage(article, by=by, action="end_coverage", coverage_ended_at=timezone.now())


def _post_snapshot(post: LivePost) -> dict:
    return {
        "headline": post.headline,
        "body": post.body,
        "is_pinned": post.is_pinned,
        "is_key_event": post.is_key_event,
        "author": post.author_id,
        "published_at": post.published_at.isoformat(),
    }


def _trace(post: LivePost, action: str, by) -> None:
    LivePostRevision.objects.create(post=post, action=action, data=_post_snapshot(post), actor=by)


def _posts_changed(article_id: int) -> None:
    """Refresh the story's searchable post text and tell the public site (after commit)."""
    article = Article.objects.select_for_update(of=("self",)).get(pk=article_id)
    before = copy(article)
    article.live_text = LivePost.objects.filter(article_id=article_id).live_text()
    article.save(update_fields=["live_text", "modified_at"], before=before)
    announce(article, "live_post", article.status)


def _post_html(text: str) -> str:
    """Posts are typed fast: plain text becomes paragraphs; HTML is kept (and sanitised)."""
    if "<" in text:
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)


def check_post_body(body: str) -> str:
    """A post's body as it is stored (sanitised HTML); WorkflowError when no text is left."""
    html = richtext.sanitise(_post_html(body or ""))
    if not richtext.html_to_text(html):
        raise WorkflowError("Write the post: it has no text.")
    return html


@transaction.atomic
def add_live_post(
    article: Article,
    *,
    by,
    body: str,
    headline: str = "",
    is_pinned: bool = False,
    is_key_event: bool = False,
    author=None,
    published_at: datetime | None = None,
) -> LivePost:
    """Post an update to a live story; the byline is the poster's author profile if any."""
    if not article.is_live_story or (by is not None and not article.is_live):
        raise WorkflowError("Start live coverage of this story before posting.")
    if by is not None and not can_post_live(by, article):
        raise NotAllowed("Only writers and editors can post to live stories.")
    if by is not None and not may_byline(by, author):
        raise NotAllowed(BYLINE_REFUSED)
    if author is None and by is not None:
        author = Author.objects.filter(user=by).first()
    post = LivePost.objects.create(
        article=article,
        body=check_post_body(body),
        headline=headline.strip(),
        is_pinned=is_pinned,
        is_key_event=is_key_event,
        author=author,
        created_by=by,
        published_at=published_at or timezone.now(),
    )
    _trace(post, LivePostRevision.Action.POST, by)
    _posts_changed(article.pk)
    return post


POST_FIELDS = ("headline", "body", "is_pinned", "is_key_event", "author")


@transaction.atomic
def edit_live_post(post: LivePost, *, by, **changes) -> LivePost:
    """Change a post in place; the revision keeps what it says now, the one before what it said."""
    if not can_change_post(by, post):
        raise NotAllowed("Only editors can change other writers' posts.")
    unknown = set(changes) - set(POST_FIELDS)
    if unknown:
        raise WorkflowError(f"Posts have no {', '.join(sorted(unknown))}.")
    # A byline an editor gave the post may stay when its writer edits it; a new one is checked.
    author = changes.get("author")
    new_byline = "author" in changes and getattr(author, "pk", None) != post.author_id
    if new_byline and not may_byline(by, author):
        raise NotAllowed(BYLINE_REFUSED)
    if "body" in changes:
        changes["body"] = check_post_body(changes["body"])
    if "headline" in changes:
        changes["headline"] = changes["headline"].strip()
    for field, value in changes.items():
        setattr(post, field, value)
    post.edited_at = timezone.now()
    post.save()
    _trace(post, LivePostRevision.Action.EDIT, by)
    _posts_changed(post.article_id)
    return post


@transaction.atomic
def delete_live_post(post: LivePost, *, by) -> LivePost:
    """Hide a post from readers; the desk keeps it and who deleted it."""
    if not can_change_post(by, post):
        raise NotAllowed("Only editors can delete other writers' posts.")
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        _trace(post, LivePostRevision.Action.DELETE, by)
        _posts_changed(post.article_id)
    return post


def other_editions(article: Article) -> list[Article]:
    """The story's editions in the newsroom's other languages, in the order they are set."""
    order = languages.codes()
    found = Article.objects.filter(translation_key=article.translation_key, language__in=order)
    return sorted(found.exclude(pk=article.pk), key=lambda edition: order.index(edition.language))


def key_event_editions(article: Article, *, by) -> list[Article]:
    """The other editions a key event posted to `article` by `by` can also go to: those whose
    live coverage is on and where `by` may post."""
    return [edition for edition in other_editions(article) if can_post_live(by, edition)]


@dataclass(frozen=True)
class EditionPost:
    """A key event in another edition of the live story, in that edition's language."""

    edition: Article
    body: str
    headline: str = ""


@transaction.atomic
def post_key_event(
    article: Article,
    *,
    by,
    body: str,
    headline: str = "",
    is_pinned: bool = False,
    author=None,
    also: Sequence[EditionPost] = (),
) -> list[LivePost]:
    """Post a key event to a live story and, at the same moment, to each other edition in
    `also` in its own words. All or nothing: every edition is checked as if posted to alone
    (its coverage on, `by` allowed to post there, text given). Returns the posts, `article`'s
    first."""
    seen = {article.language}
    for other in also:
        edition, name = other.edition, languages.english_name(other.edition.language)
        if edition.translation_key != article.translation_key or edition.language in seen:
            raise WorkflowError(f"The {name} post goes to this story's {name} edition, once.")
        seen.add(edition.language)
        if not edition.is_live:
            raise WorkflowError(f"Start live coverage of the {name} edition before posting to it.")
        if not can_post_live(by, edition):
            raise NotAllowed(f"You may not post to the {name} edition of this story.")
        try:
            check_post_body(other.body)
        except WorkflowError:
            raise WorkflowError(f"Write the {name} post: it has no text.") from None
    flags = {"is_pinned": is_pinned, "is_key_event": True, "author": author}
    flags["published_at"] = timezone.now()  # one moment in every edition's timeline
    posts = [add_live_post(article, by=by, body=body, headline=headline, **flags)]
    for other in also:
        posts.append(
            add_live_post(other.edition, by=by, body=other.body, headline=other.headline, **flags)
        )
    return posts
