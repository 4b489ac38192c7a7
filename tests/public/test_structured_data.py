import json
import re
from datetime import datetime, timedelta

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Correction
from authors.models import AuthorLink
from media.renditions import get_share_rendition
from public import seo
from public.reading import article_page
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    jpeg_bytes,
)
from tests.site import SITE


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def json_ld(tree) -> dict:
    """Every JSON-LD block of a page by its @type; each must be valid JSON."""
    blocks = [
        json.loads(text) for text in tree.xpath('//script[@type="application/ld+json"]/text()')
    ]
    by_type = {block["@type"]: block for block in blocks}
    assert len(by_type) == len(blocks)
    for block in blocks:
        assert block["@context"] == "https://schema.org"
    return by_type


def meta(tree, key) -> list[str]:
    return tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')


@pytest.fixture
def story(db):
    section = SectionFactory(name="Politics", slug="politics")
    return ArticleFactory(
        published=True,
        title="Parliament passes the winter energy bill",
        slug="energy-bill",
        dek="The bill caps household prices until March.",
        section=section,
        tags=["Energy", "Parliament"],
        authors=[
            AuthorFactory(name="Olena Marchenko", slug="olena", role="Political Editor"),
            AuthorFactory(name="Taras Koval", slug="taras", role=""),
        ],
        lead_image=ImageFactory(
            alt_text="MPs vote in the chamber",
            credit="Jane Doe/Reuters",
            file=ContentFile(jpeg_bytes(1600, 900), name="chamber.jpg"),
        ),
        significant_update_at=timezone.now() - timedelta(minutes=10),
    )


def test_news_article_json_ld_has_every_field(client, story):
    data = json_ld(page(client, "/news/energy-bill/"))["NewsArticle"]
    url = f"{SITE}/news/energy-bill/"

    assert data["headline"] == story.title
    assert data["description"] == story.dek
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    [image] = data["image"]
    assert image["url"] == f"{SITE}{get_share_rendition(story.lead_image).file.url}"
    assert (image["width"], image["height"]) == (1200, 630)
    assert datetime.fromisoformat(data["datePublished"]) == story.published_at
    assert datetime.fromisoformat(data["dateModified"]) == story.significant_update_at
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Olena Marchenko",
            "url": f"{SITE}/authors/olena/",
            "jobTitle": "Political Editor",
        },
        {"@type": "Person", "name": "Taras Koval", "url": f"{SITE}/authors/taras/"},
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "The Meridian"
    assert publisher["url"] == f"{SITE}/"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith(f"{SITE}/static/img/logo")
    assert data["articleSection"] == "Politics"
    assert sorted(data["keywords"]) == ["Energy", "Parliament"]
    assert "correction" not in data


def test_date_modified_is_the_publish_time_until_a_significant_update(client, db):
    story = ArticleFactory(published=True, slug="fresh")
    data = json_ld(page(client, "/news/fresh/"))["NewsArticle"]
    assert data["dateModified"] == data["datePublished"]
    assert datetime.fromisoformat(data["dateModified"]) == story.published_at
    assert "image" not in data


def test_corrections_are_listed_when_the_story_has_them(story):
    data = seo.news_article(article_page(story.slug).story)
    assert "correction" not in data

    corrected_at = timezone.now()
    Correction.objects.create(
        article=story, text="An earlier version misstated the cap.", created_at=corrected_at
    )
    data = seo.news_article(article_page(story.slug).story)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misstated the cap.",
            "datePublished": corrected_at.isoformat(),
        }
    ]
    assert data["dateModified"] == corrected_at.isoformat()


def test_breadcrumbs_lead_home_section_story(client, story):
    data = json_ld(page(client, "/news/energy-bill/"))["BreadcrumbList"]
    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "The Meridian", "item": f"{SITE}/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Politics",
            "item": f"{SITE}/sections/politics/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": story.title,
            "item": f"{SITE}/news/energy-bill/",
        },
    ]


