"""The demo newsroom's second language: Ukrainian names for its sections, authors and tags, and
Ukrainian editions of about a quarter of its stories, made as the Kyiv desk makes them.

Only when Ukrainian is one of the site's languages (NEWSROOM_LANGUAGES); with English alone the
demo has no Ukrainian row. An edition shares its source's translation key, names the English
story it was translated from and the revision of it that it is up to date with, credits its
translator after the original's authors and goes out at or after the English. It is saved
through the workflow's save, like any story, so it has a revision and a history.

To show the desk what it must follow up, one edition is left behind its source (the English was
edited after the translation) and one waits in review.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import workflow
from articles.models import Article, ArticleAuthor, TagName
from authors.models import Author
from demo import content as text
from demo import content_uk
from demo.images import library_image, portrait_jpeg
from demo.writing import Told, block_body, photo_alts, photo_captions

LANGUAGE = content_uk.LANGUAGE
NOTE = "Translated from English"
Status = Article.Status


def wanted() -> bool:
    """Whether the site speaks Ukrainian, so the demo has Ukrainian editions."""
    return LANGUAGE in settings.NEWSROOM_LANGUAGES


def ukrainian_stories():
    return Article.objects.filter(language=LANGUAGE)


def name_things(sections, authors, tags) -> None:
    """Ukrainian names for the sections, the authors (role and bio too) and the tags."""
    for section in sections:
        name, description = content_uk.SECTIONS[section.slug]
        section.translations = {
            **section.translations,
            LANGUAGE: {"name": name, "description": description},
        }
        section.save(update_fields=["translations"])
    for author in authors:
        name, role, bio = content_uk.AUTHORS[author.name]
        _name_author(author, name, role, bio)
    for tag in tags:
        TagName.objects.update_or_create(
            tag=tag, language=LANGUAGE, defaults={"name": content_uk.TAGS[tag.name]}
        )


def _name_author(author: Author, name: str, role: str, bio: str) -> None:
    author.translations = {
        **author.translations,
        LANGUAGE: {"name": name, "role": role, "bio": bio},
    }
    author.save(update_fields=["translations"])


def translators() -> list[Author]:
    """The Ukrainian desk's translators, who join the staff with the second language."""
    staff = []
    for index, ((name, role, bio), uk) in enumerate(content_uk.TRANSLATORS):
        slug = slugify(name)
        author = Author.objects.filter(slug=slug).first()
        if author is None:
            avatar = library_image(
                portrait_jpeg(len(text.AUTHORS) + index),
                f"portrait-{slug}.jpg",
                title=f"Portrait of {name}",
                alt_text=f"Portrait of {name}",
                credit="Meridian",
            )
            author = Author.objects.create(name=name, slug=slug, role=role, bio=bio, avatar=avatar)
        _name_author(author, *uk)
        staff.append(author)
    return staff


@transaction.atomic
def make_edition(
    source: Article,
    told: Told,
    *,
    translator: Author,
    status: str = Status.PUBLISHED,
    published_at=None,
    slug_words: str = "",
    **fields,
) -> Article:
    """The Ukrainian edition of `source`, telling it as `told`, saved through the workflow; its
    address from the headline (or `slug_words`), free among the Ukrainian stories'."""
    title, dek, body = told
    edition = Article(
        language=LANGUAGE,
        translation_key=source.translation_key,
        translated_from=source,
        synced_revision=workflow.revision_to_follow(source, by=None),
        title=title,
        slug=workflow.free_slug(slug_words or title, queryset=ukrainian_stories()),
        dek=dek,
        body=body,
        section=source.section,
        lead_image=source.lead_image,
        lead_image_caption=_caption(source),
        lead_image_alt=_alt(source),
        status=status,
        published_at=published_at,
        is_roundup=source.is_roundup,
        created_at=source.published_at or timezone.now(),
        **fields,
    )
    bylines = list(source.bylines.order_by("position", "id"))

    def credit():
        # The original's authors as they are credited there, then the translator.
        ArticleAuthor.objects.bulk_create(
            [
                *(
                    ArticleAuthor(article=edition, author_id=b.author_id, role=b.role, position=n)
                    for n, b in enumerate(bylines)
                ),
                ArticleAuthor(
                    article=edition,
                    author=translator,
                    role=ArticleAuthor.Role.TRANSLATOR,
                    position=len(bylines),
                ),
            ]
        )

    return workflow.save_article(
        edition,
        by=None,
        expected_version=None,
        tags=list(source.tags.all()),
        save_related=credit,
        note=NOTE,
    )


