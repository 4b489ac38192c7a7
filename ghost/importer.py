"""Import a Ghost JSON export: authors (users), tags and posts, with their old URLs kept alive.

Authors and tags are matched by slug, stories by their Ghost id, so a second run updates in
place and, when nothing changed in the export, writes nothing. A story the desk wrote is never
overwritten: a Ghost post with its slug stops the import. Each imported or updated story gets
a revision, as a desk save does. Everything runs in one transaction: the first bad record stops the
import with an error naming it, and nothing is kept. Images (feature images, profile images)
stay where Ghost served them: they become media.Image rows with a `source_url`; an address
that cannot be used is skipped and listed in the report, never an error. Only users who wrote
an imported post become authors, so staff accounts get no public page.

Reading and checking the file is ghost.export; pictures ghost.images; posts ghost.posts. This
module brings authors and tags in and runs the whole in order.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Section, TagName
from authors import languages
from authors.models import Author, AuthorLink

from . import translations
from .export import GhostImportError, Record, assign, describe, read_export, refuse_duplicates
from .images import ImageImport
from .posts import KINDS, MEMBERS_CHOICES, MEMBERS_DRAFT, PostImport

__all__ = [
    "MEMBERS_CHOICES",
    "MEMBERS_DRAFT",
    "GhostImportError",
    "GhostImporter",
    "ImportReport",
    "import_ghost",
    "read_export",
]


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


class GhostImporter(ImageImport, PostImport):
    def __init__(
        self,
        data: dict,
        *,
        ghost_url: str = "",
        section: Section | None = None,
        images: Path | None = None,
        members: str = MEMBERS_DRAFT,
        language: str = "",
        translation_map: list | None = None,
        progress=None,
    ):
        self.data = data
        # The language the Ghost site wrote in: its posts become editions in it.
        self.language = language or languages.main()
        self.translation_map = translation_map
        self.ghost_url = ghost_url.rstrip("/")
        self.section = section
        self.images_dir = Path(images).resolve() if images else None
        self.members = members
        self.progress = progress
        self.report = ImportReport()
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag | None] = {}

    def records(self, key: str, kind: str = "", *, identified: bool = True) -> list[Record]:
        """data[key]'s rows, each an object (and, if `identified`, with an id of its own)."""
        rows = self.data.get(key)
        if rows is None:
            return []
        if not isinstance(rows, list):
            raise GhostImportError(f"data.{key} must be a list, not {describe(rows)}")
        records = [
            Record(kind, raw, f"{key}[{index}]", identified=identified)
            for index, raw in enumerate(rows)
        ]
        if identified:
            refuse_duplicates(records, "id", lambda record: record.id)
        return records

    # Authors ---------------------------------------------------------------------------------

    def import_users(self, users: list[Record], *, bylined: set[str]) -> None:
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
            changed = assign(author, {"name": name, **self.bio(author, record), **avatar})
            record.validate(author, exclude=["user"])
            if created or changed:
                author.save()
            links_changed = self.set_links(author, record)
            outcome = "created" if created else "updated" if changed or links_changed else None
            self.report.count("authors", outcome or "unchanged")
            self.authors[record.id] = author

    def bio(self, author: Author, record: Record) -> dict:
        """The author's bio as a field value: their own in the main language, else their
        text in this import's language (the main language's bio is left as it is)."""
        if self.language == languages.main():
            return {"bio": record.text("bio")}
        translations = {**author.translations}
        translations[self.language] = {
            **translations.get(self.language, {}),
            "bio": record.text("bio"),
        }
        return {"translations": translations}

    def set_links(self, author: Author, record: Record) -> bool:
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

    def import_tags(self, tags: list[Record]) -> None:
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
            if self.language != languages.main() and self.name_tag(tag, name):
                self.report.count("tag names", "set")
            self.tags[record.id] = tag

    def name_tag(self, tag: Tag, name: str) -> bool:
        """Keep the tag's name in this import's language (a tag is one subject in every
        language). False when it already had it."""
        found, created = TagName.objects.get_or_create(
            tag=tag, language=self.language, defaults={"name": name}
        )
        if created or found.name == name:
            return created
        found.name = name
        found.save(update_fields=["name"])
        return True

    def run(self) -> ImportReport:
        # Read every list before writing anything, so a malformed row stops the import early.
        users = self.records("users", "user")
        tags = self.records("tags", "tag")
        posts = self.records("posts", "post")
        stories = [record for record in posts if self.post_type(record) in KINDS]
        refuse_duplicates(stories, "slug", lambda record: record.text("slug"))
        bylines = self.bylines(stories)
        self.import_users(users, bylined={a for authors in bylines.values() for a in authors})
        self.import_tags(tags)
        self.import_posts(posts, bylines)
        if self.translation_map is not None:
            self.link_translations(self.translation_map)
        return self.report

    def link_translations(self, pairs: list[translations.Pair]) -> None:
        """Link each main-language story to the edition this import brought (or had)."""
        for pair in pairs:
            source = Article.objects.filter(language=languages.main(), slug=pair.source).first()
            edition = Article.objects.filter(language=self.language, slug=pair.edition).first()
            if source is None or edition is None:
                missing = pair.source if source is None else pair.edition
                language = languages.main() if source is None else self.language
                raise GhostImportError(
                    f"{pair.where}: there is no {languages.english_name(language)} story "
                    f"{missing!r}"
                )
            try:
                linked = workflow.link_edition(source, edition)
            except workflow.WorkflowError as error:
                raise GhostImportError(f"{pair.where}: {error}") from None
            self.report.count("translations", "linked" if linked else "unchanged")


def import_ghost(
    data: dict,
    *,
    ghost_url: str = "",
    section: Section | None = None,
    images: Path | None = None,
    members: str = MEMBERS_DRAFT,
    language: str = "",
    translation_map: list | None = None,
    dry_run: bool = False,
    progress=None,
) -> ImportReport:
    """Import a Ghost export's `data` in one transaction (rolled back on error or dry run):
    as editions in `language` (the main one when empty), then linking the editions
    `translation_map` pairs (main-language slug, this language's slug)."""
    if members not in MEMBERS_CHOICES:
        raise GhostImportError(f"--members must be one of {', '.join(MEMBERS_CHOICES)}")
    language = language or languages.main()
    if not languages.is_known(language):
        raise GhostImportError(
            f"--language {language}: the newsroom publishes in "
            f"{', '.join(languages.codes())} (NEWSROOM_LANGUAGES)"
        )
    if translation_map is not None and language == languages.main():
        raise GhostImportError(
            "--translations links this import's stories to main-language stories: give the "
            "import's own language with --language"
        )
    if images is not None and not Path(images).is_dir():
        raise GhostImportError(f"{images} is not a folder (Ghost's content/images)")
    with transaction.atomic():
        report = GhostImporter(
            data,
            ghost_url=ghost_url,
            section=section,
            images=images,
            members=members,
            language=language,
            translation_map=translation_map,
            progress=progress,
        ).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
