"""Fill the database with a believable demo newsroom.

Exists so that `make demo` shows a real-looking site, and so benchmarks can load a deep archive
(`--articles 100000`) in minutes: stories are written with bulk inserts, in batches.

The desk logins it can add (admin, editor, writer) share a password published in README.md, so
they are made only with DEBUG on or `--demo-users`, and never on a database that has any user.
"""

import hashlib
import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles import workflow
from articles.models import Article, ArticleAuthor, FrontPageSlot, Section, TaggedArticle
from authors.models import Author, AuthorLink
from demo import content as text
from demo.images import landscape_jpeg, portrait_jpeg
from media.models import Image
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


def ap_date(value) -> str:
    """ "Nov. 27" in the newsroom's own style (no stop after May, June, July)."""
    local = timezone.localtime(value)
    month = local.strftime("%b")
    dot = "" if month in {"May", "Jun", "Jul"} else "."
    month = {"Jun": "June", "Jul": "July"}.get(month, month)
    return f"{month}{dot} {local.day}"


def library_image(data: bytes, name: str, **fields) -> Image:
    """The library's image for these bytes, made on first use (the library keeps one per file)."""
    existing = Image.objects.filter(content_hash=hashlib.sha256(data).hexdigest()).first()
    return existing or Image.objects.create(file=ContentFile(data, name=name), **fields)