def _caption(source: Article) -> str:
    """The lead picture's caption in Ukrainian (a library picture's own caption is English);
    empty, so the library's shows, for a caption the demo did not write."""
    if source.lead_image is None:
        return ""
    return photo_captions().get(source.caption, "")


def _alt(source: Article) -> str:
    """The lead picture's alt text in Ukrainian (the library's is English), where written."""
    if source.lead_image is None:
        return ""
    return photo_alts().get(source.lead_image.alt_text, "")


def after(source: Article, rng: random.Random):
    """When the edition of a published story goes out: a while after the English, not later
    than now."""
    delay = timedelta(minutes=rng.randint(15, 120))
    return min(source.published_at + delay, max(source.published_at, timezone.now()))


def translate_stories(pending: list[tuple[Article, Told]], translator: Author, rng) -> int:
    """Editions of the stories just loaded, newest first. The newest waits in review unless an
    edition already does: the desk has one to look at, however often the demo is loaded."""
    in_review = ukrainian_stories().filter(status=Status.IN_REVIEW).exists()
    for n, (source, told) in enumerate(pending):
        if n == 0 and not in_review:
            make_edition(source, told, translator=translator, status=Status.IN_REVIEW)
        else:
            make_edition(source, told, translator=translator, published_at=after(source, rng))
    return len(pending)


def translate_block_stories(sources: list[Article], pictures, translator: Author, rng) -> int:
    """Editions of the stories that show every body block (`sources` in demo.content's order,
    `pictures` theirs: demo.writing.BlockPictures). Made once; then the English of the first is
    edited, which leaves its edition behind."""
    keys = [source.translation_key for source in sources]
    editions = ukrainian_stories().filter(translation_key__in=keys)
    made = set(editions.values_list("translation_key", flat=True))
    related = None
    # The pictures story first, so the other one can point to its edition with a card.
    for source, story in reversed(list(zip(sources, content_uk.BLOCK_STORIES, strict=True))):
        if source.translation_key in made:
            related = ukrainian_stories().filter(translation_key=source.translation_key).first()
            continue
        body = block_body(story["body"], pictures, related, video_title=content_uk.VIDEO_TITLE)
        told = (story["title"], story["dek"], body)
        related = make_edition(source, told, translator=translator, published_at=after(source, rng))
        if source.slug == text.BLOCK_STORIES[0]["slug"]:
            update_source(source)
    return len(sources) - len(made)


def update_source(source: Article) -> None:
    """The desk's edit to an English story after its edition was made: the edition is stale."""
    before, after_edit = text.BLOCK_STORY_UPDATE
    source.refresh_from_db()
    source.body = source.body.replace(before, after_edit)
    workflow.save_article(source, by=None, expected_version=source.version)


def translate_live_story(source: Article, posts, translator: Author) -> Article:
    """The live story's edition: the Ukrainian desk follows it minutes behind, post for post.
    `posts` are (English post, Ukrainian headline, Ukrainian body)."""
    now = timezone.now()
    start = min(source.coverage_started_at + timedelta(minutes=10), now)
    local = timezone.localtime(now)
    edition = make_edition(
        source,
        (content_uk.LIVE_TITLE, content_uk.LIVE_DEK, f"<p>{content_uk.LIVE_INTRO}</p>"),
        translator=translator,
        published_at=start,
        coverage_started_at=start,
        slug_words=f"{content_uk.LIVE_SLUG_WORDS} {local:%Y-%m-%d}",
    )
    for post, headline, body in posts:
        workflow.add_live_post(
            edition,
            by=None,
            body=body,
            headline=headline,
            is_key_event=post.is_key_event,
            is_pinned=post.is_pinned,
            author=post.author,
            published_at=min(post.published_at + timedelta(minutes=4), now),
        )
    return edition
