"""What the desk keeps beside a story: its history (events, revisions), corrections, the
site-wide banner, people's notification choices, working copies and desk comments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from authors import languages

from .fields import desk_user
from .stories import Article


class WorkflowEvent(models.Model):
    """One transition of a story (or a desk action on it): who, when, from, to, why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=Article.Status)
    to_status = models.CharField(max_length=20, choices=Article.Status)
    actor = desk_user()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"

    @property
    def actor_name(self) -> str:
        if self.actor is None:
            return "the scheduler"
        return self.actor.get_full_name() or self.actor.get_username()


class ArticleRevision(models.Model):
    """A snapshot of a story's content after a save; restoring one makes a new revision."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    created_by = desk_user()
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return f"{self.article} (version {self.version})"


class Correction(models.Model):
    """A published correction, listed under the story with its time."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text="What was wrong and what is right, as readers will see it.")
    created_by = desk_user()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:80]


class Banner(models.Model):
    """A breaking-news strip shown across one language's pages between its start and end
    time."""

    language = models.CharField(
        max_length=12,
        default=languages.main,
        help_text="The pages that show it: those in this language (it links a story in it).",
    )
    text = models.CharField(max_length=200, help_text='Short and factual, e.g. "Air raid alert".')
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story the banner links to (optional).",
    )
    starts_at = models.DateTimeField(default=timezone.now, help_text="When the banner appears.")
    ends_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it disappears by itself; empty: it stays until an editor takes it down.",
    )
    created_by = desk_user(editable=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="banner_ends_after_start",
            )
        ]

    def __str__(self):
        return self.text

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class NotificationPreference(models.Model):
    """Which desk emails a user wants (articles.notifications); no row means all of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    review_requests = models.BooleanField(
        "stories submitted for review", default=True, help_text="Editors only."
    )
    changes_requested = models.BooleanField(
        "changes requested on my stories",
        default=True,
        help_text="Stories you wrote or carry your byline.",
    )
    published = models.BooleanField(
        "my stories published", default=True, help_text="Stories you wrote or carry your byline."
    )
    schedule_failed = models.BooleanField(
        "scheduled stories that could not go out", default=True, help_text="Editors only."
    )

    def __str__(self):
        return f"Notifications for {self.user}"


class WorkingCopy(models.Model):
    """A writer's unsaved text, autosaved from the desk form every few seconds.

    Not a revision and not the story: saving it never moves the story's version, so nobody
    else's form goes stale. One per person and story; a story not created yet (no headline)
    has one per person with `article` empty. Saving the form for real deletes it.

    `page` names the opening of the form that typed it (articles.presence.new_page_id): an
    autosave from another page never replaces it while it holds unsaved text, so text typed in
    one tab (or before a reload) is offered back, not overwritten.
    """

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="working_copies"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    # The story's version the text was typed against (none for a story not created yet).
    base_version = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    page = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_working_copy_per_story"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="one_unsaved_new_story_per_user",
            ),
        ]
        verbose_name_plural = "working copies"

    def __str__(self):
        return f"{self.user}'s working copy of {self.article or 'a new story'}"


class DeskComment(models.Model):
    """A note for the desk on a story, threaded by replies; never shown to readers."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="desk_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "created_at"])]

    def __str__(self):
        return self.text[:80]

    @property
    def author_name(self) -> str:
        if self.author is None:
            return "A former colleague"
        return self.author.get_full_name() or self.author.get_username()
