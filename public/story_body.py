"""A story's body as readers get it: its blocks (articles.blocks) with what they show.

The article view reads the body once, loads the stories that related-story cards point to
(one query) and hands the blocks' image ids to the page's single renditions query.
"""

from dataclasses import dataclass, field

from articles import blocks
from articles.models import Article


@dataclass
class StoryBody:
    blocks: list
    image_ids: set[int]
    stories: dict[int, Article]
    images: dict[int, object] = field(default_factory=dict)  # filled by the view

    @property
    def story_images(self) -> list:
        """The lead images of the stories the cards point to (for the renditions query)."""
        return [story.lead_image for story in self.stories.values()]

    def pictures(self) -> list:
        """The body's library images in reading order, once each (feeds, JSON-LD)."""
        seen, found = set(), []
        for block in self.blocks:
            ids = []
            if isinstance(block, blocks.ImageBlock):
                ids = [block.image_id]
            elif isinstance(block, blocks.GalleryBlock):
                ids = [item.image_id for item in block.items]
            for image_id in ids:
                image = self.images.get(image_id)
                if image is not None and image_id not in seen:
                    seen.add(image_id)
                    found.append(image)
        return found


def read_body(article: Article) -> StoryBody:
    """The blocks of a story and the published stories its cards point to (0 or 1 query)."""
    body_blocks = blocks.read(article.body)
    story_ids = blocks.article_ids(body_blocks) - {article.pk}
    stories = {}
    if story_ids:
        # Their lead images' renditions come with the page's other images (the view's query).
        cards = Article.objects.for_listing().prefetch_related(None).filter(pk__in=story_ids)
        stories = {story.pk: story for story in cards}
    return StoryBody(body_blocks, blocks.image_ids(body_blocks), stories)
