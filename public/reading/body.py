"""A story's body as readers get it: its blocks (articles.blocks) with what they show.

The article page reads the body once, loads the stories its related-story cards point to with
the page's related stories (one query) and the pictures its blocks show with the page's other
pictures (one query); `{% story_body %}` draws it. Feeds get it as plain HTML (`feed_body`).
"""

from dataclasses import dataclass, field, replace

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext

from articles import blocks
from media.pictures import Picture

from ..memory import WorkerMemory
from ..seo import body_picture
from .data import Card

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


@dataclass(frozen=True)
class StoryBody:
    blocks: tuple
    images: dict[int, Picture] = field(default_factory=dict)  # with their renditions
    stories: dict[int, Card] = field(default_factory=dict)  # its related-story cards' stories

    def with_images(self, loaded: dict[int, Picture]) -> "StoryBody":
        """The body with the pictures its blocks show, from those a page loaded."""
        shown = blocks.image_ids(self.blocks)
        return replace(self, images={pk: loaded[pk] for pk in shown if pk in loaded})

    def feed_html(self) -> str:
        """The body for feed readers (`feed_body`)."""
        return feed_body(self.blocks, self.images)

    def pictures(self) -> list[Picture]:
        """The body's library pictures in reading order, once each (feeds, JSON-LD)."""
        seen, found = set(), []
        for image_id, place in blocks.pictures(self.blocks):
            if place == blocks.EMBED:
                continue  # a still of someone else's video, not one of the story's photos
            image = self.images.get(image_id)
            if image is not None and image_id not in seen:
                seen.add(image_id)
                found.append(image)
        return found


def shown_ids(parsed: tuple, story_id: int) -> tuple[set[int], set[int]]:
    """The ids of the pictures and of the other stories a body's blocks show (no query)."""
    return blocks.image_ids(parsed), blocks.article_ids(parsed) - {story_id}


def feed_body(parsed: tuple, images: dict[int, Picture]) -> str:
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
            label = (
                f"{block.title} ({block.label})"
                if block.title
                else gettext("Open on %(label)s") % {"label": block.label}
            )
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


def _feed_figure(image: Picture | None, caption: str) -> str:
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
