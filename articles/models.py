import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.html import escape
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from authors.addresses import slug_url
from media.models import Image

from . import blocks, richtext, signals, visibility
from .pagination import Cursor

EXCERPT_LENGTH = 220
# The searchable text of a live story's posts is capped: search needs words, not the whole day.
LIVE_TEXT_LIMIT = 100_000


def new_preview_key() -> str:
    """A fresh per-story secret for preview links (see articles.preview)."""
    return secrets.token_urlsafe(12)


def desk_user(**options):
    """Who did something on the desk: a link that outlives the account (deleting a user keeps
    the record, with nobody named) and adds no reverse accessor to the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class Section(models.Model):
    """A desk of the newsroom (Politics, Business…); every published story belongs to one."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation, smallest first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("public:section", self.slug)


class TaggedArticleQuerySet(models.QuerySet):
    def relist(self):
        """Set `listed_at` from the stories themselves (after rows were written past
        Article.save(): a restore, a bulk load). One statement."""
        return self.update(
            listed_at=models.Subquery(
                Article.objects.filter(pk=OuterRef("content_object_id"))
                .listed()
                .values("published_at")[:1]
            )
        )


class TaggedArticle(TaggedItemBase):
    # A real foreign key (not taggit's generic relation) so tag pages join on an index.
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    # The story's publication time while readers may list it (a published story, not a
    # page), else null. A copy kept by Article.save() and tag changes, so "the newest stories
    # with this tag" (related stories) is a short walk down this table's own index rather than
    # down every story's, probing the tag for each: the walk grew with the tag's rarity.
    listed_at = models.DateTimeField(null=True, editable=False)

    objects = TaggedArticleQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["tag", "content_object"]),
            models.Index(
                fields=["tag", "-listed_at", "-content_object"],
                condition=Q(listed_at__isnull=False),
                name="tagged_listed_idx",
            ),
        ]


