"""`{% story_body body %}`: a story's stored body as readers get it, block by block.

Text blocks are shown as stored (our sanitiser wrote them); a related-story card is drawn by
the card renderer (public.reading.cards); every other block is drawn from
templates/components/blocks/ with the pictures and stories the read model loaded for it. A
block that cannot be shown (a problem, a deleted image, a story that is not published) gives
nothing.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles import blocks
from public.reading.cards import related_card

register = template.Library()

# How a provider's player is framed: video 16:9, audio a strip, posts tall.
EMBED_KINDS = {"youtube": "video", "vimeo": "video", "soundcloud": "audio", "spotify": "audio"}


@register.simple_tag
def story_body(body) -> str:
    parts = []
    for block in body.blocks:
        if isinstance(block, blocks.Html):
            parts.append(block.html)  # sanitised on save by articles.richtext
            continue
        if isinstance(block, blocks.RelatedBlock):
            story = body.stories.get(block.article_id)
            if story is not None:
                parts.append(related_card(story))
            continue
        found = _component(block, body)
        if found is not None:
            name, context = found
            parts.append(render_to_string(f"components/blocks/{name}.html", context))
    return mark_safe("\n".join(parts))


def _component(block, body) -> tuple[str, dict] | None:
    if isinstance(block, blocks.ImageBlock):
        image = body.images.get(block.image_id)
        if image is None:
            return None
        caption = block.caption or image.caption
        return "image", {"image": image, "caption": caption, "width": block.width}
    if isinstance(block, blocks.GalleryBlock):
        items = [
            {"image": image, "caption": item.caption or image.caption}
            for item in block.items
            if (image := body.images.get(item.image_id)) is not None
        ]
        return ("gallery", {"items": items}) if items else None
    if isinstance(block, blocks.EmbedBlock):
        kind = EMBED_KINDS.get(block.provider, "post")
        thumbnail = body.images.get(block.thumbnail_id) if block.thumbnail_id else None
        return "embed", {"embed": block, "thumbnail": thumbnail, "kind": kind}
    if isinstance(block, blocks.TableBlock):
        return "table", {"table": block}
    if isinstance(block, blocks.PullQuoteBlock):
        return "pullquote", {"quote": block}
    if isinstance(block, blocks.CalloutBlock):
        return "callout", {"callout": block}
    return None  # a Problem: reported on the desk, never shown
