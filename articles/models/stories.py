"""Stories: the Article and its QuerySet (what "published" means), bylines (see taxonomy)."""

import uuid

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import Tag

from authors import languages
from authors.addresses import slug_url

from .. import richtext, signals, visibility
from ..pagination import Cursor
from .editions import EditionQuerySet
from .fields import desk_user, new_preview_key
from .taxonomy import Section, TaggedArticle

EXCERPT_LENGTH = 220


class ArticleQuerySet(EditionQuerySet):
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

    def in_language(self, language: str):
        """The editions in `language` ("" for the main one): each language's listings show
        its own. A listing's filter, not part of what readers may see (articles.visibility)."""
        return self.filter(language=language or languages.main())

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
        from .desk import Correction  # beside the other desk records, which import this module

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
        db_index=False,  # article_slug_per_language starts with it
        help_text="The end of the story's address on the site: /news/this-part/.",
    )
    # Editions: a story told in several languages is one row per language, sharing a key.
    # Each edition has its own text, address, bylines, revisions and workflow state.
    language = models.CharField(
        max_length=12,
        default=languages.main,
        help_text="The language this edition is written in.",
    )
    translation_key = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Shared by the editions of one story."
    )
    translated_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        editable=False,
        help_text="The edition this one was translated from.",
    )
    synced_revision = models.ForeignKey(
        "articles.ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The source's revision this edition was last brought up to date with; a "
        "newer source text makes the edition stale.",
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
    lead_image_alt = models.TextField(
        "alt text for this story",
        blank=True,
        help_text="What the picture shows, for readers who cannot see it, in this story's "
        "language. Leave empty to use the image's own.",
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
            # Readers' listings are a language's: its newest stories, and a section's, each a
            # walk down an index of that language alone, however few of the archive's stories
            # are in it. The two above serve what spans the languages (sitemaps, the desk).
            models.Index(
                fields=["language", "status", "-published_at", "-id"],
                name="article_language_feed_idx",
            ),
            models.Index(
                fields=["section", "language", "status", "-published_at", "-id"],
                name="article_language_section_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ghost_id"], condition=~Q(ghost_id=""), name="article_unique_ghost_id"
            ),
            # Slug first: the address is looked up by slug, within its language.
            models.UniqueConstraint(fields=["slug", "language"], name="article_slug_per_language"),
            models.UniqueConstraint(
                fields=["translation_key", "language"], name="article_one_edition_per_language"
            ),
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
        if update_fields is None or {"status", "published_at", "kind", "language"} & set(
            update_fields
        ):
            self.relist_tags()
        if update_fields is None or "body" in update_fields:
            from .pictures import ArticlePicture  # it names Article: imported once both exist

            ArticlePicture.objects.keep(self)

    def get_absolute_url(self):
        return slug_url("public:article", self.slug, self.language)

    @property
    def listed_at(self):
        """What this story's tag rows carry as `TaggedArticle.listed_at`."""
        listed = self.status == self.Status.PUBLISHED and self.kind == self.Kind.STORY
        return self.published_at if listed else None

    def relist_tags(self) -> None:
        """Bring the copy of the publication time and language on this story's tag rows up to
        date. Writes only rows that differ: an autosave of a draft writes nothing."""
        rows = TaggedArticle.objects.filter(content_object_id=self.pk)
        value = self.listed_at
        if value is None:
            rows = rows.filter(Q(listed_at__isnull=False) | ~Q(language=self.language))
        else:
            rows = rows.exclude(listed_at=value, language=self.language)
        rows.update(listed_at=value, language=self.language)

    def refresh_derived_fields(self):
        """Sanitise the body and derive what listings show from it (bulk inserts call this)."""
        self.body = richtext.sanitise(self.body)
        text = richtext.html_to_text(self.body)
        # The searchable text: the story, then its live posts.
        self.body_text = f"{text} {self.live_text}".strip()
        self.excerpt = self._roundup_excerpt() or richtext.cut_at_word(
            self.dek or text, EXCERPT_LENGTH
        )
        self.reading_time = richtext.reading_minutes(text)

    def _roundup_excerpt(self) -> str | None:
        """A roundup's card shows its list (whatever its standfirst says), as does a story
        with no standfirst whose body opens with one: whole items, not the headline again."""
        if self.dek and not self.is_roundup:
            return None
        return richtext.list_excerpt(self.body, EXCERPT_LENGTH, headline=self.title)

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
    def lead_alt(self) -> str:
        """The lead image's alt text as this edition gives it, else the library's."""
        if self.lead_image_alt:
            return self.lead_image_alt
        return self.lead_image.alt_text if self.lead_image else ""

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
        BY = "by", pgettext_lazy("byline", "By")
        REPORTING = "reporting", pgettext_lazy("byline", "Reporting by")
        ADDITIONAL = "additional", pgettext_lazy("byline", "Additional reporting by")
        PHOTOS = "photos", pgettext_lazy("byline", "Photos by")
        TRANSLATOR = "translator", pgettext_lazy("byline", "Translated by")

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


def relist_added_tags(sender, instance, action, **kwargs):
    """Tag rows taggit just added carry the story's listing time too (connected in apps)."""
    if action == "post_add" and isinstance(instance, Article):
        instance.relist_tags()