class ArticleQuerySet(models.QuerySet):
    def published(self, before=None):
        """Stories readers may see: published, with a publish time that has come.

        With `before` (a pagination Cursor), only those older than it. The cursor's bound is
        written ahead of "now": SQLite ranges the index on the first bound it meets, which
        keeps page 5,000 as cheap as page 1.
        """
        bound = before.older_q() if before is not None else None
        return self.filter(visibility.q(visibility.VISIBLE, bound=bound))

    def stories(self):
        """News stories, not standing pages (About, Contact…): only stories are listed."""
        return self.filter(visibility.q([visibility.STORY]))

    def listed(self):
        """Published stories whatever their publication time (embargoed ones too): those whose
        tag rows carry `TaggedArticle.listed_at`."""
        return self.filter(visibility.q([visibility.PUBLISHED, visibility.STORY]))

    def for_listing(self, before=None):
        """Published stories as cards need them, newest first, in one query (their pictures'
        renditions are loaded only for the cards a page must render: public.cards)."""
        return (
            self.published(before)
            .stories()
            .select_related("section", "lead_image")
            .defer("body", "body_text", "live_text")
            .order_by("-published_at", "-id")
        )

    def newest_cursor(self):
        """The (published_at, id) of the newest published story, from the feed index."""
        row = (
            self.published()
            .stories()
            .order_by("-published_at", "-id")
            .values_list("published_at", "id")
        )
        newest = row.first()
        return Cursor(*newest) if newest else None

    def in_section(self, section):
        return self.filter(section=section)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def used_tags(self):
        """The tags on at least one of these stories: `published().used_tags()` are public.

        A correlated EXISTS, so a tag page's lookup probes the tag's own stories through the
        tag index (an IN over every published story made PostgreSQL scan the table)."""
        return Tag.objects.filter(Exists(self.filter(tags=OuterRef("pk"))))

    def owned_by(self, user):
        """A writer's own stories: created by them or carrying their byline (workflow.owns)."""
        bylined = ArticleAuthor.objects.filter(author__user=user).values("article_id")
        return self.filter(Q(created_by=user) | Q(pk__in=bylined))

    def by_author(self, author):
        # A subquery rather than a join, so co-bylines never repeat a story.
        return self.filter(pk__in=ArticleAuthor.objects.filter(author=author).values("article_id"))

    def for_detail(self):
        """A story as its page shows it: section, lead image, bylines, tags and whether it
        has corrections (most have none: `Article.listed_corrections()` then asks nothing).
        Not filtered by state: the article page and the preview decide what may be shown."""
        return (
            self.select_related("section", "lead_image", "share_image")
            .with_bylines()
            .with_tags()
            .annotate(has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))))
        )

    # Prefetched into plain lists (`to_attr`), read by Article.ordered_bylines() and
    # shown_tags(): a related manager and its queryset made per story cost a 30-item feed
    # more than its queries did.
    def with_bylines(self):
        return self.prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleAuthor.objects.select_related("author__avatar").order_by(
                    "position", "id"
                ),
                to_attr="prefetched_bylines",
            )
        )

    def with_tags(self):
        # The tag rows in the order the tags were given, as public.card_loading reads them:
        # taggit's own prefetch promises no order, and PostgreSQL's changed with the table's
        # layout (a feed, and its ETag, could differ between two identical requests).
        return self.prefetch_related(
            Prefetch(
                "taggedarticle_set",
                queryset=TaggedArticle.objects.select_related("tag").order_by("id"),
                to_attr="prefetched_tag_rows",
            )
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    # The states in which a story's pictures are public: readers see them now or at a set
    # time, so a change to one of them goes live at once (the media library's rule, through
    # `image_use_is_public` here and on ArticlePicture). A filter, so the library asks with
    # one query.
    PICTURES_PUBLIC_IN = (Status.PUBLISHED, Status.SCHEDULED)
    image_use_is_public = Q(status__in=PICTURES_PUBLIC_IN)

    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        help_text="The end of the story's address on the site: /news/this-part/.",
    )
    dek = models.TextField(
        "standfirst",
        blank=True,
        help_text="One or two sentences under the headline; also the summary in feeds.",
    )
    body = models.TextField(blank=True, help_text="The story. Scripts and styles are removed.")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    lead_image = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.TextField(
        "caption for this story",
        blank=True,
        help_text="Leave empty to use the image's own caption.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        help_text="Readers see a story only when it is Published and its publish time has come.",
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the story went (or goes) public."
    )
    significant_update_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text='Shown to readers as "Updated: …". Moves only when an editor marks an update.',
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Stamped by save() (see there): what auto_now did, except that an import keeps the time
    # of its source's last edit in the same save.
    modified_at = models.DateTimeField(default=timezone.now, blank=True, editable=False)

    # Workflow bookkeeping, written by articles.workflow (never edited in a form).
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up on every save; stale forms are refused."
    )
    created_by = desk_user(editable=False)
    modified_by = desk_user(editable=False)
    takedown_reason = models.TextField(
        blank=True, editable=False, help_text="Why the story was taken down (desk only)."
    )
    takedown_notice = models.TextField(
        blank=True,
        editable=False,
        help_text="Shown to readers who open the removed story's address.",
    )
    schedule_problem = models.TextField(
        blank=True,
        editable=False,
        help_text="What the story lacked when its scheduled time came; it stays scheduled "
        "until this is fixed.",
    )
    is_roundup = models.BooleanField(
        default=False,
        editable=False,
        help_text="A daily Key developments roundup; never listed as an item of the next one.",
    )

    class Kind(models.TextChoices):
        STORY = "story", "Story"
        PAGE = "page", "Standing page"

    kind = models.CharField(
        max_length=10,
        choices=Kind,
        default=Kind.STORY,
        help_text="A standing page (About, Contact…) has an address but is never listed.",
    )
    # What search engines and social cards show, when it should differ from the story's own.
    seo_title = models.CharField(
        "search title", max_length=300, blank=True, help_text="The title search engines show."
    )
    seo_description = models.TextField(
        "search description",
        blank=True,
        help_text="The summary search engines show; the standfirst when empty.",
    )
    canonical_url = models.URLField(
        "canonical address",
        max_length=500,
        blank=True,
        help_text="Only for a story first published elsewhere: that address.",
    )
    share_title = models.CharField(
        "social title", max_length=300, blank=True, help_text="The title on social cards."
    )
    share_description = models.TextField(
        "social description", blank=True, help_text="The summary on social cards."
    )
    share_image = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="social image",
        help_text="The picture on social cards; the lead image when empty.",
    )
    preview_key = models.CharField(
        max_length=32,
        default=new_preview_key,
        editable=False,
        help_text="Part of every preview link; a new key (on takedown or on request) "
        "ends all links shared before.",
    )
    ghost_id = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="The post's id on the Ghost site it was imported from; imports match on it.",
    )

    # Live coverage: a story with a start time is a live story; readers see the live badge
    # until the coverage ends (articles.workflow.start_coverage / end_coverage).
    coverage_started_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When live coverage began."
    )
    coverage_ended_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When live coverage ended."
    )
    # The live posts as plain text, kept by the workflow, so search finds a story by its posts.
    live_text = models.TextField(blank=True, editable=False)

    # Derived from the body on save, so listings never load or parse it.
    body_text = models.TextField(blank=True, editable=False)
    excerpt = models.CharField(max_length=EXCERPT_LENGTH + 10, blank=True, editable=False)
    reading_time = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and review any story"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_feed_idx"),
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ghost_id"], condition=~Q(ghost_id=""), name="article_unique_ghost_id"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, before=None, modified_at=None, **kwargs):
        """Save with the derived fields worked out. `before` is the row as it was, when the
        caller holds it (the workflow's locked row): listeners of this save get it through
        articles.signals.row_save instead of reading it again. `modified_at` is now unless
        given (a story imported from elsewhere keeps its source's last edit time)."""
        self.modified_at = modified_at or timezone.now()
        self.refresh_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_text", "excerpt", "reading_time"}
        if update_fields is not None and "live_text" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_text"}
        with signals.saving(self, before):
            super().save(*args, **kwargs)
        if update_fields is None or {"status", "published_at", "kind"} & set(update_fields):
            self.relist_tags()
        if update_fields is None or "body" in update_fields:
            ArticlePicture.objects.keep(self)

    def get_absolute_url(self):
        return slug_url("public:article", self.slug)

    @property
    def listed_at(self):
        """What this story's tag rows carry as `TaggedArticle.listed_at`."""
        listed = self.status == self.Status.PUBLISHED and self.kind == self.Kind.STORY
        return self.published_at if listed else None

    def relist_tags(self) -> None:
        """Bring the copy of the publication time on this story's tag rows up to date. Writes
        only rows that differ: an autosave of a draft writes nothing."""
        rows = TaggedArticle.objects.filter(content_object_id=self.pk)
        value = self.listed_at
        if value is None:
            rows = rows.filter(listed_at__isnull=False)
        else:
            rows = rows.exclude(listed_at=value)
        rows.update(listed_at=value)

    def refresh_derived_fields(self):
        """Sanitise the body and derive what listings show from it (bulk inserts call this)."""
        self.body = richtext.sanitise(self.body)
        text = richtext.html_to_text(self.body)
        # The searchable text: the story, then its live posts.
        self.body_text = f"{text} {self.live_text}".strip()
        self.excerpt = richtext.cut_at_word(self.dek or text, EXCERPT_LENGTH)
        self.reading_time = richtext.reading_minutes(text)

    @property
    def is_published(self) -> bool:
        """The instance twin of ArticleQuerySet.published()."""
        return visibility.holds(visibility.VISIBLE, self)

    @property
    def is_live_story(self) -> bool:
        """A story told as timestamped live posts (its coverage has started, ended or not)."""
        return self.coverage_started_at is not None

    @property
    def is_live(self) -> bool:
        """Coverage is on: readers see the live badge on the story and its cards."""
        return self.is_live_story and (
            self.coverage_ended_at is None or self.coverage_ended_at > timezone.now()
        )

    @property
    def was_taken_down(self) -> bool:
        return self.status == self.Status.UNPUBLISHED

    @property
    def was_ever_public(self) -> bool:
        """Published now or once (or going out on schedule): such a story is never deleted,
        only taken down, so its address answers 410 and its history stays."""
        return self.status in (
            self.Status.PUBLISHED,
            self.Status.UNPUBLISHED,
            self.Status.SCHEDULED,
        )

    @property
    def caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def last_changed_at(self):
        return max(filter(None, [self.published_at, self.significant_update_at]), default=None)

    def ordered_bylines(self) -> list:
        """The bylines in the editors' order: those `with_bylines()` loaded, else one query."""
        prefetched = self.__dict__.get("prefetched_bylines")
        return prefetched if prefetched is not None else list(self.bylines.all())

    def shown_tags(self) -> list:
        """The story's tags: those `with_tags()` loaded, else one query."""
        rows = self.__dict__.get("prefetched_tag_rows")
        if rows is not None:
            return [row.tag for row in rows]
        prefetched = self.__dict__.get("prefetched_tags")  # set by public.card_loading
        return prefetched if prefetched is not None else list(self.tags.all())

    def byline_groups(self) -> list[tuple[str, list]]:
        """Bylines grouped by role in order of first appearance: [("By", [a, b]), …]."""
        groups: dict[str, list] = {}
        for byline in self.ordered_bylines():
            groups.setdefault(byline.get_role_display(), []).append(byline.author)
        return list(groups.items())

    def listed_corrections(self) -> list:
        """The published corrections, oldest first: none asked for when the story was loaded
        with `for_detail()` and has none."""
        if self.__dict__.get("has_corrections") is False:
            return []
        if "_listed_corrections" not in self.__dict__:  # the page and its JSON-LD: one query
            self.__dict__["_listed_corrections"] = list(self.corrections.all())
        return self.__dict__["_listed_corrections"]

    def authors(self) -> list:
        seen, result = set(), []
        for byline in self.ordered_bylines():
            if byline.author_id not in seen:
                seen.add(byline.author_id)
                result.append(byline.author)
        return result


