"""The body editor on the desk: django-prose-editor with our blocks, drawn as readers see them
(static/js/body-blocks-editor.js writes them in the stored format of articles/blocks.py).

To draw a picture the editor needs its library image's preview, caption and credit; to draw a
related-story card, the story's headline and picture. The widget hands over those the body
names when the page is made (`block_data`: three queries whatever the number of blocks), and
the editor asks `chooser/images/` (media/chooser.py) and `stories_view` below for those added
while writing, several at once.
"""

import json

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.http import require_GET
from django_prose_editor.config import DEFAULT_MENU_GROUPS
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import ImportMap, Media

from media.chooser import describe_images
from media.models import Rendition
from media.previews import desk_rendition, preview_url
from media.specs import ADMIN_THUMB

from . import blocks, workflow
from .models import Article

# The editor loads its modules through an import map, an inline script that CSP allows only
# with the request's nonce (the admin's templates add it). Public pages keep the site-wide
# policy without nonces, so their cached copies stay valid.
EDITOR_CSP = {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.NONCE]}

TEXT = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
    # Icons drawn in SVG (no icon font), the writing column's look.
    "DeskEditor": True,
}
# Body blocks (static/js/body-blocks-editor.js), stored as articles/blocks.py says.
BLOCKS = (
    "BodyImage",
    "Gallery",
    "Embed",
    "TableWithCaption",
    "PullQuote",
    "Callout",
    "RelatedStory",
)
# Cells of text only (body-blocks-editor.js TextTableCell).
TABLE_PARTS = {"TableRow": True, "TextTableHeader": True, "TextTableCell": True}

BODY_EDITOR = {
    "extensions": {
        **TEXT,
        **dict.fromkeys(BLOCKS, True),
        **TABLE_PARTS,
        # The blocks get a row of their own, with their names beside the icons.
        "Menu": {"groups": [*DEFAULT_MENU_GROUPS, {"group": "blocks"}]},
    }
}
# A live post is written fast: text only in the toolbar. Blocks a post already holds stay in
# the editor's schema (drawn, movable, removable), or editing the post would drop them.
LIVE_POST_EDITOR = {
    "extensions": {**TEXT, **dict.fromkeys(BLOCKS, {"menu": False}), **TABLE_PARTS},
}

# Modules that body-blocks-editor.js imports by name; the import map gives their (hashed)
# static addresses.
MODULES = {
    "newsroom/desk-icons": "js/desk-icons.js",
    "newsroom/body-blocks-views": "js/body-blocks-views.js",
}


class BodyEditorWidget(AdminProseEditorWidget):
    """The rich-text editor with our blocks, and the pictures and stories the body names."""

    def __init__(self, *args, config=BODY_EDITOR, **kwargs):
        # The "configurable" preset builds the toolbar from the config's extensions (the
        # default preset ignores them and offers Heading 1-5, which the sanitiser drops).
        super().__init__(*args, config=config, preset="configurable", **kwargs)

    @property
    def media(self):
        return super().media + Media(
            importmap=ImportMap(MODULES),
            css={
                "all": (
                    "css/admin-media.css",
                    "css/image-chooser.css",
                    "css/body-blocks-editor.css",
                )
            },
            # The image chooser: pictures and galleries are chosen in it.
            js=("js/focal-point.js", "js/image-chooser.js"),
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        data = block_data(value if isinstance(value, str) else "")
        context["widget"]["attrs"]["data-body-blocks"] = json.dumps(data, separators=(",", ":"))
        return context


def block_data(html: str) -> dict:
    """What the editor needs to draw the body's blocks, and where to ask for more.

    Related stories are given only when published: a card shows nothing else to readers, and
    the editor asks `stories_view` (which knows who is asking) about the others.
    """
    parsed = blocks.read(html)
    image_ids, story_ids = blocks.image_ids(parsed), blocks.article_ids(parsed)
    return {
        "images": describe_images(image_ids) if image_ids else {},
        "stories": story_cards(Article.objects.published().filter(pk__in=story_ids))
        if story_ids
        else {},
        "images_url": reverse("admin:media_image_chooser_images"),
        "stories_url": reverse("admin:articles_article_block_stories"),
    }


def story_cards(stories) -> dict[str, dict]:
    """A related-story card's face for each story, keyed by its id as a string: headline,
    section, picture, whether readers see it. Two queries (the stories with their sections and
    pictures; the thumbnails), however many stories."""
    thumbnails = Rendition.objects.filter(spec=ADMIN_THUMB)
    stories = stories.select_related("section", "lead_image").prefetch_related(
        Prefetch("lead_image__renditions", queryset=thumbnails)
    )
    return {str(story.pk): _card(story) for story in stories}


def _card(story: Article) -> dict:
    thumbnail = desk_rendition(story.lead_image, ADMIN_THUMB) if story.lead_image else None
    return {
        "id": story.pk,
        "title": story.title,
        "section": story.section.name if story.section else "",
        "is_published": story.is_published,
        "thumbnail_url": preview_url(story.lead_image, thumbnail) if thumbnail else "",
    }


SEARCH_RESULTS = 12
MAX_STORIES = 100


@require_GET
def stories_view(request):
    """Related-story cards for the body editor: ?id=…&id=… (stories this user may open), or
    ?q=words (published stories whose headline has them, newest first; or a story's number)."""
    visible = workflow.viewable(request.user)
    ids = request.GET.getlist("id")
    if ids:
        if len(ids) > MAX_STORIES or not all(blocks.is_id(value) for value in ids):
            raise BadRequest(f"Name between 1 and {MAX_STORIES} stories by their numbers.")
        return JsonResponse({"stories": story_cards(visible.filter(pk__in=ids))})
    query = " ".join(request.GET.get("q", "").split())[:200]
    if not query:
        raise BadRequest("Type a few words of the story's headline.")
    found = Article.objects.published().filter(pk__in=visible.values("pk"))
    matches = Q(title__icontains=query)
    if blocks.is_id(query):
        matches |= Q(pk=int(query))
    newest = found.filter(matches).order_by("-published_at", "-id")[:SEARCH_RESULTS]
    order = [str(pk) for pk in newest.values_list("pk", flat=True)]
    cards = story_cards(Article.objects.filter(pk__in=order))
    # JSON objects with number-like keys lose their order in browsers: `order` keeps it.
    return JsonResponse({"stories": cards, "order": order})