def test_article_head_has_title_description_canonical_and_share_tags(client, story):
    tree = page(client, "/news/energy-bill/")
    image_url = f"{SITE}{get_share_rendition(story.lead_image).file.url}"

    assert tree.findtext(".//title") == f"{story.title} — The Meridian"
    assert meta(tree, "description") == [story.dek]
    assert tree.xpath('//link[@rel="canonical"]/@href') == [f"{SITE}/news/energy-bill/"]
    assert meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:title") == [story.title]
    assert meta(tree, "og:description") == [story.dek]
    assert meta(tree, "og:url") == [f"{SITE}/news/energy-bill/"]
    assert meta(tree, "og:site_name") == ["The Meridian"]
    assert meta(tree, "og:image") == [image_url]
    assert meta(tree, "og:image:width") == ["1200"]
    assert meta(tree, "og:image:alt") == ["MPs vote in the chamber"]
    assert meta(tree, "twitter:card") == ["summary_large_image"]
    assert meta(tree, "twitter:image") == [image_url]
    assert meta(tree, "twitter:title") == [story.title]
    assert meta(tree, "article:section") == ["Politics"]
    assert sorted(meta(tree, "article:tag")) == ["Energy", "Parliament"]
    assert meta(tree, "article:author") == [f"{SITE}/authors/olena/", f"{SITE}/authors/taras/"]
    published = datetime.fromisoformat(meta(tree, "article:published_time")[0])
    assert published.replace(microsecond=0) == story.published_at.replace(microsecond=0)


def test_json_ld_cannot_break_out_of_its_script_element(client, db):
    title = "</script><script>alert(1)</script> & <!-- more"
    ArticleFactory(published=True, slug="tricky", title=title, dek="A <b>bold</b> claim")
    response = client.get("/news/tricky/")
    assert b"</script><script>alert(1)" not in response.content
    data = json_ld(lxml.html.fromstring(response.content))["NewsArticle"]
    assert data["headline"] == title
    assert data["description"] == "A <b>bold</b> claim"


def test_author_page_has_person_json_ld(client, db):
    author = AuthorFactory(
        name="Olena Marchenko",
        slug="olena",
        role="Political Editor",
        bio="Covers parliament.",
        avatar=ImageFactory(),
    )
    AuthorLink.objects.create(author=author, label="Mastodon", url="https://example.social/@olena")
    AuthorLink.objects.create(author=author, label="Email", url="mailto:olena@example.org")

    tree = page(client, "/authors/olena/")
    data = json_ld(tree)["Person"]
    assert data["name"] == "Olena Marchenko"
    assert data["url"] == f"{SITE}/authors/olena/"
    assert data["jobTitle"] == "Political Editor"
    assert data["description"] == "Covers parliament."
    assert data["image"] == f"{SITE}{author.avatar.file.url}"
    assert data["sameAs"] == ["https://example.social/@olena"]
    assert data["worksFor"]["name"] == "The Meridian"
    assert meta(tree, "og:type") == ["profile"]
    assert tree.xpath('//link[@rel="canonical"]/@href') == [f"{SITE}/authors/olena/"]


def test_the_home_page_claims_no_live_blog(client, db):
    # The News Feed is a list of stories, not a live blog: live stories carry the real one.
    ArticleFactory.create_batch(3, published=True)
    assert "LiveBlogPosting" not in json_ld(page(client, "/"))


def test_later_pages_are_not_indexed_and_carry_no_live_blog(client, db):
    stories = ArticleFactory.create_batch(30, published=True)
    first = page(client, "/")
    assert meta(first, "robots") == []
    cursor = first.xpath('//nav[@aria-label="More stories"]/a/@href')[0]
    later = page(client, "/" + cursor)
    assert meta(later, "robots") == ["noindex, follow"]
    assert "LiveBlogPosting" not in json_ld(later)
    assert len(stories) == 30


def test_listing_pages_share_their_own_title(client, db):
    SectionFactory(name="Business", slug="business", description="Markets and money.")
    tree = page(client, "/sections/business/")
    assert meta(tree, "og:title") == ["Business"]
    assert meta(tree, "og:description") == ["Markets and money."]
    assert meta(tree, "og:url") == [f"{SITE}/sections/business/"]
    assert meta(tree, "twitter:card") == ["summary"]


def test_json_ld_stays_inside_its_script_and_head_tags_stay_on_one_line(client, story):
    # "</script>" would end the JSON-LD block early and run what follows; U+2028 and U+2029
    # end a line in older JavaScript parsers. They are written as \u escapes, which JSON reads
    # back as the same characters.
    story.title = "Ends</script><script>alert(1)</script><!--\u2028line\u2029par\nfeed"
    story.save()
    response = client.get("/news/energy-bill/")
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script', html, re.S)
    assert len(blocks) == 2
    for block in blocks:
        assert not re.search("[<>&\u2028\u2029]", block)
    assert json.loads(blocks[0])["headline"] == story.title
    assert "<script>alert(1)" not in html
    shown = "Ends&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- line par feed"
    assert f"<title>{shown} — The Meridian</title>" in html
    assert f'<meta property="og:title" content="{shown}">' in html