class ArticleAuthor(models.Model):
    """One byline on a story; `position` keeps the order editors chose."""

    class Role(models.TextChoices):
        BY = "by", "By"
        REPORTING = "reporting", "Reporting by"
        ADDITIONAL = "additional", "Additional reporting by"
        PHOTOS = "photos", "Photos by"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(max_length=20, choices=Role, default=Role.BY)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="unique_byline_per_role"
            )
        ]
        indexes = [models.Index(fields=["author", "article"])]
        verbose_name = "byline"

    def __str__(self):
        return f"{self.get_role_display()} {self.author}"


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
    """A breaking-news strip shown site-wide between its start and end time."""

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
    ends_at = models.DateTimeField(help_text="When it disappears by itself.")
    created_by = desk_user(editable=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="banner_ends_after_start",
            )
        ]

    def __str__(self):
        return self.text

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


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
    """

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="working_copies"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    # The story's version the text was typed against (none for a story not created yet).
    base_version = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

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


class ArticlePictureQuerySet(models.QuerySet):
    def keep(self, article: Article) -> None:
        """Bring the rows of a story's body up to date with what it shows (Article.save())."""
        self._keep(self.filter(article=article, live_post=None), article.body, article=article)

    def keep_post(self, post: "LivePost") -> None:
        """The same for a live post; a deleted post shows nothing (LivePost.save())."""
        html = "" if post.deleted_at else post.body
        self._keep(self.filter(live_post=post), html, article_id=post.article_id, live_post=post)

    def _keep(self, rows, html: str, **owner) -> None:
        # One read when nothing changed (most saves); writes only the rows that differ.
        wanted = body_pictures(html)
        have = {
            (image_id, place): pk
            for pk, image_id, place in rows.values_list("pk", "image", "place")
        }
        gone = [pk for found, pk in have.items() if found not in wanted]
        new = wanted - have.keys()
        if new:
            # A body may name an image that is no longer in the library: readers see nothing.
            exist = set(
                Image.objects.filter(pk__in={image_id for image_id, _ in new}).values_list(
                    "pk", flat=True
                )
            )
            new = {(image_id, place) for image_id, place in new if image_id in exist}
        if gone:
            self.filter(pk__in=gone).delete()
        if new:
            self.bulk_create(
                [ArticlePicture(image_id=i, place=p, **owner) for i, p in sorted(new)],
                ignore_conflicts=True,  # a concurrent save of the same post wrote them first
            )

    def rebuild(self) -> None:
        """Every row again, from the stories and posts themselves (after rows were written past
        save(): a restore of an archive made before this table)."""
        self.all().delete()
        self.bulk_create(picture_rows(Article, LivePost, ArticlePicture, Image), batch_size=500)


