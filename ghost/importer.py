"""Import a Ghost JSON export: authors (users), tags and posts, with their old URLs kept alive.

Authors and tags are matched by slug, stories by their Ghost id, so a second run updates in
place and, when nothing changed in the export, writes nothing. A story the desk wrote is never
overwritten: a Ghost post with its slug stops the import. Each imported or updated story gets
a revision, as a desk save does. Everything runs in one transaction: the first bad record stops the
import with an error naming it, and nothing is kept. Images (feature images, profile images)
stay where Ghost served them: they become media.Image rows with a `source_url`.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from taggit.models import Tag

from articles import richtext, workflow
from articles.models import Article, ArticleAuthor, Section
from authors.models import Author, AuthorLink
from media.models import Image

GHOST_URL_PLACEHOLDER = "__GHOST_URL__"

STATUSES = {
    "published": Article.Status.PUBLISHED,
    "scheduled": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    # Sent only as a newsletter, never on the web.
    "sent": Article.Status.DRAFT,
}


class GhostImportError(Exception):
    pass


@dataclass
class ImportReport:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def lines(self) -> list[str]:
        return [
            f"{kind}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
            for kind, outcomes in self.counts.items()
        ]

    @property
    def changed(self) -> int:
        return sum(
            n for c in self.counts.values() for o, n in c.items() if o in {"created", "updated"}
        )


def read_export(path: Path) -> dict:
    """The `data` part of an export file, whether or not it is wrapped in `db: [...]`."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise GhostImportError(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GhostImportError(f"{path} is not a JSON file: {error}") from None
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise GhostImportError(f"{path} is not a Ghost export: no data.posts list")
    return data


