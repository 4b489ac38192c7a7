"""Live stories' posts: timestamped updates, each write traced in a revision."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from .. import richtext
from .fields import desk_user
from .stories import Article

# The searchable text of a live story's posts is capped: search needs words, not the whole day.
LIVE_TEXT_LIMIT = 100_000


class LivePostQuerySet(models.QuerySet):
    def visible(self):
        """Posts readers see: not deleted."""
        return self.filter(deleted_at__isnull=True)

    def for_timeline(self, before=None):
        """A live story's posts as its page shows them, newest first (keyset on time, id)."""
        posts = self.visible().select_related("author")
        if before is not None:
            posts = posts.filter(before.older_q())
        return posts.order_by("-published_at", "-id")

    def highlights(self):
        """Pinned posts and key events: the top of a live page, newest first."""
        return (
            self.visible()
            .filter(Q(is_pinned=True) | Q(is_key_event=True))
            .order_by("-published_at", "-id")
        )

    def live_text(self) -> str:
        """These posts as the plain text search finds their story by (Article.live_text):
        the visible ones, newest first, each headline and body."""
        texts = [
            richtext.html_to_text(f"<p>{escape(headline)}</p>{body}")
            for headline, body in self.visible()
            .order_by("-published_at", "-id")
            .values_list("headline", "body")
        ]
        return " ".join(texts)[:LIVE_TEXT_LIMIT]


class LivePost(models.Model):
    """One timestamped update on a live story. Changed only through articles.workflow, which
    keeps a LivePostRevision of every write; deleting hides a post (readers never see it) and
    keeps it for the desk."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_posts")
    # Named like a story's, so the listings' keyset cursor (articles.pagination) pages posts too.
    published_at = models.DateTimeField("time", default=timezone.now)
    headline = models.CharField(max_length=200, blank=True)
    body = models.TextField(help_text="Scripts and styles are removed.")
    author = models.ForeignKey(
        "authors.Author", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_pinned = models.BooleanField(
        "pinned", default=False, help_text="Shown at the top of the live page, above the posts."
    )
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="Listed in the key-events summary at the top."
    )
    created_by = desk_user()
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LivePostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["article", "-published_at", "-id"], name="livepost_timeline_idx")
        ]
        verbose_name = "live post"

    def __str__(self):
        return self.headline or richtext.cut_at_word(richtext.html_to_text(self.body), 60)

    def save(self, *args, **kwargs):
        self.refresh_derived_fields()
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"body", "deleted_at"} & set(update_fields):
            from .pictures import ArticlePicture  # it names LivePost: imported once both exist

            ArticlePicture.objects.keep_post(self)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def refresh_derived_fields(self):
        """Sanitise the body (a restore calls this for rows it inserted past save())."""
        self.body = richtext.sanitise(self.body)

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    @property
    def text(self) -> str:
        return richtext.html_to_text(self.body)

    @property
    def summary(self) -> str:
        """The headline, or the post's first words: a line in the key-events list."""
        return self.headline or richtext.cut_at_word(self.text, 120)


class LivePostRevision(models.Model):
    """The trace of every write to a live post: who posted, edited or deleted it, and what it
    said then."""

    class Action(models.TextChoices):
        POST = "post", "Posted"
        EDIT = "edit", "Edited"
        DELETE = "delete", "Deleted"

    post = models.ForeignKey(LivePost, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(max_length=10, choices=Action)
    data = models.JSONField()
    actor = desk_user()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
