"""Fill the database with a believable demo newsroom.

Exists so that `make demo` shows a real-looking site, and so benchmarks can load a deep archive
(`--articles 100000`) in minutes: stories are written with bulk inserts, in batches.

The desk logins it can add (admin, editor, writer) share a password published in README.md, so
they are made only with DEBUG on or `--demo-users`, and never on a database that has any user.
"""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import workflow
from articles.models import Article, ArticleAuthor, FrontPageSlot, Section, TaggedArticle
from authors.models import Author, AuthorLink
from demo import content as text
from demo import editions
from demo.images import landscape_jpeg, library_image, portrait_jpeg
from demo.writing import BlockPictures, StoryWriter, block_body
from public.pagecache import purge_public_pages

DEMO_PASSWORD = "newsroom-demo"
IMAGE_COUNT = 24
# Sections with a block on the front page (the editors change them in the front-page editor).
FRONT_PAGE_BLOCKS = 4
# Stories that readers must never see: drafts, stories in review, an embargoed scheduled one.
HIDDEN = [
    (Article.Status.DRAFT, 5),
    (Article.Status.IN_REVIEW, 3),
    (Article.Status.SCHEDULED, 3),
]


class Command(BaseCommand):
    help = "Load a demo newsroom: sections, authors with portraits, images, tags and stories."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=320, help="How many stories (default 320)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the site already has stories."
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help=(
                f"Add desk logins admin, editor and writer with the password {DEMO_PASSWORD!r} "
                "(implied when DEBUG is on). Never done when the site has any user."
            ),
        )

    def handle(self, *args, articles, seed, if_empty, batch_size, demo_users, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        if if_empty and Article.objects.exists():
            self.stdout.write("The site already has stories; nothing loaded.")
            return
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        rng = random.Random(seed)
        # Ukrainian editions when the site speaks Ukrainian; the English is the same either way.
        ukrainian = editions.wanted()
        self.languages = ("en", editions.LANGUAGE) if ukrainian else ("en",)
        self.translators = []
        with transaction.atomic():
            sections = self.make_sections()
            images = self.make_images(rng)
            authors = self.make_authors()
            tags = self.make_tags()
            logins = self.make_users(authors, wanted=demo_users or settings.DEBUG)
        count, pending = self.make_articles(
            rng, articles, sections, images, authors, tags, batch_size
        )
        with transaction.atomic():
            showcase = self.make_block_stories(sections, images, authors)
        translated = 0
        if ukrainian:
            translated = self.make_editions(seed, sections, images, authors, tags, pending)
        if articles >= 50:
            with transaction.atomic():
                live = self.make_live_story(rng, sections, images, authors)
                self.arrange_front_page(live)
                translated += ukrainian
        purge_public_pages()
        in_ukrainian = f", {translated} Ukrainian editions" if ukrainian else ""
        staff = len(authors) + len(self.translators)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {count} stories (and {showcase} showing every body block){in_ukrainian}, "
                f"{staff} authors, {len(sections)} sections, {len(images)} images "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
        self.stdout.write(logins)

    def make_sections(self):
        sections = []
        for position, (name, slug, description) in enumerate(text.SECTIONS):
            # The front page's section blocks: the first four, in the navigation's order.
            block = position + 1 if position < FRONT_PAGE_BLOCKS else None
            section, _ = Section.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "position": position,
                    "front_page_position": block,
                },
            )
            sections.append(section)
        return sections

    def make_images(self, rng):
        images = []
        for index in range(IMAGE_COUNT):
            choices = text.PHOTO_SUBJECTS[index % 4]
            alt, caption = choices[(index // 4) % len(choices)]
            image = library_image(
                landscape_jpeg(index),
                f"demo-{index + 1:02d}.jpg",
                title=f"{alt} ({index + 1})",
                alt_text=alt,
                caption=caption.format(place=rng.choice(text.PLACES)),
                credit=text.PHOTOGRAPHERS[index % len(text.PHOTOGRAPHERS)],
            )
            images.append(image)
        return images

    def make_authors(self):
        authors = []
        for index, (name, role, bio) in enumerate(text.AUTHORS):
            slug = slugify(name)
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                avatar = library_image(
                    portrait_jpeg(index),
                    f"portrait-{slug}.jpg",
                    title=f"Portrait of {name}",
                    alt_text=f"Portrait of {name}",
                    credit="Meridian",
                )
                author = Author.objects.create(
                    name=name, slug=slug, role=role, bio=bio, avatar=avatar
                )
                AuthorLink.objects.bulk_create(
                    [
                        AuthorLink(
                            author=author,
                            label="Email",
                            url=f"https://example.org/contact/{slug}",
                            position=0,
                        ),
                        AuthorLink(
                            author=author,
                            label="Profile",
                            url=f"https://social.example.org/@{slug}",
                            position=1,
                        ),
                    ]
                )
            authors.append(author)
        return authors

    def make_tags(self):
        tags = []
        for name in text.TAGS:
            tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            tags.append(tag)
        return tags

    def make_users(self, authors, *, wanted: bool) -> str:
        """The demo desk logins, if wanted and the site has no user yet; says what it did."""
        User = get_user_model()
        if User.objects.exists():
            return "No desk logins created: the site already has users."
        if not wanted:
            return (
                "No desk logins created: pass --demo-users (or run with DJANGO_DEBUG=true) for "
                "editor / writer / admin with the demo password, or run createsuperuser."
            )
        accounts = [
            ("admin", "Desk administrator", None, True),
            ("editor", "Editors", authors[10], False),
            ("writer", "Writers", authors[7], False),
        ]
        for username, group_name, author, is_superuser in accounts:
            # The desk names people by their full name: the editor and the writer are the
            # authors whose bylines they carry.
            first, _, last = author.name.partition(" ") if author else ("", "", "")
            user = User.objects.create_user(
                username,
                f"{username}@example.org",
                DEMO_PASSWORD,
                is_staff=True,
                is_superuser=is_superuser,
                first_name=first,
                last_name=last,
            )
            group = Group.objects.filter(name=group_name).first()
            if group:
                user.groups.add(group)
            if author and author.user_id is None:
                author.user = user
                author.save(update_fields=["user"])
        return f"Desk logins: editor / writer / admin, password {DEMO_PASSWORD!r}."

    def make_block_stories(self, sections, images, authors) -> int:
        """The stories that show every kind of body block; made once (their slugs are fixed)."""
        if self.block_stories().exists():
            return 0
        pictures = self.block_pictures(images)
        picks = pictures.images
        by_slug = {section.slug: section for section in sections}
        related, now = None, timezone.now()
        # The pictures story first, so the other one can point to it with a card.
        for age, story in zip((50, 20), reversed(text.BLOCK_STORIES), strict=True):
            body = block_body(story["body"], pictures, related, video_title=text.VIDEO_TITLE)
            article = Article.objects.create(
                title=story["title"],
                slug=story["slug"],
                dek=story["dek"],
                body=body,
                section=by_slug[story["section"]],
                lead_image=picks[4] if related is None else picks[0],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=age),
                created_at=now - timedelta(minutes=age + 120),
            )
            ArticleAuthor.objects.create(article=article, author=authors[3], position=0)
            ArticleAuthor.objects.create(
                article=article, author=authors[6], role=ArticleAuthor.Role.PHOTOS, position=1
            )
            article.tags.add(*story["tags"])
            related = article
        return len(text.BLOCK_STORIES)

    def block_stories(self):
        return Article.objects.filter(
            language="en", slug__in=[s["slug"] for s in text.BLOCK_STORIES]
        )

    def block_pictures(self, images) -> BlockPictures:
        """The pictures the block stories show (the same rows on every run)."""
        thumbnail = library_image(
            landscape_jpeg(40),
            "video-still-sosnivka.jpg",
            title=f"Video still: {text.VIDEO_TITLE}",
            alt_text="A lit transformer yard at night, seen from the control room",
            credit=text.VIDEO_AUTHOR,
        )
        picks = [images[i % len(images)] for i in (0, 2, 4, 8, 1, 6, 3, 12, 5, 9)]
        return BlockPictures(picks, thumbnail)

    def make_editions(self, seed, sections, images, authors, tags, pending) -> int:
        """Ukrainian names, and editions of the stories in `pending` and of the block stories.
        Their own random draws, so the English is told as it is without them."""
        rng = random.Random(f"{editions.LANGUAGE}-{seed}")
        with transaction.atomic():
            editions.name_things(sections, authors, tags)
            self.translators = editions.translators()
            made = editions.translate_stories(pending, self.translators[0], rng)
            by_slug = {story.slug: story for story in self.block_stories()}
            sources = [by_slug[story["slug"]] for story in text.BLOCK_STORIES]
            made += editions.translate_block_stories(
                sources, self.block_pictures(images), self.translators[0], rng
            )
        return made

    def make_articles(self, rng, count, sections, images, authors, tags, batch_size):
        """Stories in bulk, newest first; returns how many, and the newest quarter of the
        published ones as each other language tells them: (story, {language: told})."""
        writer = StoryWriter(rng, self.languages)
        # The newest published stories, a quarter of them, get editions in other languages.
        translated = range(0, count // 4) if len(self.languages) > 1 else range(0)
        now = timezone.now()
        # A few weeks for the demo; a longer archive when loading many stories for benchmarks.
        span = max(timedelta(days=42), timedelta(minutes=10) * count)
        step = span / count
        first_number = Article.objects.count()
        hidden = [status for status, n in HIDDEN for _ in range(n)] if count >= 50 else []
        translated = range(translated.start + len(hidden), translated.stop + len(hidden))
        made, pending = 0, []
        last_roundup_day = None
        for start in range(0, count, batch_size):
            batch, bylines, tagged = [], [], []
            for i in range(start, min(count, start + batch_size)):
                number = first_number + i
                # Hidden stories stay off the public timeline, so the newest public one is recent.
                when = now - step * max(0, i - len(hidden)) - timedelta(minutes=rng.randint(1, 9))
                status, published_at = Article.Status.PUBLISHED, when
                if i < len(hidden):
                    status = hidden[i]
                    published_at = now + timedelta(days=2 + i) if status == "scheduled" else None
                section = rng.choice(sections)
                day = timezone.localtime(when).date()
                is_roundup = status == Article.Status.PUBLISHED and day != last_roundup_day
                if is_roundup:
                    last_roundup_day = day
                    told = writer.roundup(when)
                    section = sections[0]
                elif rng.random() < 0.15:
                    told = writer.feature(section.slug, when)
                else:
                    told = writer.news(section.slug, when, rng.randint(6, 10))
                title, dek, body = told["en"]
                article = Article(
                    title=title,
                    slug=f"{slugify(title)[:200].rstrip('-')}-{number + 1}",
                    dek=dek,
                    body=body,
                    section=section,
                    lead_image=rng.choice(images) if rng.random() < 0.92 else None,
                    status=status,
                    published_at=published_at,
                    is_roundup=is_roundup,
                    created_at=when - timedelta(hours=2),
                    significant_update_at=(
                        when + timedelta(hours=3)
                        if status == "published" and rng.random() < 0.05
                        else None
                    ),
                )
                article.refresh_derived_fields()
                batch.append(article)
                if i in translated:
                    pending.append((article, told[self.languages[1]]))
            with transaction.atomic():
                Article.objects.bulk_create(batch)
                # SQLite and PostgreSQL both return primary keys from bulk_create.
                for article in batch:
                    chosen = rng.sample(authors, 2 if rng.random() < 0.2 else 1)
                    for position, author in enumerate(chosen):
                        bylines.append(
                            ArticleAuthor(article=article, author=author, position=position)
                        )
                    if rng.random() < 0.1:
                        photographer = authors[6]
                        if photographer not in chosen:
                            bylines.append(
                                ArticleAuthor(
                                    article=article,
                                    author=photographer,
                                    role=ArticleAuthor.Role.PHOTOS,
                                    position=len(chosen),
                                )
                            )
                    for tag in rng.sample(tags, rng.randint(1, 3)):
                        tagged.append(
                            TaggedArticle(
                                content_object=article,
                                tag=tag,
                                listed_at=article.listed_at,
                                language=article.language,
                            )
                        )
                ArticleAuthor.objects.bulk_create(bylines)
                TaggedArticle.objects.bulk_create(tagged)
            made += len(batch)
            if self.verbosity >= 1 and count > batch_size:
                self.stdout.write(f"  {made:,}/{count:,} stories", ending="\r")
                self.stdout.flush()
        if self.verbosity >= 1 and count > batch_size:
            self.stdout.write("")
        return made, pending

    def make_live_story(self, rng, sections, images, authors) -> Article:
        """A story covered live since this morning, with posts across the day (and its
        Ukrainian edition, when the site speaks Ukrainian)."""
        writer = StoryWriter(rng, self.languages)
        now = timezone.now()
        start = (now - timedelta(hours=9)).replace(second=0, microsecond=0)
        article = Article(
            title=text.LIVE_TITLE,
            slug=f"storm-vira-latest-{timezone.localtime(now):%Y-%m-%d}-{Article.objects.count()}",
            dek=text.LIVE_DEK,
            body=f"<p>{text.LIVE_INTRO}</p>",
            section=sections[0],
            lead_image=images[0],
            status=Article.Status.PUBLISHED,
            published_at=start,
            created_at=start - timedelta(minutes=30),
            coverage_started_at=start,
        )
        article.save()
        article.tags.add(*text.LIVE_TAGS)
        ArticleAuthor.objects.create(article=article, author=authors[0], position=0)
        step = (now - start) / (len(text.LIVE_POSTS) + 1)
        posts = []
        for n, (headline, paragraphs, key_event) in enumerate(text.LIVE_POSTS, start=1):
            bodies = dict.fromkeys(self.languages, "")
            for p in range(len(paragraphs)):
                for language, paragraph in writer.fill(start, "LIVE_POSTS", n - 1, 1, p).items():
                    bodies[language] += f"<p>{paragraph}</p>"
            if n - 1 == text.LIVE_PICTURE_POST:  # a picture, as a reporter sends one
                figure = (
                    f'<figure data-block="image" data-image="{images[1].pk}" data-width="column">'
                )
                for language, caption in writer.piece("LIVE_PICTURE_CAPTION").items():
                    bodies[language] += f"{figure}<figcaption>{caption}</figcaption></figure>"
            post = workflow.add_live_post(
                article,
                by=None,
                body=bodies["en"],
                headline=headline,
                is_key_event=key_event,
                is_pinned=headline.startswith("What to do"),
                author=authors[n % 3],
                published_at=start + step * n,
            )
            posts.append((post, writer.piece("LIVE_POSTS", n - 1, 0), bodies))
        for language in self.languages[1:]:
            editions.translate_live_story(
                article,
                [(post, heads[language], bodies[language]) for post, heads, bodies in posts],
                self.translators[1],
            )
        return article

    def arrange_front_page(self, live: Article):
        """Editors' choices: the live strip, and a feature from yesterday as the lead; each
        other language's page holds the same stories' editions where they are published."""
        until = timezone.now() + timedelta(days=1)
        main = self.languages[0]
        recent = (
            Article.objects.published()
            .filter(language=main)
            .exclude(pk=live.pk)
            .order_by("-published_at", "-id")
        )
        # A long read from the last two days rather than whatever came in last.
        lead = recent.filter(reading_time__gte=3)[3:4].first() or recent[1:2].first()
        top = recent.exclude(pk=lead.pk).filter(lead_image__isnull=False)[6:7].first()
        chosen = [
            (FrontPageSlot.Slot.LIVE, live),
            (FrontPageSlot.Slot.LEAD, lead),
            (FrontPageSlot.Slot.TOP_1, top),
        ]
        for language in self.languages:
            for slot, article in chosen:
                if article is None:
                    continue
                if language != main:
                    article = (
                        Article.objects.published()
                        .filter(translation_key=article.translation_key, language=language)
                        .first()
                    )
                if article is not None:
                    FrontPageSlot.objects.update_or_create(
                        slot=slot,
                        language=language,
                        defaults={"article": article, "until": until},
                    )