class _Record:
    """One record of the export, with readers that name it in every error."""

    def __init__(self, kind: str, raw):
        if not isinstance(raw, dict):
            raise GhostImportError(f"{kind} {raw!r}: not an object")
        self.raw = raw
        self.id = str(raw.get("id") or "")
        self.label = f'{kind} "{raw.get("slug") or raw.get("name") or "?"}" (id {self.id or "?"})'
        if not self.id:
            raise self.error("has no id")

    def error(self, message: str) -> GhostImportError:
        return GhostImportError(f"{self.label}: {message}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.error(f"{key} must be text, not {type(value).__name__}")
        if required and not value.strip():
            raise self.error(f"{key} is missing")
        return value.strip()

    def time(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.text(key, required=required)
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.error(f"{key} {value!r} is not a date and time")
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def validate(self, instance, exclude=()) -> None:
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=True)
        except ValidationError as error:
            details = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            raise self.error(details) from None


def _changed(instance, values: dict) -> bool:
    """Set `values` on `instance`; True if any of them differed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


class GhostImporter:
    def __init__(self, data: dict, *, ghost_url: str = "", section: Section | None = None):
        self.data = data
        self.ghost_url = ghost_url.rstrip("/")
        self.section = section
        self.report = ImportReport()
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag | None] = {}

    def records(self, key: str) -> list:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise GhostImportError(f"data.{key} must be a list")
        return value

    def image_url(self, record: _Record, key: str) -> str:
        url = record.text(key)
        if url.startswith(GHOST_URL_PLACEHOLDER):
            if not self.ghost_url:
                raise record.error(
                    f"{key} points at the old Ghost site ({GHOST_URL_PLACEHOLDER}); "
                    "pass --ghost-url with its address"
                )
            url = self.ghost_url + url.removeprefix(GHOST_URL_PLACEHOLDER)
        return url

    def image(self, record: _Record, url: str, alt: str, title: str) -> Image | None:
        if not url:
            return None
        image = Image.objects.filter(source_url=url, file="").first()
        if image is None:
            image = Image(source_url=url, title=title[:255], alt_text=alt[:300])
            record.validate(image, exclude=["file"])
            image.save()
            self.report.count("images", "created")
        return image

    # Authors ---------------------------------------------------------------------------------

    def import_users(self) -> None:
        for raw in self.records("users"):
            record = _Record("user", raw)
            slug = record.text("slug", required=True)
            author = Author.objects.filter(slug=slug).first()
            created = author is None
            author = author or Author(slug=slug)
            name = record.text("name", required=True)
            avatar = self.image(
                record, self.image_url(record, "profile_image"), "", f"Profile photo: {name}"
            )
            changed = _changed(
                author,
                {"name": name, "bio": record.text("bio"), "avatar_id": avatar and avatar.pk},
            )
            record.validate(author, exclude=["user"])
            if created or changed:
                author.save()
            links_changed = self.set_links(author, record)
            outcome = "created" if created else "updated" if changed or links_changed else None
            self.report.count("authors", outcome or "unchanged")
            self.authors[record.id] = author

    def set_links(self, author: Author, record: _Record) -> bool:
        wanted = []
        if website := record.text("website"):
            wanted.append(("Website", website))
        if twitter := record.text("twitter"):
            wanted.append(("X", f"https://x.com/{twitter.lstrip('@')}"))
        if facebook := record.text("facebook"):
            wanted.append(("Facebook", f"https://www.facebook.com/{facebook.lstrip('/')}"))
        current = [(link.label, link.url) for link in author.links.all()]
        if current == wanted:
            return False
        author.links.all().delete()
        for position, (label, url) in enumerate(wanted):
            link = AuthorLink(author=author, label=label, url=url, position=position)
            record.validate(link)
            link.save()
        return True

    # Tags ------------------------------------------------------------------------------------

    def import_tags(self) -> None:
        for raw in self.records("tags"):
            record = _Record("tag", raw)
            name = record.text("name", required=True)
            slug = record.text("slug") or slugify(name)
            if name.startswith("#") or raw.get("visibility") == "internal":
                # Ghost's internal tags drive its themes; readers never saw them.
                self.tags[record.id] = None
                self.report.count("tags", "skipped (internal)")
                continue
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag(name=name, slug=slug)
                record.validate(tag)
                tag.save()
                self.report.count("tags", "created")
            else:
                self.report.count("tags", "unchanged")
            self.tags[record.id] = tag

    # Posts -----------------------------------------------------------------------------------

    def links(self, key: str, post_key: str, target_key: str) -> dict[str, list[str]]:
        """post id -> target ids in Ghost's sort order, from posts_tags or posts_authors."""
        rows = sorted(self.records(key), key=lambda row: row.get("sort_order") or 0)
        result: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            result[str(row.get(post_key))].append(str(row.get(target_key)))
        return result

    def import_posts(self) -> None:
        post_tags = self.links("posts_tags", "post_id", "tag_id")
        post_authors = self.links("posts_authors", "post_id", "author_id")
        meta = {str(row.get("post_id")): row for row in self.records("posts_meta")}
        for raw in self.records("posts"):
            record = _Record("post", raw)
            if raw.get("type", "post") != "post":
                self.report.count("posts", f"skipped ({raw.get('type')})")
                continue
            author_ids = post_authors.get(record.id) or (
                [str(raw["author_id"])] if raw.get("author_id") else []
            )
            missing = [a for a in author_ids if a not in self.authors]
            if missing:
                raise record.error(f"author {missing[0]} is not among the export's users")
            missing = [t for t in post_tags.get(record.id, []) if t not in self.tags]
            if missing:
                raise record.error(f"tag {missing[0]} is not among the export's tags")
            tags = [self.tags[t] for t in post_tags.get(record.id, []) if self.tags[t]]
            # Ghost 4+ keeps the feature image's alt text and caption in posts_meta.
            image_meta = {
                key: value
                for key, value in meta.get(record.id, {}).items()
                if key.startswith("feature_image_") and value
            }
            article, outcome = self.import_post(
                record,
                _Record("post", {**raw, **image_meta}),
                tags,
                [self.authors[a] for a in author_ids],
            )
            self.report.count("posts", outcome)

    def import_post(
        self, record: _Record, merged: _Record, tags: list[Tag], authors: list[Author]
    ) -> tuple[Article, str]:
        status = record.text("status", required=True)
        if status not in STATUSES:
            raise record.error(f"status {status!r} is not one of {', '.join(STATUSES)}")
        published_at = record.time("published_at", required=status in {"published", "scheduled"})
        html = record.raw.get("html")
        if html is None and status == "published":
            raise record.error("has no html (export from Ghost 1.0 or later)")
        body = richtext.sanitise(record.text("html").replace(GHOST_URL_PLACEHOLDER, ""))
        title = record.text("title", required=True)
        image = self.image(
            record,
            self.image_url(record, "feature_image"),
            merged.text("feature_image_alt"),
            title,
        )
        slug = record.text("slug", required=True)
        ghost_id = record.text("id", required=True)
        article = Article.objects.filter(ghost_id=ghost_id).first()
        if article is None and Article.objects.filter(slug=slug).exists():
            # Never overwrite a story the desk wrote: nothing on the site may be lost.
            raise record.error(
                f"the site already has a story at /news/{slug}/ that was not imported from "
                "Ghost; change that story's slug on the desk and run the import again"
            )
        created = article is None
        article = article or Article(slug=slug, ghost_id=ghost_id, section=self.section)
        values = {
            "title": title,
            "dek": record.text("custom_excerpt"),
            "body": body,
            "status": STATUSES[status],
            "published_at": published_at,
            "lead_image_id": image and image.pk,
            "lead_image_caption": richtext.html_to_text(merged.text("feature_image_caption")),
        }
        changed = _changed(article, values)
        if created and (created_at := record.time("created_at")):
            article.created_at = created_at
        record.validate(article, exclude=["tags"])
        tags_changed = created or {t.pk for t in tags} != {t.pk for t in article.tags.all()}
        bylines_changed = created or self.bylines_differ(article, authors)
        if created or changed or tags_changed or bylines_changed:

            def save_related():
                if tags_changed:
                    article.tags.set(tags)
                if bylines_changed:
                    self.set_bylines(article, authors)

            workflow.save_imported(
                article,
                status=values["status"],
                published_at=values["published_at"],
                # Ghost's last edit time, not ours: feeds and sitemaps show when it changed.
                modified_at=record.time("updated_at"),
                save_related=save_related,
                note="Imported from Ghost" if created else "Updated from Ghost",
            )
        outcome = (
            "created"
            if created
            else "updated"
            if changed or tags_changed or bylines_changed
            else "unchanged"
        )
        return article, outcome

    def bylines_differ(self, article: Article, authors: list[Author]) -> bool:
        current = article.bylines.order_by("position", "id").values_list("author_id", flat=True)
        return list(current) != [author.pk for author in authors]

    def set_bylines(self, article: Article, authors: list[Author]) -> None:
        """Bylines in Ghost's order."""
        article.bylines.all().delete()
        for position, author in enumerate(authors):
            ArticleAuthor.objects.create(article=article, author=author, position=position)

    def run(self) -> ImportReport:
        self.import_users()
        self.import_tags()
        self.import_posts()
        return self.report


def import_ghost(
    data: dict, *, ghost_url: str = "", section: Section | None = None, dry_run: bool = False
) -> ImportReport:
    """Import a Ghost export's `data` in one transaction (rolled back on error or dry run)."""
    with transaction.atomic():
        report = GhostImporter(data, ghost_url=ghost_url, section=section).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
