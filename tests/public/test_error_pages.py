import lxml.html
import pytest
from django.test import RequestFactory

from articles.models import Article
from public.feeds import SiteFeed
from public.views import server_error
from tests.factories import ArticleFactory, SectionFactory


def tree_of(response):
    return lxml.html.fromstring(response.content)


def assert_site_chrome(tree):
    """The reader keeps the site's header and a clear way home."""
    assert tree.xpath('//header[@class="site-header"]//a[@class="brand"]/@href') == ["/"]
    assert tree.xpath('//main//a[normalize-space()="Go to the News Feed"]/@href') == ["/"]
    assert tree.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    assert tree.xpath('//link[@rel="canonical"]') == []


@pytest.mark.django_db
def test_404_keeps_the_header_and_offers_the_latest_news(client):
    politics = SectionFactory(name="Politics", slug="politics")
    story = ArticleFactory(published=True, section=politics, title="Latest from the capital")

    response = client.get("/no/such/page/")
    assert response.status_code == 404
    tree = tree_of(response)
    assert_site_chrome(tree)
    assert tree.findtext(".//h1") == "We can't find that page"
    assert tree.findtext(".//title") == "Page not found — The Meridian"
    assert tree.xpath('//main//ul[@class="error-sections"]//a/@href') == ["/sections/politics/"]
    assert tree.xpath(f'//aside//a[@href="{story.get_absolute_url()}"]')


@pytest.mark.django_db
def test_draft_and_missing_stories_are_the_designed_404(client):
    draft = ArticleFactory()
    for url in (draft.get_absolute_url(), "/news/never-written/"):
        response = client.get(url)
        assert response.status_code == 404
        assert_site_chrome(tree_of(response))


@pytest.mark.django_db
def test_taken_down_story_is_a_designed_410(client):
    story = ArticleFactory(published=True, title="A story later retracted")
    story.status = Article.Status.UNPUBLISHED
    story.save()

    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    tree = tree_of(response)
    assert_site_chrome(tree)
    assert tree.findtext(".//h1") == "This story is no longer available"
    assert "A story later retracted" not in response.content.decode()


@pytest.mark.django_db
def test_bad_cursor_is_a_designed_400(client):
    response = client.get("/?before=not-a-cursor")
    assert response.status_code == 400
    tree = tree_of(response)
    assert_site_chrome(tree)
    message = tree.find('.//p[@class="error-message"]')
    assert "".join(message.itertext()) == (
        "This page of stories doesn't exist. Go back to the first page."
    )
    assert message.find("a").get("href") == "/"


@pytest.mark.django_db
def test_500_keeps_the_header_and_a_link_home(client, monkeypatch):
    def broken(self, obj):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(SiteFeed, "items", broken)
    client.raise_request_exception = False

    response = client.get("/feed/")
    assert response.status_code == 500
    tree = tree_of(response)
    assert tree.xpath('//header[@class="site-header"]//a[@class="brand"]/text()') == [
        "The Meridian"
    ]
    assert tree.xpath('//main//a[normalize-space()="Go to the News Feed"]/@href') == ["/"]
    assert "the database went away" not in response.content.decode()


@pytest.mark.django_db
def test_500_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feed/?before=garbage&p=%00",
        "/feed/atom/?format=json",
        "/sections/%00/feed/",
        "/tags/%F0%9F%98%80/feed/",
        "/authors/x/feed/atom/?q=<script>",
        "/sitemap.xml?p=abc",
        "/sitemap-articles.xml?p=%00",
        "/sitemap-articles.xml?p=1e3",
        "/sitemap-articles.xml?p=2&p=x",
        "/sitemap-..%2F..%2Fetc.xml",
        "/news-sitemap.xml?p=-5",
        "/robots.txt?<script>=1",
        "/news/%E2%80%AE/",
        "/news/a/?before=1.1",
    ],
)
def test_bad_input_on_crawler_and_feed_urls_never_500s(client, url):
    ArticleFactory(published=True, tags=["Energy"])
    for method in (client.get, client.head):
        response = method(url)
        assert response.status_code in {200, 400, 404}, (url, response.status_code)
