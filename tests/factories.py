import importlib
import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, Section
from authors.models import Author
from media.models import Image


def jpeg_bytes(width=320, height=180, color=(40, 90, 160), comment="") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG", quality=80, comment=comment)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        # Groups come from the data migration: UserFactory(groups=["Writers"]).
        if create and extracted:
            self.groups.add(*editorial_groups(extracted))


def editorial_groups(names):
    """The migration's groups; recreated if a transactional test flushed them away."""
    migration = importlib.import_module("articles.migrations.0004_editorial_groups")
    grants = {"Writers": migration.WRITERS, "Editors": migration.EDITORS}
    groups = []
    for name in names:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for app_label, codenames in grants[name].items():
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )
        groups.append(group)
    return groups


def writer(**kwargs):
    return UserFactory(groups=["Writers"], **kwargs)


def editor(**kwargs):
    return UserFactory(groups=["Editors"], **kwargs)


def superuser(**kwargs):
    return UserFactory(is_superuser=True, **kwargs)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Photo {n}")
    alt_text = "Rescuers clear rubble outside a damaged apartment block"
    caption = "Rescuers at work on the morning after the strike."
    credit = "Olena Marchenko/Meridian"
    # Each a different file: the library keeps one image per file content.
    file = factory.Sequence(
        lambda n: ContentFile(jpeg_bytes(comment=f"photo {n}"), name=f"photo-{n}.jpg")
    )


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    role = "News Editor"
    bio = "Covers national politics and the economy from the capital."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Council approves winter budget, part {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "The city will spend more on shelters and generators this winter."
    body = "<p>The council voted on Tuesday to approve the budget.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.SCHEDULED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


def edition_of(source, language="uk", **kwargs):
    """Another language's edition of `source`: the same story (translation key), its own row."""
    kwargs.setdefault("slug", f"{source.slug}-{language}")
    kwargs.setdefault("section", source.section)
    return ArticleFactory(
        language=language,
        translation_key=source.translation_key,
        translated_from=source,
        **kwargs,
    )


def ready_article(**kwargs):
    """A story that passes the publish checklist (lead image with alt text and credit, a byline)."""
    kwargs.setdefault("lead_image", ImageFactory())
    kwargs.setdefault("authors", [AuthorFactory()])
    return ArticleFactory(**kwargs)
