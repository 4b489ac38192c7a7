"""The article page and its preview: the story, its bylines and author boxes, tags,
corrections, body, related stories and, for a live story, its posts.

Queries: the story with its section, lead and share images, whether it has corrections and
its other editions readers may see (public.reading.editions); its bylines with their authors
and avatars; its tags; its corrections (only when it has some); a live story's posts (two),
or its related stories' ranking; the cards of the related stories and of the stories its
body points to (one); and every picture on the page with its renditions, a live story's
posts' pictures among them (one). The rail, the navigation and the banner are kept apart.
"""

from django.utils import timezone

from articles import visibility
from articles.models import Article, ArticleAuthor
from articles.models import Correction as CorrectionRow
from articles.pagination import Cursor
from authors.addresses import slug_url

from ..pagecache import editions_key, shows, shows_images, shows_stories, story_keys
from . import sql
from .body import StoryBody, body_blocks, shown_ids
from .cardstore import drawn_cards, with_loaded
from .data import ArticlePage, AuthorBox, Correction, Gone, StoryPage
from .editions import is_multilingual, story_editions
from .live import live_parts
from .related import related_ids

ROLES = dict(ArticleAuthor.Role.choices)
STATUSES = dict(Article.Status.choices)


class NoPostsBefore(LookupError):
    """A live story's `?before=` past its last post."""


def article_page(slug: str, before: str | None = None, *, chunk: bool = False, language: str = ""):
    """The page of the edition in `language` at `slug`: an ArticlePage, Gone for a story taken
    down, None for one readers may not see (or none in that language). Raises InvalidCursor for
    a bad `before` of a live story, and NoPostsBefore past its last post. With `chunk`, a live
    story's posts only (LiveParts)."""
    row = sql.story(slug=slug, language=language)
    if row is None:
        return None
    shows(f"a:{row['id']}")
    if not visibility.holds(visibility.VISIBLE, row):
        return Gone(row["takedown_notice"]) if row["status"] == Article.Status.UNPUBLISHED else None
    return _page(row, before, chunk=chunk)


def preview_page(link, before: str | None = None, *, chunk: bool = False):
    """The story a preview link opens, as readers will see it: an ArticlePage (published now,
    if it is not yet), Gone for a story taken down (whatever the link), None for no story or a
    link made before the story's preview key changed (revoked, or taken down since)."""
    row = sql.story(pk=link.article_id)
    if row is None:
        return None
    if row["status"] == Article.Status.UNPUBLISHED:
        return Gone(row["takedown_notice"])
    if not link.opens(_Keyed(row["id"], row["preview_key"])):
        return None
    return _page(row, before, chunk=chunk, now=timezone.now())


class _Keyed:
    """What a preview link is checked against (articles.preview.PreviewToken.opens)."""

    def __init__(self, pk: int, preview_key: str):
        self.pk, self.preview_key = pk, preview_key


