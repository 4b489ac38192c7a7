"""Import a Ghost JSON export: authors (users), tags and posts, with their old URLs kept alive.

Authors and tags are matched by slug, stories by their Ghost id, so a second run updates in
place and, when nothing changed in the export, writes nothing. A story the desk wrote is never
overwritten: a Ghost post with its slug stops the import. Each imported or updated story gets
a revision, as a desk save does. Everything runs in one transaction: the first bad record stops the
import with an error naming it, and nothing is kept. Images (feature images, profile images)
stay where Ghost served them: they become media.Image rows with a `source_url`; an address
that cannot be used is skipped and listed in the report, never an error. Only users who wrote
an imported post become authors, so staff accounts get no public page.
"""

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.dateparse import parse_datetime
from taggit.models import Tag

from articles import plaintext, richtext, workflow
from articles.models import Article, Section
from authors.models import Author, AuthorLink
from media.models import Image

from . import cards, formats

GHOST_URL_PLACEHOLDER = "__GHOST_URL__"

STATUSES = {
    "published": Article.Status.PUBLISHED,
    "scheduled": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    # Sent only as a newsletter, never on the web.
    "sent": Article.Status.DRAFT,
}


# How members-only and paid posts come in: never public unless the operator says so.
MEMBERS_DRAFT = "draft"  # the whole post, as a draft flagged for the desk (the default)
MEMBERS_PUBLIC_PART = "public-part"  # only what Ghost showed everyone, before the paywall
MEMBERS_CHOICES = (MEMBERS_DRAFT, MEMBERS_PUBLIC_PART)
PUBLIC_VISIBILITY = {"public", ""}
# Ghost's resized copies (/content/images/size/w600/2024/01/x.jpg) and format conversions
# (/format/webp/) stand for the original upload.
_SIZE_VARIANT = re.compile(r"^(?:size/w\d+(?:h\d+)?/)?(?:format/\w+/)?")
PROGRESS_EVERY = 200
# Ghost's post types we import: stories, and standing pages (kept, never listed).
KINDS = {"post", "page"}


class GhostImportError(Exception):
    pass


@dataclass
class ImportReport:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    skipped_images: list[str] = field(default_factory=list)
    # Everything else the import could not bring over as it was, one line each.
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def skip_image(self, why: str) -> None:
        self.count("images", "skipped")
        self.skipped_images.append(why)

    def note(self, why: str) -> None:
        self.notes.append(why)

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


# A Ghost export is about six levels deep (posts' mobiledoc and lexical are strings).
MAX_DEPTH = 32
# Dates must survive conversion to any time zone (a reader's, the database's).
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def read_export(path: Path) -> dict:
    """The `data` part of an export file, whether or not it is wrapped in `db: [...]`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise GhostImportError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise GhostImportError(f"{path} is not a JSON file: {error}") from None
    try:
        document = json.loads(text, parse_int=_read_int, parse_constant=_refuse_constant)
    except RecursionError:
        raise GhostImportError(
            f"{path} is not a Ghost export: it is nested thousands of levels deep"
        ) from None
    except ValueError as error:
        raise GhostImportError(f"{path} is not a JSON file: {error}") from None
    _check_values(document, path)
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise GhostImportError(f"{path} is not a Ghost export: no data.posts list")
    return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def _read_int(digits: str) -> int:
    if len(digits) > 30:  # Python refuses past 4,300 digits, and slowly
        raise ValueError(f"the number {digits[:12]}… has {len(digits)} digits")
    return int(digits)


def _check_values(document, path: Path) -> None:
    """Refuse what the database would choke on later, naming where it is in the file."""
    stack = [(document, ())]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            raise GhostImportError(
                f"{path} is not a Ghost export: {_path(where[:MAX_DEPTH])} is nested more than "
                f"{MAX_DEPTH} levels deep"
            )
        if isinstance(value, dict):
            stack.extend((item, (*where, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))
        elif isinstance(value, str):
            if "\x00" in value:
                raise GhostImportError(f"{_path(where)}: the text has a NUL character")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise GhostImportError(
                    f"{_path(where)}: the text has a lone surrogate (a broken \\u escape)"
                ) from None


def _path(keys: tuple) -> str:
    """("db", 0, "data", "posts", 3) -> "db[0].data.posts[3]"."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else f".{key}" if text else str(key)
    return text or "the file"


