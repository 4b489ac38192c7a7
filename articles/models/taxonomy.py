"""Where a story is filed: its section, and its tags (a tag's name in each other language)."""

from django.db import models
from django.db.models import OuterRef, Q
from taggit.models import Tag, TaggedItemBase

from authors import languages
from authors.addresses import slug_url


class Section(models.Model):
    """A desk of the newsroom (Politics, Business…); every published story belongs to one."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation, smallest first."
    )
    front_page_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Its block on the front page, smallest first; empty: no block. Arranged in "
        "the front-page editor.",
    )

    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text='Its name and description in the other languages: {"uk": {"name": …, '
        '"description": …}}.',
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self, language: str = ""):
        return slug_url("public:section", self.slug, language)

    def name_in(self, language: str) -> str:
        return languages.translated(self.translations, language, "name", self.name)

    def description_in(self, language: str) -> str:
        return languages.translated(self.translations, language, "description", self.description)


class TaggedArticleQuerySet(models.QuerySet):
    def relist(self):
        """Set `listed_at` and `language` from the stories themselves (after rows were written
        past Article.save(): a restore, a bulk load). One statement."""
        from .stories import Article  # which imports this module

        story = Article.objects.filter(pk=OuterRef("content_object_id"))
        return self.update(
            listed_at=models.Subquery(story.listed().values("published_at")[:1]),
            language=models.Subquery(story.values("language")[:1]),
        )


class TaggedArticle(TaggedItemBase):
    # A real foreign key (not taggit's generic relation) so tag pages join on an index.
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    # The story's publication time while readers may list it (a published story, not a
    # page), else null. A copy kept by Article.save() and tag changes, so "the newest stories
    # with this tag" (related stories) is a short walk down this table's own index rather than
    # down every story's, probing the tag for each: the walk grew with the tag's rarity.
    listed_at = models.DateTimeField(null=True, editable=False)
    # The story's language, kept with it: related stories are a language's, and a walk down a
    # tag's stories in every language grew with the rarity of the story's language.
    language = models.CharField(max_length=12, default=languages.main, editable=False)

    objects = TaggedArticleQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["tag", "content_object"]),
            models.Index(
                fields=["tag", "language", "-listed_at", "-content_object"],
                condition=Q(listed_at__isnull=False),
                name="tagged_listed_idx",
            ),
        ]


class TagName(models.Model):
    """A tag's name in a language other than the main one. A tag is one subject in every
    language (a story's editions share their tags); its slug, and so its address, is shared."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="names")
    language = models.CharField(max_length=12)
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "language"], name="one_tag_name_per_language")
        ]

    def __str__(self):
        return self.name
