"""RSS 2.0 and Atom feeds of the latest stories: site-wide and per section, tag and author.

Every listing page has its feed at `<listing>/feed/` (RSS) and `<listing>/feed/atom/` (Atom).
Items carry the lead image twice: as an enclosure (what podcast-style readers use) and as a
Media RSS element with its size and credit (what news apps and aggregators read).

Every text field goes out through public.escaping, chosen by the element it lands in: readers
render RSS titles and descriptions (and Atom's type="html") as HTML, so text goes in escaped as
HTML; plain-text elements (Atom titles, names, categories, Media RSS) carry it as it is.
"""

import io
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import feedgenerator
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_safe

from authors.addresses import slug_url

from . import reading
from .escaping import feed_html, feed_markup, feed_text
from .pagecache import public_page
from .seo import absolute_url, share_image

MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


class _MediaElements:
    """Adds <media:content> (Media RSS) for an item's lead image."""

    def write(self, outfile, encoding):
        # Written to a buffer, then to the response at once: written straight to it, each of a
        # feed's ~1,900 elements and text nodes went through the response's own encoding.
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())

    def add_media(self, handler, item):
        image = item.get("media")
        if image is None:
            return
        handler.startElement(
            "media:content",
            {
                "url": image.url,
                "medium": "image",
                "type": image.mime_type,
                "width": str(image.width),
                "height": str(image.height),
            },
        )
        if image.alt:
            handler.addQuickElement("media:description", feed_text(image.alt), {"type": "plain"})
        if item.get("media_credit"):
            handler.addQuickElement("media:credit", feed_text(item["media_credit"]))
        handler.endElement("media:content")


class MediaRssFeed(_MediaElements, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS, "xmlns:content": CONTENT_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", feed_markup(item["content"]))
        self.add_media(handler, item)


class MediaAtomFeed(_MediaElements, feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", feed_markup(item["content"]), {"type": "html"})
        self.add_media(handler, item)


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class _FeedFields:
    atom = False

    def title_text(self, value) -> str:
        """A title: plain text in Atom (type="text"), HTML in RSS by readers' convention."""
        return feed_text(value) if self.atom else feed_html(value)


class ArticleFeed(_FeedFields, Feed):
    """The latest published stories of a listing; subclasses name the listing's kind."""

    kind = "site"

    def __init__(self, *, atom: bool = False):
        self.feed_type = MediaAtomFeed if atom else MediaRssFeed
        self.atom = atom

    def get_object(self, request, slug=None):
        source = reading.feed_source(self.kind, slug, language=request.language)
        if source is None:
            raise Http404("No such listing.")
        return source

    # The channel.
    def title(self, obj):
        name = obj.title
        return self.title_text(f"{name} — {settings.SITE_NAME}" if name else settings.SITE_NAME)

    def link(self, obj):
        return absolute_url(obj.url)

    def feed_url(self, obj):
        return absolute_url(obj.url + ("feed/atom/" if self.atom else "feed/"))

    def _about(self, obj) -> str:
        # As a listing page describes itself (templates/public/article_list.html).
        about = gettext("%(heading)s: the latest stories from %(SITE_NAME)s.")
        return about % {
            "heading": obj.title or settings.SITE_TAGLINE,
            "SITE_NAME": settings.SITE_NAME,
        }

    def description(self, obj):  # RSS
        return feed_html(self._about(obj))

    def subtitle(self, obj):  # Atom, plain text
        return feed_text(self._about(obj))

    def author_name(self):
        # Atom requires an author for every entry; the newsroom stands in for unsigned stories.
        return feed_text(settings.SITE_NAME)

    def feed_copyright(self):
        return feed_text(f"© {settings.SITE_NAME}")

    def items(self, obj):
        return reading.feed_items(obj)

    # The items.
    def item_title(self, item):
        return self.title_text(item.title)

    def item_description(self, item):
        # RSS <description>, Atom <summary type="html">: the standfirst as text, never markup.
        return feed_html(item.dek or item.excerpt)

    def item_link(self, item):
        return absolute_url(item.url)

    def item_guid(self, item):
        # A tag URI on the primary key: unchanged when an editor renames the slug.
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{item.created_at:%Y-%m-%d}:article:{item.id}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return feed_text(_join_names([author.name for author in item.authors])) or None

    def item_author_link(self, item):
        return absolute_url(item.authors[0].url) if item.authors else None

    def item_categories(self, item):
        return [feed_text(tag.name) for tag in item.tags]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_changed_at

    def item_enclosures(self, item):
        image = share_image(item.lead_image)
        if image is None:
            return []
        return [feedgenerator.Enclosure(image.url, str(image.length), image.mime_type)]

    def item_extra_kwargs(self, item):
        return {
            "content": item.content,
            "media": share_image(item.lead_image),
            "media_credit": item.lead_image.credit if item.lead_image else "",
        }


class SiteFeed(ArticleFeed):
    pass


class SectionFeed(ArticleFeed):
    kind = "section"


class TagFeed(ArticleFeed):
    kind = "tag"


class AuthorFeed(ArticleFeed):
    kind = "author"


class LivePostFeed(_FeedFields, Feed):
    """A live story's posts, newest first: follow one live story in a feed reader."""

    feed_type = feedgenerator.Rss201rev2Feed

    def __init__(self, *, atom: bool = False):
        if atom:
            self.feed_type = feedgenerator.Atom1Feed
            self.atom = True

    def get_object(self, request, slug):
        found = reading.live_feed(slug, request.language)
        if found is None:
            raise Http404("Not a live story.")
        return found

    def title(self, obj):
        live = pgettext("a live story's feed", "live")
        return self.title_text(f"{obj[0].title} ({live}) — {settings.SITE_NAME}")

    def link(self, obj):
        return absolute_url(obj[0].url)

    def feed_url(self, obj):
        story = obj[0]
        return absolute_url(slug_url("public:live_posts_feed", story.slug, story.language))

    def description(self, obj):  # RSS only
        story = obj[0]
        return feed_html(story.dek or story.excerpt or story.title)

    def items(self, obj):
        return obj[1]

    def item_title(self, item):
        return self.title_text(item.summary)

    def item_description(self, item):
        # Its blocks as a story feed's body: pictures at absolute addresses, embeds as links.
        return feed_markup(item.body.feed_html())

    def item_link(self, item):
        return absolute_url(item.url)

    def item_guid(self, item):
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{item.published_at:%Y-%m-%d}:live-post:{item.id}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return feed_text(item.author.name) if item.author else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.edited_at or item.published_at


def feed_view(feed_class, *, atom: bool = False):
    """A feed as a public page: GET/HEAD only, from the page cache for anonymous readers."""
    return require_safe(public_page(feed_class(atom=atom)))
