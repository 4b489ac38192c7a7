"""A story's body as readers get it: its blocks (articles.blocks) with what they show.

The article view reads the body once, loads the stories its related-story cards point to with
the page's related stories (one query) and hands the blocks' image ids to the page's single
renditions query.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import format_html

from articles import blocks
from articles.models import Article

from .memory import WorkerMemory
from .seo import body_picture


@dataclass
class StoryBody:
    blocks: tuple
    image_ids: set[int]
    story_ids: set[int]
    stories: dict[int, Article] = field(default_factory=dict)  # filled by the view
    images: dict[int, object] = field(default_factory=dict)  # filled by the view

    def pictures(self) -> list:
        """The body's library images in reading order, once each (feeds, JSON-LD)."""
        seen, found = set(), []
        for image_id, place in blocks.pictures(self.blocks):
            if place == blocks.EMBED:
                continue  # a still of someone else's video, not one of the story's photos
            image = self.images.get(image_id)
            if image is not None and image_id not in seen:
                seen.add(image_id)
                found.append(image)
        return found


# Stored bodies' blocks, parsed once per worker for each text (nothing changes a block): a
# feed rebuilt after a publish reads thirty bodies, twenty-nine of them unchanged.
PARSED_BODIES = WorkerMemory("parsed bodies", max_items=256)


def body_blocks(html: str) -> tuple:
    """A stored body's blocks."""
    parsed = PARSED_BODIES.get(html)
    if parsed is None:
        parsed = tuple(blocks.read(html))
        PARSED_BODIES.set(html, parsed)
    return parsed


def read_body(article: Article) -> StoryBody:
    """The blocks of a story, with the ids of the images and stories they show (no query)."""
    parsed = body_blocks(article.body)
    story_ids = blocks.article_ids(parsed) - {article.pk}
    return StoryBody(parsed, blocks.image_ids(parsed), story_ids)


def feed_body(parsed: tuple, images: dict) -> str:
    """The body for feed readers: plain HTML with absolute picture addresses, each embed a
    link to the original (nothing in a feed reader may load a player), no cards."""
    parts = []
    for block in parsed:
        if isinstance(block, blocks.Html):
            parts.append(block.html)
        elif isinstance(block, blocks.ImageBlock):
            parts.append(_feed_figure(images.get(block.image_id), block.caption))
        elif isinstance(block, blocks.GalleryBlock):
            for item in block.items:
                parts.append(_feed_figure(images.get(item.image_id), item.caption))
        elif isinstance(block, blocks.EmbedBlock):
            label = f"{block.title} ({block.label})" if block.title else f"Open on {block.label}"
            parts.append(format_html('<p><a href="{}">{}</a></p>', block.url, label))
            if block.caption:
                parts.append(format_html("<p>{}</p>", block.caption))
        elif isinstance(block, blocks.TableBlock):
            parts.append(render_to_string("components/blocks/table.html", {"table": block}))
        elif isinstance(block, blocks.PullQuoteBlock):
            cite = format_html("<p>— {}</p>", block.attribution) if block.attribution else ""
            parts.append(format_html("<blockquote><p>{}</p>{}</blockquote>", block.text, cite))
        elif isinstance(block, blocks.CalloutBlock):
            parts.append(f"<div>{block.html}</div>")
    return "".join(parts)


def _feed_figure(image, caption: str) -> str:
    picture = body_picture(image)
    if picture is None:
        return ""
    caption = caption or image.caption
    credit = format_html(" ({})", image.credit) if image.credit else ""
    return format_html(
        '<figure><img src="{}" alt="{}"{}><figcaption>{}{}</figcaption></figure>',
        picture.url,
        picture.alt,
        format_html(' width="{}" height="{}"', picture.width, picture.height)
        if picture.width
        else "",
        caption,
        credit,
    )