def body_pictures(html: str) -> set[tuple[int, str]]:
    """(image id, place) for each library picture a stored body or post shows."""
    if "data-image" not in html and "data-thumbnail" not in html:
        return set()  # most bodies show no picture: no need to read them
    return set(blocks.pictures(blocks.read(html)))


def picture_rows(article_model, post_model, picture_model, image_model) -> list:
    """The rows of ArticlePicture as the stories and posts say (models given, so the migration
    that made the table fills it with its own)."""
    with_pictures = Q(body__contains="data-image") | Q(body__contains="data-thumbnail")
    found = []
    for pk, body in article_model.objects.filter(with_pictures).values_list("pk", "body"):
        found += [(pk, None, i, p) for i, p in body_pictures(body)]
    posts = post_model.objects.filter(with_pictures, deleted_at__isnull=True)
    for pk, article_id, body in posts.values_list("pk", "article_id", "body"):
        found += [(article_id, pk, i, p) for i, p in body_pictures(body)]
    images = set(
        image_model.objects.filter(pk__in={row[2] for row in found}).values_list("pk", flat=True)
    )
    return [
        picture_model(article_id=a, live_post_id=post, image_id=i, place=p)
        for a, post, i, p in sorted(found, key=lambda row: (row[0], row[1] or 0, row[2], row[3]))
        if i in images
    ]


