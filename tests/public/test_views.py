import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def story():
    author = AuthorFactory(name="Nadia Ostrova", role="News Editor", bio="Covers parliament.")
    image = ImageFactory(
        caption="Ministers at a joint press conference.",
        credit="Ivan Horbach/Agency Press via Meridian",
        alt_text="Two ministers at lecterns",
    )
    return ArticleFactory(
        published=True,
        title="Grid operator restores power to 40,000 homes",
        body="<p>" + "word " * 700 + "</p>",
        lead_image=image,
        authors=[author],
        tags=["Energy grid", "Winter"],
        section=SectionFactory(name="Energy", slug="energy"),
    )


def test_article_page_shows_the_seed_page_anatomy(client, story):
    page = html(client.get(story.get_absolute_url()))
    assert '<p class="kicker"><a href="/sections/energy/">Energy</a></p>' in page
    assert "<h1>Grid operator restores power to 40,000 homes</h1>" in page
    assert "4 min read" in page
    assert 'alt="Two ministers at lecterns"' in page
    assert "Ministers at a joint press conference." in page
    assert "(Ivan Horbach/Agency Press via Meridian)" in page
    assert 'href="/tags/energy-grid/"' in page
    # Author box: name, role, bio and "Read more" to the author page.
    box = re.search(r'<aside class="author-box".*?</aside>', page, re.S).group(0)
    assert "Nadia Ostrova" in box and "News Editor" in box and "Covers parliament." in box
    assert re.search(r'<a class="read-more" href="/authors/[\w-]+/">Read more', box)
    assert "News Feed" in page and "Updated:" in page


def test_article_bylines_name_every_author_with_their_role(client, story):
    photographer = AuthorFactory(name="Olena Marchenko")
    ArticleAuthor.objects.create(
        article=story, author=photographer, role=ArticleAuthor.Role.PHOTOS, position=1
    )
    page = html(client.get(story.get_absolute_url()))
    assert re.search(r"By <a [^>]+>Nadia Ostrova</a>", page)
    assert re.search(r"Photos by <a [^>]+>Olena Marchenko</a>", page)


def test_significant_update_shows_updated_time(client, story):
    story.significant_update_at = timezone.now()
    story.save()
    assert "Updated:" in html(client.get(story.get_absolute_url())).split("news-feed")[0]


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled"])
def test_unpublished_stories_are_404_and_absent_from_every_listing(client, status):
    section = SectionFactory(slug="world")
    author = AuthorFactory(slug="ann")
    secret = ArticleFactory(
        status=status,
        published_at=timezone.now() + timedelta(days=1) if status == "scheduled" else None,
        title="Secret embargoed story",
        section=section,
        authors=[author],
        tags=["Embargo"],
    )
    assert client.get(secret.get_absolute_url()).status_code == 404
    for url in ["/", "/sections/world/", "/authors/ann/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Secret embargoed story" not in html(response)
    # A tag on no published story has no page at all.
    assert client.get("/tags/embargo/").status_code == 404


def test_story_taken_down_is_gone_not_missing(client):
    article = ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=timezone.now())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "no longer available" in html(response)
    assert article.title not in html(response)


@pytest.mark.parametrize(
    "url", ["/news/nope/", "/sections/nope/", "/tags/nope/", "/authors/nope/", "/nope/"]
)
def test_unknown_things_are_a_designed_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We can't find that page" in html(response)


def make_feed(count, section=None):
    now = timezone.now()
    return [
        ArticleFactory(
            status="published",
            published_at=now - timedelta(minutes=n + 1),
            title=f"Headline number {n:02d}",
            section=section or SectionFactory(slug="news", name="News"),
        )
        for n in range(count)
    ]


def test_home_shows_lead_top_stories_grid_rail_and_show_more(client):
    stories = make_feed(30)
    page = html(client.get("/"))
    above = page.split('id="stories"')[0]
    assert 'class="lead-story' in above and stories[0].title in above.split("top-stories")[0]
    top = re.search(r'<ol class="card-grid top-stories[^"]*">.*?</ol>', page, re.S).group(0)
    assert re.findall(r"Headline number \d+", top) == [s.title for s in stories[1:5]]
    grid = re.search(r'<ol class="card-grid[^"]*" id="stories".*?</ol>', page, re.S).group(0)
    # The grid continues after what the lead and the top stories show: nothing twice.
    assert re.findall(r"Headline number \d+", grid) == [s.title for s in stories[5:25]]
    assert re.search(r'href="\?before=\d+\.\d+" rel="next" data-show-more>Show more', page)


def test_show_more_link_leads_to_the_next_page_without_javascript(client):
    stories = make_feed(30)
    page = html(client.get("/"))
    cursor = re.search(r'href="\?before=([\d.]+)" rel="next"', page).group(1)
    second = html(client.get(f"/?before={cursor}"))
    grid = re.search(r'<ol class="card-grid[^"]*" id="stories".*?</ol>', second, re.S).group(0)
    assert re.findall(r"Headline number \d+", grid) == [s.title for s in stories[25:]]
    assert 'rel="next"' not in second  # last page: no Show more


def test_show_more_fragment_is_just_the_next_cards(client):
    make_feed(50)
    first = html(client.get("/"))
    cursor = re.search(r'href="\?before=([\d.]+)" rel="next"', first).group(1)
    response = client.get(f"/?before={cursor}", headers={"X-Show-More": "1"})
    fragment = html(response)
    assert response.status_code == 200
    assert "<html" not in fragment and "site-header" not in fragment
    assert fragment.count('<article class="card') == 20
    assert "data-show-more" in fragment
    assert "X-Show-More" in response["Vary"]


def test_no_show_more_when_everything_fits(client):
    make_feed(5)
    assert 'rel="next"' not in html(client.get("/"))


@pytest.mark.parametrize(
    "cursor", ["garbage", "1.2.3", "%00", "-1.5", "9" * 40 + ".1", "1." + "9" * 25, ""]
)
@pytest.mark.parametrize("url", ["/", "/sections/news/", "/tags/energy/", "/authors/ann/"])
def test_bad_cursor_is_a_400_with_a_message(client, url, cursor):
    SectionFactory(slug="news")
    AuthorFactory(slug="ann")
    ArticleFactory(published=True, tags=["Energy"])
    response = client.get(url, {"before": cursor})
    assert response.status_code == 400
    assert "This page of stories doesn&#x27;t exist." in html(response)
    assert f'<a href="{url}">Go back to the first page.</a>' in html(response)


def test_cursor_past_the_end_is_404(client):
    make_feed(3)
    assert client.get("/?before=1000000.1").status_code == 404


def test_public_pages_are_read_only(client, story):
    assert client.post("/").status_code == 405
    assert client.post(story.get_absolute_url()).status_code == 405
    assert client.head(story.get_absolute_url()).status_code == 200


def test_section_tag_and_author_pages_list_their_stories(client, story):
    other = ArticleFactory(published=True, title="Unrelated culture story")
    for url in ["/sections/energy/", "/tags/winter/", story.authors()[0].get_absolute_url()]:
        page = html(client.get(url))
        assert story.title in page, url
        assert other.title not in page.split("news-feed")[0], url


def test_author_page_shows_profile_and_links(client, story):
    author = story.authors()[0]
    author.links.create(label="Email", url="https://example.org/contact/nadia")
    page = html(client.get(author.get_absolute_url()))
    assert "<h1>Nadia Ostrova</h1>" in page
    assert "News Editor" in page and "Covers parliament." in page
    assert 'href="https://example.org/contact/nadia"' in page