class StoryWriter:
    """Assembles headlines and bodies from the demo text bank, deterministically."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def fill(self, template: str, when) -> str:
        rng = self.rng
        official = rng.choice(text.OFFICIALS)
        return template.format(
            place=rng.choice(text.PLACES),
            official=official,
            official_title=official[0].upper() + official[1:],
            country=rng.choice(text.COUNTRIES),
            n=rng.choice([3, 4, 5, 7, 12, 15, 18, 24, 37, 40, 60, 120]),
            day=ap_date(when),
        )

    def news(self, section_slug: str, when, paragraphs: int) -> tuple[str, str, str]:
        rng = self.rng
        title = self.fill(rng.choice(text.HEADLINES[section_slug]), when)
        lede = self.fill(rng.choice(text.LEDES), when)
        body = [f"<p>{lede}</p>"]
        for n, paragraph in enumerate(rng.sample(text.PARAGRAPHS, paragraphs)):
            body.append(f"<p>{self.fill(paragraph, when)}</p>")
            if n == 1:
                body.append(f"<blockquote><p>{rng.choice(text.QUOTES)}</p></blockquote>")
        return title, rng.choice(text.DEKS), "".join(body)

    def feature(self, section_slug: str, when) -> tuple[str, str, str]:
        title, dek, body = self.news(section_slug, when, 9)
        more = "".join(
            f"<h2>{heading}</h2><p>{self.fill(p, when)}</p>"
            for heading, p in zip(
                ["What happens next", "The view from the regions", "The numbers"],
                self.rng.sample(text.PARAGRAPHS, 3),
                strict=True,
            )
        )
        return title, dek, body + more

    def roundup(self, when) -> tuple[str, str, str]:
        bullets = [self.fill(b, when) for b in self.rng.sample(text.ROUNDUP_BULLETS, 4)]
        title = f"Meridian latest: {bullets[0]}"
        items = "".join(f"<li>{b}</li>" for b in bullets)
        body = f"<p>Key developments on {ap_date(when)}:</p><ul>{items}</ul>" + "".join(
            f"<p>{self.fill(p, when)}</p>" for p in self.rng.sample(text.PARAGRAPHS, 4)
        )
        # No standfirst: the card's excerpt is the bullet list, as readers expect of a roundup.
        return title, "", body


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
        with transaction.atomic():
            sections = self.make_sections()
            images = self.make_images(rng)
            authors = self.make_authors()
            tags = self.make_tags()
            logins = self.make_users(authors, wanted=demo_users or settings.DEBUG)
        count = self.make_articles(rng, articles, sections, images, authors, tags, batch_size)
        with transaction.atomic():
            showcase = self.make_block_stories(sections, images, authors)
        if articles >= 50:
            with transaction.atomic():
                live = self.make_live_story(rng, sections, images, authors)
                self.arrange_front_page(live)
        purge_public_pages()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {count} stories (and {showcase} showing every body block), "
                f"{len(authors)} authors, {len(sections)} sections, {len(images)} images "
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
        if Article.objects.filter(slug__in=[s["slug"] for s in text.BLOCK_STORIES]).exists():
            return 0
        thumbnail = library_image(
            landscape_jpeg(40),
            "video-still-sosnivka.jpg",
            title=f"Video still: {text.VIDEO_TITLE}",
            alt_text="A lit transformer yard at night, seen from the control room",
            credit=text.VIDEO_AUTHOR,
        )
        picks = [images[i % len(images)] for i in (0, 2, 4, 8, 1, 6, 3, 12, 5, 9)]
        by_slug = {section.slug: section for section in sections}
        related, now = None, timezone.now()
        # The pictures story first, so the other one can point to it with a card.
        for age, story in zip((50, 20), reversed(text.BLOCK_STORIES), strict=True):
            body = story["body"].format(
                **{f"img{n}": image.pk for n, image in enumerate(picks)},
                thumbnail=thumbnail.pk,
                related=related.pk if related else "",
                video_url=text.VIDEO_URL,
                video_title=text.VIDEO_TITLE,
                video_author=text.VIDEO_AUTHOR,
                post_url=text.POST_URL,
            )
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

    def make_articles(self, rng, count, sections, images, authors, tags, batch_size):
        writer = StoryWriter(rng)
        now = timezone.now()
        # A few weeks for the demo; a longer archive when loading many stories for benchmarks.
        span = max(timedelta(days=42), timedelta(minutes=10) * count)
        step = span / count
        first_number = Article.objects.count()
        hidden = [status for status, n in HIDDEN for _ in range(n)] if count >= 50 else []
        made = 0
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
                    title, dek, body = writer.roundup(when)
                    section = sections[0]
                elif rng.random() < 0.15:
                    title, dek, body = writer.feature(section.slug, when)
                else:
                    title, dek, body = writer.news(section.slug, when, rng.randint(6, 10))
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
                                content_object=article, tag=tag, listed_at=article.listed_at
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
        return made

    def make_live_story(self, rng, sections, images, authors) -> Article:
        """A story covered live since this morning, with posts across the day."""
        writer = StoryWriter(rng)
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
        for n, (headline, paragraphs, key_event) in enumerate(text.LIVE_POSTS, start=1):
            body = "".join(f"<p>{writer.fill(p, start)}</p>" for p in paragraphs)
            if n - 1 == text.LIVE_PICTURE_POST:  # a picture, as a reporter sends one
                body += (
                    f'<figure data-block="image" data-image="{images[1].pk}" data-width="column">'
                    f"<figcaption>{text.LIVE_PICTURE_CAPTION}</figcaption></figure>"
                )
            workflow.add_live_post(
                article,
                by=None,
                body=body,
                headline=headline,
                is_key_event=key_event,
                is_pinned=headline.startswith("What to do"),
                author=authors[n % 3],
                published_at=start + step * n,
            )
        return article

    def arrange_front_page(self, live: Article):
        """Editors' choices: the live strip, and a feature from yesterday as the lead."""
        until = timezone.now() + timedelta(days=1)
        recent = Article.objects.published().exclude(pk=live.pk).order_by("-published_at", "-id")
        # A long read from the last two days rather than whatever came in last.
        lead = recent.filter(reading_time__gte=3)[3:4].first() or recent[1:2].first()
        top = recent.exclude(pk=lead.pk).filter(lead_image__isnull=False)[6:7].first()
        for slot, article in (
            (FrontPageSlot.Slot.LIVE, live),
            (FrontPageSlot.Slot.LEAD, lead),
            (FrontPageSlot.Slot.TOP_1, top),
        ):
            if article is not None:
                FrontPageSlot.objects.update_or_create(
                    slot=slot, defaults={"article": article, "until": until}
                )
