from django.conf import settings
from django.db import models

from . import languages
from .addresses import slug_url


class Author(models.Model):
    """A person who writes for the newsroom, with the public profile shown in author boxes."""

    # For the media library (media/usage.py): a portrait is on the author's public page.
    image_use_is_public = True

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the author's URL.")
    role = models.CharField(max_length=100, blank=True, help_text='Job title, e.g. "News Editor".')
    bio = models.TextField(
        blank=True, help_text="Two or three sentences shown under every story they write."
    )
    avatar = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff login of this author, if they use the desk.",
    )
    translations = models.JSONField(
        default=dict,
        blank=True,
        help_text='Their role and bio in the other languages: {"uk": {"role": …, "bio": …}}.',
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self, language: str = ""):
        return slug_url("public:author", self.slug, language)

    def name_in(self, language: str) -> str:
        """As readers of `language` write the name ("Оксана Левченко")."""
        return languages.translated(self.translations, language, "name", self.name)

    def role_in(self, language: str) -> str:
        return languages.translated(self.translations, language, "role", self.role)

    def bio_in(self, language: str) -> str:
        return languages.translated(self.translations, language, "bio", self.bio)

    @property
    def initials(self) -> str:
        return initials_of(self.name)


def initials_of(name: str) -> str:
    """An author's initials, shown in place of a missing portrait."""
    return "".join(part[0] for part in name.split()[:2]).upper()


class AuthorLink(models.Model):
    """A public link on an author's page: email, social profile, personal site."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=60, help_text='Shown as the link text, e.g. "Email".')
    url = models.URLField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.label