def _describe(value) -> str:
    """A JSON value as an error message shows it: short, and never its whole content."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


class _Record:
    """One record of the export, with readers that name it (and where it is) in every error."""

    def __init__(self, kind: str, raw, where: str, *, identified: bool = True):
        self.where = where
        self.label = where
        if not isinstance(raw, dict):
            raise self.error(f"must be an object, not {_describe(raw)}")
        self.raw = raw
        name = raw.get("slug") or raw.get("name")
        details = []
        if kind and isinstance(name, str) and name.strip():
            details.append(f'{kind} "{name.strip()[:60]}"')
            self.label = f"{where} ({', '.join(details)})"
        self.id = self.ident("id", required=identified)
        if self.id:
            details.append(f"id {self.id[:64]}")
            self.label = f"{where} ({', '.join(details)})"

    def error(self, message: str) -> GhostImportError:
        return GhostImportError(f"{self.label}: {message}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.error(f"{key} must be text, not {_describe(value)}")
        if required and not value.strip():
            raise self.error(f"{key} is missing")
        return value.strip()

    def ident(self, key: str, *, required: bool = False) -> str:
        """A Ghost id: text, or a number in exports from before Ghost 1.0."""
        value = self.raw.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if value is not None and not isinstance(value, str):
            raise self.error(f"{key} must be an id (text), not {_describe(value)}")
        if required and not (value or "").strip():
            raise self.error(f"has no {key}")
        return (value or "").strip()

    def number(self, key: str) -> int:
        """A whole number such as sort_order; missing counts as 0, as in Ghost."""
        value = self.raw.get(key)
        if value is None:
            return 0
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                pass
        raise self.error(f"{key} must be a whole number, not {_describe(value)}")

    def time(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.text(key, required=required)
        if not value:
            return None
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.error(f"{key} {_describe(value)} is not a date and time")
        try:
            parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
        except OverflowError:
            parsed = None
        if parsed is None or not EARLIEST <= parsed <= LATEST:
            raise self.error(
                f"{key} {_describe(value)}: year out of range (it must fall between the years "
                "1 and 9999 in every time zone)"
            )
        return parsed

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
    def __init__(
        self,
        data: dict,
        *,
        ghost_url: str = "",
        section: Section | None = None,
        images: Path | None = None,
        members: str = MEMBERS_DRAFT,
        progress=None,
    ):
        self.data = data
        self.ghost_url = ghost_url.rstrip("/")
        self.section = section
        self.images_dir = Path(images).resolve() if images else None
        self.members = members
        self.progress = progress
        self.report = ImportReport()
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag | None] = {}

    def records(self, key: str, kind: str = "", *, identified: bool = True) -> list[_Record]:
        """data[key]'s rows, each an object (and, if `identified`, with an id of its own)."""
        rows = self.data.get(key)
        if rows is None:
            return []
        if not isinstance(rows, list):
            raise GhostImportError(f"data.{key} must be a list, not {_describe(rows)}")
        records = [
            _Record(kind, raw, f"{key}[{index}]", identified=identified)
            for index, raw in enumerate(rows)
        ]
        if identified:
            _refuse_duplicates(records, "id", lambda record: record.id)
        return records

    # Images ----------------------------------------------------------------------------------

    def image_url(self, value) -> tuple[str, str]:
        """(absolute address, "") for an image address as Ghost exports it, or ("", why not)."""
        if value is None:
            return "", ""
        if not isinstance(value, str):
            return "", "is not text"
        url = value.strip()
        if url.startswith(GHOST_URL_PLACEHOLDER):
            url = url.removeprefix(GHOST_URL_PLACEHOLDER)
            if self.ghost_url:
                url = self.ghost_url + url
        if not url:
            return "", ""
        if url.startswith("//"):
            # Ghost's default Gravatar profile images are protocol-relative.
            url = "https:" + url
        try:
            relative = not urlsplit(url).scheme
        except ValueError:
            return "", "is not a web address"
        if relative:
            if not self.ghost_url and self.images_dir and "/content/images/" in url:
                return url, ""  # looked up in --images; without the file it is skipped
            if not self.ghost_url:
                return "", "is on the old Ghost site: pass --ghost-url with its address"
            url = urljoin(self.ghost_url + "/", url)
        try:
            if urlsplit(url).scheme not in {"http", "https"}:
                raise ValidationError("not on the web")
            Image._meta.get_field("source_url").run_validators(url)
        except (ValueError, ValidationError):
            return "", "is not a web address"
        return url, ""

    def image_values(
        self, name: str, record: _Record, key: str, *, title: str, alt: str = ""
    ) -> dict[str, int | None]:
        """{name: the image's pk or None}; {} (keep what is there) when the address is unusable.

        An image never stops the import: one that cannot be used is listed in the report.
        """
        value = record.raw.get(key)
        url, problem = self.image_url(value)
        if problem:
            self.report.skip_image(f"{record.label}: {key} {_describe(value)} {problem}")
            return {}
        if not url:
            return {name: None}
        image = self.library_image(url, record, title=title, alt=alt)
        return {name: image.pk if image else None}

    def library_image(self, url: str, record: _Record, *, title: str, alt: str = "", caption=""):
        """The library's Image for an address: the file itself when --images has it (one image
        per file, whoever used it first), else a linked image that a later run can fill in."""
        data, missing = self.local_file(url)
        absolute = url if url.startswith(("http://", "https://")) else ""
        if data is None and not absolute:
            self.report.skip_image(f"{record.label}: {url}: {missing or 'not found'}")
            return None
        linked = Image.objects.filter(source_url=absolute).first() if absolute else None
        image = None
        if data is not None:
            image = Image.objects.duplicate_of(hashlib.sha256(data).hexdigest())
            if image is None and linked is not None and not linked.file:
                image = linked  # found on disk this time: the link becomes a library file
                image.file = ContentFile(data, name=Path(urlsplit(url).path).name)
                self.save_image(image, record, "updated")
            elif image is None:
                image = Image(
                    file=ContentFile(data, name=Path(urlsplit(url).path).name),
                    source_url=absolute,
                    title=(title or Path(urlsplit(url).path).stem)[:255],
                )
                self.save_image(image, record, "created")
        else:
            if missing:
                self.report.note(f"{record.label}: {missing}; kept as a link to {url}")
            image = linked
            if image is None:
                image = Image(source_url=url, title=(title or url)[:255])
                self.save_image(image, record, "created", exclude=["file"])
        if image is None:
            return None
        # A picture shared by several posts gets the first alt text and caption anyone gave.
        filled = {
            key: value[:limit]
            for key, value, limit in (("alt_text", alt, 300), ("caption", caption, 1000))
            if value and not getattr(image, key)
        }
        if filled:
            Image.objects.filter(pk=image.pk).update(**filled)
            for key, value in filled.items():
                setattr(image, key, value)
        return image

    def save_image(self, image: Image, record: _Record, outcome: str, exclude=()) -> None:
        record.validate(image, exclude=["file", *exclude])
        try:
            image.save()
        except ValidationError as error:
            raise record.error(f"image {image.source_url}: {' '.join(error.messages)}") from None
        self.report.count("images", outcome)

    def local_file(self, url: str) -> tuple[bytes | None, str]:
        """The original upload in --images for a Ghost content image, and why not if absent."""
        if self.images_dir is None:
            return None, ""
        path = urlsplit(url).path
        marker = "/content/images/"
        if marker not in path:
            return None, ""
        relative = _SIZE_VARIANT.sub("", path.split(marker, 1)[1])
        candidate = (self.images_dir / relative).resolve()
        if not candidate.is_relative_to(self.images_dir) or not candidate.is_file():
            return None, f"{relative} is not in the images folder"
        return candidate.read_bytes(), ""

    # Authors ---------------------------------------------------------------------------------

    def import_users(self, users: list[_Record], *, bylined: set[str]) -> None:
        for record in users:
            if record.id not in bylined:
                # Staff who never wrote a post (owners, editors) get no public author page.
                self.report.count("authors", "skipped (no posts)")
                continue
            slug = record.text("slug", required=True)
            author = Author.objects.filter(slug=slug).first()
            created = author is None
            author = author or Author(slug=slug)
            name = record.text("name", required=True)
            avatar = self.image_values(
                "avatar_id", record, "profile_image", title=f"Profile photo: {name}"
            )
            changed = _changed(author, {"name": name, "bio": record.text("bio"), **avatar})
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

    def import_tags(self, tags: list[_Record]) -> None:
        for record in tags:
            name = record.text("name", required=True)
            slug = record.text("slug") or workflow.slug_for(name)
            if name.startswith("#") or record.raw.get("visibility") == "internal":
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

    def links(self, key: str, target_key: str) -> dict[str, list[str]]:
        """post id -> target ids in Ghost's sort order, from posts_tags or posts_authors."""
        rows = [
            (row.number("sort_order"), row.ident("post_id", required=True), row)
            for row in self.records(key, identified=False)
        ]
        result: dict[str, list[str]] = defaultdict(list)
        for _, post_id, row in sorted(rows, key=lambda entry: entry[0]):
            result[post_id].append(row.ident(target_key, required=True))
        return result

    def post_meta(self) -> dict[str, _Record]:
        """post id -> its posts_meta row (Ghost 4+ keeps feature image alt and caption there)."""
        return {
            row.ident("post_id", required=True): row
            for row in self.records("posts_meta", identified=False)
        }

    def post_type(self, record: _Record) -> str:
        return record.text("type") or "post"

    def bylines(self, posts: list[_Record]) -> dict[str, list[str]]:
        """post id -> its authors' user ids, in byline order."""
        post_authors = self.links("posts_authors", "author_id")
        result = {}
        for record in posts:
            legacy = record.ident("author_id")  # before Ghost 1.22 a post had one author
            result[record.id] = post_authors.get(record.id) or ([legacy] if legacy else [])
        return result

    def import_posts(self, posts: list[_Record], bylines: dict[str, list[str]]) -> None:
        post_tags = self.links("posts_tags", "tag_id")
        meta = self.post_meta()
        for done, record in enumerate(posts, start=1):
            if self.progress and done % PROGRESS_EVERY == 0:
                self.progress(f"posts: {done:,} of {len(posts):,}")
            if (kind := self.post_type(record)) not in KINDS:
                self.report.count("posts", f"skipped ({kind[:30]})")
                continue
            author_ids = bylines[record.id]
            missing = [a for a in author_ids if a not in self.authors]
            if missing:
                raise record.error(f"author {missing[0]} is not among the export's users")
            missing = [t for t in post_tags.get(record.id, []) if t not in self.tags]
            if missing:
                raise record.error(f"tag {missing[0]} is not among the export's tags")
            tags = [self.tags[t] for t in post_tags.get(record.id, []) if self.tags[t]]
            article, outcome = self.import_post(
                record, meta.get(record.id), tags, [self.authors[a] for a in author_ids]
            )
            self.report.count("pages" if kind == "page" else "posts", outcome)

    def import_post(
        self, record: _Record, meta: _Record | None, tags: list[Tag], authors: list[Author]
    ) -> tuple[Article, str]:
        status = record.text("status", required=True)
        if status not in STATUSES:
            raise record.error(f"status {status!r} is not one of {', '.join(STATUSES)}")
        published_at = record.time("published_at", required=status in {"published", "scheduled"})
        title = record.text("title", required=True)
        body = self.body(record, title)
        visibility = record.text("visibility")
        state = STATUSES[status]
        held_back = ""
        if visibility not in PUBLIC_VISIBILITY:
            before = state
            body, state = self.members_only(record, body, state, visibility)
            if state != before:
                held_back = f" ({visibility} in Ghost: held back as a draft for the desk)"
        image = self.image_values(
            "lead_image_id",
            record,
            "feature_image",
            title=title,
            alt=(meta and meta.text("feature_image_alt")) or record.text("feature_image_alt"),
        )
        caption = (meta and meta.text("feature_image_caption")) or record.text(
            "feature_image_caption"
        )
        slug = record.text("slug", required=True)
        ghost_id = record.id
        article = Article.objects.filter(ghost_id=ghost_id).first()
        if article is None and (taken := Article.objects.filter(slug=slug).first()):
            # Never overwrite a story already on the site: nothing on it may be lost.
            raise record.error(_slug_taken(taken))
        created = article is None
        article = article or Article(slug=slug, ghost_id=ghost_id, section=self.section)
        seo = meta or record  # Ghost 4+ keeps these in posts_meta, older exports on the post
        values = {
            # As the workflow keeps them (one line), so a second import finds them unchanged.
            "title": plaintext.one_line(title),
            "dek": record.text("custom_excerpt"),
            "body": richtext.sanitise(body.html),
            "status": state,
            "published_at": published_at,
            "kind": Article.Kind.PAGE if self.post_type(record) == "page" else Article.Kind.STORY,
            **image,
            "lead_image_caption": richtext.html_to_text(caption),
            "seo_title": plaintext.one_line(seo.text("meta_title")[:300]),
            "seo_description": seo.text("meta_description"),
            "canonical_url": self.canonical(seo, record),
            "share_title": plaintext.one_line(
                (seo.text("og_title") or seo.text("twitter_title"))[:300]
            ),
            "share_description": seo.text("og_description") or seo.text("twitter_description"),
            **self.share_image(seo, title),
        }
        changed = _changed(article, values)
        if created and (created_at := record.time("created_at")):
            article.created_at = created_at
        record.validate(article, exclude=["tags"])
        tags_changed = created or {t.pk for t in tags} != {t.pk for t in article.tags.all()}
        bylines_changed = created or self.bylines_differ(article, authors)
        if created or changed or tags_changed or bylines_changed:
            workflow.save_imported(
                article,
                status=values["status"],
                published_at=values["published_at"],
                # Ghost's last edit time, not ours: feeds and sitemaps show when it changed.
                modified_at=record.time("updated_at"),
                tags=tags if tags_changed else None,
                # Bylines in Ghost's order.
                bylines=authors if bylines_changed else None,
                note=("Imported from Ghost" if created else "Updated from Ghost") + held_back,
            )
        outcome = (
            "created"
            if created
            else "updated"
            if changed or tags_changed or bylines_changed
            else "unchanged"
        )
        return article, outcome

    def body(self, record: _Record, title: str) -> cards.Body:
        """The post's body in our blocks, from `html`, else `lexical`, else `mobiledoc`."""
        html = record.raw.get("html")
        source = "html"
        if not (isinstance(html, str) and html.strip()):
            html = ""
            for key, convert in (
                ("lexical", formats.lexical_to_html),
                ("mobiledoc", formats.mobiledoc_to_html),
            ):
                document = record.text(key)
                if document:
                    try:
                        conversion = convert(document)
                    except formats.FormatError as error:
                        raise record.error(str(error)) from None
                    html, source = conversion.html, key
                    for what in conversion.skipped:
                        self.report.note(f"{record.label}: a {what} was left out")
                    break
        # Links to the old site become our addresses (ghost/redirects.py); pictures are resolved
        # against --ghost-url or found in --images by image_for.
        html = html.replace(GHOST_URL_PLACEHOLDER, "")

        def image_for(url: str, alt: str, caption: str) -> int | None:
            absolute, problem = self.image_url(url)
            if problem or not absolute:
                self.report.skip_image(f"{record.label}: a picture in the body {problem}")
                return None
            image = self.library_image(absolute, record, title=title, alt=alt, caption=caption)
            return image.pk if image else None

        body = cards.convert(html, image_for=image_for)
        for why in body.notes:
            self.report.note(f"{record.label}: {why} (from {source})")
        return body

    def members_only(self, record: _Record, body: cards.Body, state: str, visibility: str):
        """A post Ghost showed only to members or subscribers is never made public by default.

        With --members=public-part the story keeps what Ghost showed everyone (before the
        paywall marker) and stays published; otherwise, or when there is no public part, it
        comes in as a draft with the reason in the report and its history.
        """
        if self.members == MEMBERS_PUBLIC_PART and body.public and body.public.strip():
            self.report.note(
                f"{record.label}: {visibility} in Ghost; only its public part was imported"
            )
            return cards.Body(body.public, None, body.notes), state
        if state != Article.Status.DRAFT:
            self.report.note(
                f"{record.label}: {visibility} in Ghost; imported as a draft for the desk to "
                "decide (use --members=public-part to publish what Ghost showed everyone)"
            )
        self.report.count("posts", f"held back ({visibility[:20]})")
        return body, Article.Status.DRAFT

    def canonical(self, seo: _Record, record: _Record) -> str:
        url = seo.text("canonical_url")
        if not url:
            return ""
        try:
            Article._meta.get_field("canonical_url").run_validators(url)
        except ValidationError:
            self.report.note(f"{record.label}: canonical_url {_describe(url)} is not an address")
            return ""
        return url[:500]

    def share_image(self, seo: _Record, title: str) -> dict:
        for key in ("og_image", "twitter_image"):
            if seo.raw.get(key):
                return self.image_values("share_image_id", seo, key, title=title)
        return {"share_image_id": None}

    def bylines_differ(self, article: Article, authors: list[Author]) -> bool:
        current = article.bylines.order_by("position", "id").values_list("author_id", flat=True)
        return list(current) != [author.pk for author in authors]

    def run(self) -> ImportReport:
        # Read every list before writing anything, so a malformed row stops the import early.
        users = self.records("users", "user")
        tags = self.records("tags", "tag")
        posts = self.records("posts", "post")
        stories = [record for record in posts if self.post_type(record) in KINDS]
        _refuse_duplicates(stories, "slug", lambda record: record.text("slug"))
        bylines = self.bylines(stories)
        self.import_users(users, bylined={a for authors in bylines.values() for a in authors})
        self.import_tags(tags)
        self.import_posts(posts, bylines)
        return self.report