class ArticlePicture(models.Model):
    """A library picture a story shows in its text: in its body (an inline picture, a gallery,
    an embed's thumbnail) or in one of its live posts.

    Derived, never edited: kept in step by Article.save() and LivePost.save() from
    articles.blocks.pictures (the one definition of a body's pictures), filled for existing
    stories by a migration and rebuilt after a restore. It makes a picture in a body a foreign
    key to the image like a lead image or a portrait, so the media library (media/usage.py),
    which finds every foreign key to Image by itself, counts it: "Used by", "Not used yet",
    and whether a writer may still change the picture. A deleted live post shows nothing and
    has no rows.
    """

    class Place(models.TextChoices):
        INLINE = blocks.INLINE, "inline picture"
        GALLERY = blocks.GALLERY, "gallery picture"
        EMBED = blocks.EMBED, "embed thumbnail"

    # For the media library: public while the story is (a story's rule, see Article).
    image_use_is_public = Q(article__status__in=Article.PICTURES_PUBLIC_IN)
    # The library names the story, not this row.
    image_use_of = "article"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pictures")
    live_post = models.ForeignKey(
        LivePost, null=True, blank=True, on_delete=models.CASCADE, related_name="pictures"
    )
    # Deleting an image takes it off the stories (the library's delete page lists them first).
    image = models.ForeignKey(
        "media.Image", on_delete=models.CASCADE, related_name="+", verbose_name="picture"
    )
    place = models.CharField(max_length=10, choices=Place)

    objects = ArticlePictureQuerySet.as_manager()

    class Meta:
        verbose_name = "picture in a story"
        verbose_name_plural = "pictures in stories"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "image", "place"],
                condition=Q(live_post__isnull=True),
                name="article_picture_once_per_body",
            ),
            models.UniqueConstraint(
                fields=["live_post", "image", "place"],
                condition=Q(live_post__isnull=False),
                name="article_picture_once_per_post",
            ),
        ]

    def __str__(self):
        return f"{self.describe_image_use()}: {self.article}"

    def describe_image_use(self) -> str:
        """How the story shows the picture, for the library's "Used by"."""
        place = self.get_place_display()
        return f"{place} in a live post" if self.live_post_id else place


class FrontPageSlotQuerySet(models.QuerySet):
    def active(self, now=None):
        """Slots whose hold has not run out and whose story readers may see."""
        now = now or timezone.now()
        return self.filter(
            visibility.q(visibility.VISIBLE, now=now, prefix="article__"), until__gt=now
        )


class FrontPageSlot(models.Model):
    """An editor's choice for a place on the front page, held until a set time; when it runs
    out (or the slot is empty) the newest stories fill the place again."""

    class Slot(models.TextChoices):
        LIVE = "live", "Live strip (above everything)"
        LEAD = "lead", "Lead story"
        TOP_1 = "top1", "Top story 1"
        TOP_2 = "top2", "Top story 2"
        TOP_3 = "top3", "Top story 3"
        TOP_4 = "top4", "Top story 4"

    slot = models.CharField(max_length=10, choices=Slot, unique=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A published story (for the live strip, a live story).",
    )
    until = models.DateTimeField(
        help_text="The story holds the place until then; afterwards the newest stories fill it."
    )
    set_by = desk_user(editable=False)
    set_at = models.DateTimeField(auto_now=True)

    objects = FrontPageSlotQuerySet.as_manager()

    class Meta:
        ordering = ["slot"]
        verbose_name = "front page slot"

    def __str__(self):
        return f"{self.get_slot_display()}: {self.article}"

    @property
    def is_active(self) -> bool:
        return self.until > timezone.now() and self.article.is_published


def relist_added_tags(sender, instance, action, **kwargs):
    """Tag rows taggit just added carry the story's listing time too (connected in apps)."""
    if action == "post_add" and isinstance(instance, Article):
        instance.relist_tags()
