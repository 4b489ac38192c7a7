"""What search engines, feed readers and social cards learn about a page.

Absolute URLs come from settings.SITE_URL, never from the request's Host header, so a cached
page, a feed or a sitemap names the same canonical address whoever asked for it.
The schema.org dictionaries here are rendered as JSON-LD by the `seo` template tags.
"""

from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from authors import languages
from authors.addresses import in_language
from media.pictures import Picture, fallback_rendition, share_rendition
from media.specs import BODY

SCHEMA = "https://schema.org"


def absolute_url(path_or_url: str) -> str:
    """SITE_URL + path; URLs that are already absolute (object storage, CDN) pass unchanged."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    if path_or_url.startswith("//"):
        return f"{settings.SITE_URL.split(':', 1)[0]}:{path_or_url}"
    return f"{settings.SITE_URL}/{path_or_url.lstrip('/')}"


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str
    mime_type: str
    length: int


def _jpeg(picture: Picture, rendition) -> ShareImage:
    """A JPEG rendition of the picture, at an absolute address."""
    return ShareImage(
        url=absolute_url(rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=picture.alt,
        mime_type="image/jpeg",
        length=rendition.file_size,
    )


def share_image(picture: Picture | None) -> ShareImage | None:
    """The picture for social cards, feeds and JSON-LD: a 1200x630 JPEG rendition."""
    if not picture or not picture.file:
        return None
    rendition = share_rendition(picture)
    return _jpeg(picture, rendition) if rendition is not None else None


def body_picture(picture: Picture | None) -> ShareImage | None:
    """A picture from a story's body as one JPEG with an absolute address (feeds, JSON-LD);
    an image kept as a link is given as that link."""
    if picture is None:
        return None
    if not picture.file:
        return ShareImage(picture.source_url, picture.width, picture.height, picture.alt, "", 0)
    rendition = fallback_rendition(picture, BODY)
    return _jpeg(picture, rendition) if rendition is not None else None


def logo_url() -> str:
    return absolute_url(static(settings.SITE_LOGO))


def organization() -> dict:
    """The newsroom as the publisher of every story."""
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": logo_url()},
    }


def person(author) -> dict:
    data = {"@type": "Person", "name": author.name, "url": absolute_url(author.url)}
    if author.role:
        data["jobTitle"] = author.role
    return data


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def language_tag(code: str) -> str:
    """The BCP 47 tag of an edition's language: LANGUAGE_CODE where it names that language
    more precisely (en-gb for en), else the code itself."""
    site = settings.LANGUAGE_CODE
    return site if site.split("-")[0].lower() == code.lower() else code


def translations(story, kind: str) -> dict:
    """`workTranslation` (its translations) and `translationOfWork` (what it was translated
    from) among the story's other editions readers may see (public.reading.editions), each a
    `kind` (the story's own type) at its address."""

    def work(edition) -> dict:
        return {
            "@type": kind,
            "url": absolute_url(edition.url),
            "headline": edition.title,
            "inLanguage": language_tag(edition.language),
        }

    found = {}
    translated = [work(edition) for edition in story.editions if edition.is_translation]
    if translated:
        found["workTranslation"] = translated
    source = next((edition for edition in story.editions if edition.is_source), None)
    if source is not None:
        found["translationOfWork"] = work(source)
    return found


def news_article(story, body_pictures=()) -> dict:
    """schema.org NewsArticle for a published story (a StoryPage, with its corrections, oldest
    first); `body_pictures` are the pictures in its body, listed after the lead image."""
    url = absolute_url(story.url)
    corrections = story.corrections
    modified_at = max(filter(None, [story.last_changed_at, *(c.created_at for c in corrections)]))
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": story.title,
        "description": story.dek or story.excerpt,
        "datePublished": _iso(story.published_at),
        "dateModified": _iso(modified_at),
        "author": [person(author) for author in story.authors],
        "publisher": organization(),
        "isAccessibleForFree": True,
        "inLanguage": language_tag(story.language or languages.main()),
        **translations(story, "NewsArticle"),
    }
    images = []
    image = share_image(story.lead_image)
    if image:
        images.append(_image_object(image, story.caption or image.alt))
    for picture in body_pictures:
        found = body_picture(picture)
        if found is not None:
            images.append(_image_object(found, picture.caption or found.alt, picture.credit))
    if images:
        data["image"] = images
    if story.section:
        data["articleSection"] = story.section.name
    if story.tags:
        data["keywords"] = [tag.name for tag in story.tags]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": _iso(correction.created_at),
            }
            for correction in corrections
        ]
    return data


def _image_object(image: ShareImage, caption: str, credit: str = "") -> dict:
    data = {"@type": "ImageObject", "url": image.url, "caption": caption}
    if image.width and image.height:
        data.update(width=image.width, height=image.height)
    if credit:
        data["creditText"] = credit
    return data


def breadcrumbs(story) -> dict:
    """Home › Section › Story, in the story's language."""
    home = reverse("public:home")
    home = in_language(home, story.language) if story.language else home
    trail = [(settings.SITE_NAME, absolute_url(home))]
    if story.section:
        trail.append((story.section.name, absolute_url(story.section.url)))
    trail.append((story.title, absolute_url(story.url)))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def author_profile(author) -> dict:
    """schema.org ProfilePage about a Person, for an author's page."""
    data = {
        **person(author),
        "@id": absolute_url(author.url) + "#person",
        "worksFor": organization(),
    }
    if author.bio:
        data["description"] = author.bio
    if author.avatar:
        data["image"] = absolute_url(author.avatar.url)
    same_as = [link.url for link in author.links if link.url.startswith("http")]
    if same_as:
        data["sameAs"] = same_as
    return {"@context": SCHEMA, **data}


def live_blog(story, posts) -> dict:
    """A live story as a LiveBlogPosting: its coverage times and an update per post shown."""
    url = absolute_url(story.url)
    newest = max((post.edited_at or post.published_at for post in posts), default=None)
    data = {
        "@context": SCHEMA,
        "@type": "LiveBlogPosting",
        "@id": url + "#live",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": story.title,
        "description": story.dek or story.excerpt,
        "publisher": organization(),
        "author": [person(author) for author in story.authors],
        "datePublished": _iso(story.published_at),
        "dateModified": _iso(max(filter(None, [story.last_changed_at, newest]))),
        "coverageStartTime": _iso(story.coverage_started_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "@id": absolute_url(post.url),
                "url": absolute_url(post.url),
                "headline": post.summary,
                "articleBody": post.text,
                "datePublished": _iso(post.published_at),
                "dateModified": _iso(post.edited_at or post.published_at),
                **({"author": person(post.author)} if post.author else {}),
            }
            for post in posts
        ],
    }
    if story.coverage_ended_at:
        data["coverageEndTime"] = _iso(story.coverage_ended_at)
    if len(languages.codes()) > 1:
        # Added only where there are languages to tell apart: a one-language site's pages
        # stay byte for byte what they were.
        data["inLanguage"] = language_tag(story.language or languages.main())
        data.update(translations(story, "LiveBlogPosting"))
    return data