def _refuse_duplicates(records: list[_Record], what: str, key) -> None:
    first: dict[str, _Record] = {}
    for record in records:
        if value := key(record):
            if value in first:
                raise record.error(f"has the same {what} as {first[value].label}")
            first[value] = record


def _slug_taken(story: Article) -> str:
    where = f"the site already has a story at {story.get_absolute_url()}"
    if story.ghost_id:
        return (
            f"{where}, imported from another Ghost post (id {story.ghost_id}), from another "
            "Ghost site or an earlier export; it is never overwritten: change that story's "
            "slug on the desk, or this post's slug in Ghost, and run the import again"
        )
    return (
        f"{where} that was not imported from Ghost; change that story's slug on the desk and "
        "run the import again"
    )


def import_ghost(
    data: dict,
    *,
    ghost_url: str = "",
    section: Section | None = None,
    images: Path | None = None,
    members: str = MEMBERS_DRAFT,
    dry_run: bool = False,
    progress=None,
) -> ImportReport:
    """Import a Ghost export's `data` in one transaction (rolled back on error or dry run)."""
    if members not in MEMBERS_CHOICES:
        raise GhostImportError(f"--members must be one of {', '.join(MEMBERS_CHOICES)}")
    if images is not None and not Path(images).is_dir():
        raise GhostImportError(f"{images} is not a folder (Ghost's content/images)")
    with transaction.atomic():
        report = GhostImporter(
            data,
            ghost_url=ghost_url,
            section=section,
            images=images,
            members=members,
            progress=progress,
        ).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
