"""What readers' pages show, as frozen dataclasses: the read model's answers.

Templates, the card renderer, the page heads (public.seo), feeds and sitemaps read these;
none of them is a model instance, and nothing is added to one after it is built.
"""

from dataclasses import dataclass
from datetime import datetime

from authors.addresses import slug_url


@dataclass(frozen=True, slots=True)
class SectionLink:
    id: int
    name: str
    slug: str

    @property
    def url(self) -> str:
        return slug_url("public:section", self.slug)


@dataclass(frozen=True, slots=True)
class LiveBanner:
    """The breaking-news banner readers see now."""

    text: str
    url: str  # its story's address, if it has one readers may open
    starts_at: datetime
    ends_at: datetime