def _page(row: dict, before: str | None, *, chunk: bool, now=None) -> ArticlePage:
    """The page of a story row, in its language: `now` shows it as if published then (a
    preview)."""
    language = row["language"]
    story_id, url = row["id"], slug_url("public:article", row["slug"], language)
    live = None
    if row["coverage_started_at"] is not None:
        cursor = Cursor.parse(before) if before is not None else None
        changed = [row["published_at"] or now, row["significant_update_at"]]
        changed_at = max(filter(None, changed), default=None)
        live = live_parts(story_id, url, cursor, changed_at, language=language)
        if live is None:
            raise NoPostsBefore()
        shows_images(live.picture_ids)
        if chunk:  # the next posts: their pictures in one query
            return live.with_images(sql.pictures(live.picture_ids)) if live.picture_ids else live
    bylines = sql.bylines(story_id, language)
    tags = sql.tags(story_id, language)
    corrections = _corrections(story_id) if row["has_corrections"] else ()
    # A live page shows posts, not related stories: the reader came for the latest.
    tag_ids = [tag.id for tag in tags]
    related = [] if live else related_ids(story_id, tag_ids, row["section"], language)
    parsed = body_blocks(row["body"])
    image_ids, story_ids = shown_ids(parsed, story_id)
    # The related stories and the stories the body's cards point to, in one query.
    cards = sql.cards_by_id({*related, *story_ids})
    related_cards = [cards[pk] for pk in related if pk in cards]
    authors = _authors(bylines)
    body_cards = {pk: cards[pk] for pk in story_ids if pk in cards}
    # Every picture on the page (lead, avatars, the body's pictures and story cards, the
    # related cards this worker has not drawn yet) with its renditions, in one query.
    also = [row["lead_image"], row["share_image"], *(a.avatar for a in authors)]
    also += [card.picture for card in body_cards.values()]
    # The live posts' pictures too.
    wanted = image_ids | live.picture_ids if live else image_ids
    drawn, loaded = drawn_cards(related_cards, also=also, wanted=wanted)
    if live is not None:
        live = live.with_images(loaded)
    story = _story(row, bylines, tags, corrections, loaded, now)
    body = StoryBody(
        parsed,
        images={pk: loaded[pk] for pk in image_ids if pk in loaded},
        stories={
            pk: card.with_picture(with_loaded(card.picture, loaded))
            for pk, card in body_cards.items()
        },
    )
    shows(*story_keys(story, bylines=True), f"corrections:{story_id}")
    if is_multilingual():  # its switcher, alternates and JSON-LD name its other editions
        shows(editions_key(row["translation_key"]))
    # Every other picture on the page, named as the media library counts the story's uses
    # (its image fields, articles.blocks.pictures): a new credit or file purges the page.
    avatars = [author.avatar.id for author in authors if author.avatar]
    shows_images([row["share_image"] and row["share_image"].id, *image_ids, *avatars])
    shows_stories([*related_cards, *body_cards.values()])  # their cards: titles and pictures
    return ArticlePage(story=story, body=body, related=drawn, live=live)


def _corrections(story_id: int) -> tuple[Correction, ...]:
    """The published corrections, oldest first (asked for only when there are some)."""
    found = CorrectionRow.objects.filter(article=story_id).values_list("text", "created_at")
    return tuple(Correction(*values) for values in found)


def _authors(bylines) -> list[AuthorBox]:
    seen, found = set(), []
    for _, author in bylines:
        if author.id not in seen:
            seen.add(author.id)
            found.append(author)
    return found


def _story(row, bylines, tags, corrections, loaded, now) -> StoryPage:
    def picture(found):
        return with_loaded(found, loaded)

    authors = {a.id: a.with_avatar(picture(a.avatar)) for _, a in bylines}
    groups: dict[str, list] = {}
    for role, author in bylines:
        groups.setdefault(ROLES.get(role, role), []).append(authors[author.id])
    lead = picture(row["lead_image"])
    published_at = row["published_at"] or now
    return StoryPage(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        dek=row["dek"],
        excerpt=row["excerpt"],
        status=row["status"],
        status_label=STATUSES.get(row["status"], row["status"]),
        published_at=published_at,
        significant_update_at=row["significant_update_at"],
        reading_time=row["reading_time"],
        section=row["section"],
        lead_image=lead,
        caption=row["lead_image_caption"] or (lead.caption if lead else ""),
        alt=row["lead_image_alt"] or (lead.alt if lead else ""),
        share_image=picture(row["share_image"]),
        seo_title=row["seo_title"],
        seo_description=row["seo_description"],
        canonical_url=row["canonical_url"],
        share_title=row["share_title"],
        share_description=row["share_description"],
        coverage_started_at=row["coverage_started_at"],
        coverage_ended_at=row["coverage_ended_at"],
        is_published=visibility.holds(visibility.VISIBLE, row),
        is_live=sql.is_live(row["coverage_started_at"], row["coverage_ended_at"], timezone.now()),
        byline_groups=tuple((role, tuple(group)) for role, group in groups.items()),
        authors=tuple(authors[a.id] for a in _authors(bylines)),
        tags=tuple(tags),
        corrections=corrections,
        language=row["language"],
        translation_key=row["translation_key"],
        editions=story_editions(row["id"], row["translated_from_id"], row["editions"]),
    )
