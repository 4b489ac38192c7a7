"""Posts from a Ghost export: each one a story (or a standing page) saved through the
workflow, with its body in our blocks, its pictures, tags and bylines; members-only posts
never made public unless the operator says so."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from taggit.models import Tag

from articles import plaintext, richtext, workflow
from articles.models import Article
from authors.models import Author

from . import cards, formats
from .export import Record, assign, describe
from .images import GHOST_URL_PLACEHOLDER

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
PROGRESS_EVERY = 200
# Ghost's post types we import: stories, and standing pages (kept, never listed).
KINDS = {"post", "page"}


class PostImport:
    """The importer's posts (mixed into GhostImporter: authors, tags, section, members)."""

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

    def post_meta(self) -> dict[str, Record]:
        """post id -> its posts_meta row (Ghost 4+ keeps feature image alt and caption there)."""
        return {
            row.ident("post_id", required=True): row
            for row in self.records("posts_meta", identified=False)
        }

    def post_type(self, record: Record) -> str:
        return record.text("type") or "post"

    def bylines(self, posts: list[Record]) -> dict[str, list[str]]:
        """post id -> its authors' user ids, in byline order."""
        post_authors = self.links("posts_authors", "author_id")
        result = {}
        for record in posts:
            legacy = record.ident("author_id")  # before Ghost 1.22 a post had one author
            result[record.id] = post_authors.get(record.id) or ([legacy] if legacy else [])
        return result

    def import_posts(self, posts: list[Record], bylines: dict[str, list[str]]) -> None:
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
        self, record: Record, meta: Record | None, tags: list[Tag], authors: list[Author]
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
        if article is not None and article.language != self.language:
            raise record.error(
                f"this post was imported before as the story at {article.get_absolute_url()}, "
                f"in another language ({article.language}); check --language"
            )
        in_language = Article.objects.filter(language=self.language)
        if article is None and (taken := in_language.filter(slug=slug).first()):
            # Never overwrite a story already on the site: nothing on it may be lost.
            raise record.error(_slug_taken(taken))
        created = article is None
        article = article or Article(
            slug=slug, ghost_id=ghost_id, section=self.section, language=self.language
        )
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
        changed = assign(article, values)
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

    def body(self, record: Record, title: str) -> cards.Body:
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

    def members_only(self, record: Record, body: cards.Body, state: str, visibility: str):
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

    def canonical(self, seo: Record, record: Record) -> str:
        url = seo.text("canonical_url")
        if not url:
            return ""
        try:
            Article._meta.get_field("canonical_url").run_validators(url)
        except ValidationError:
            self.report.note(f"{record.label}: canonical_url {describe(url)} is not an address")
            return ""
        return url[:500]

    def share_image(self, seo: Record, title: str) -> dict:
        for key in ("og_image", "twitter_image"):
            if seo.raw.get(key):
                return self.image_values("share_image_id", seo, key, title=title)
        return {"share_image_id": None}

    def bylines_differ(self, article: Article, authors: list[Author]) -> bool:
        current = article.bylines.order_by("position", "id").values_list("author_id", flat=True)
        return list(current) != [author.pk for author in authors]


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
