"""Sharing: the Share button on stories and live posts, and the picture every page names
for a shared link (the front page its lead story's)."""

from datetime import timedelta

import lxml.html
import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import FETCH_RAISE, query
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import FrontPageSlot
from articles.preview import preview_url
from media.renditions import get_share_rendition
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, editor
from tests.public.budgets import HOME_BUDGET
from tests.site import SITE

pytestmark = pytest.mark.django_db


def logo() -> str:
    return f"{SITE}{static('img/logo.png')}"


def meta(client, url, key) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    return tree.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')


def hold_lead(article):
    FrontPageSlot.objects.create(
        slot=FrontPageSlot.Slot.LEAD, article=article, until=timezone.now() + timedelta(hours=2)
    )


def test_the_front_page_shares_its_lead_storys_picture(client):
    lead = ArticleFactory(published=True, lead_image=ImageFactory(alt_text="Crews at Sosnivka"))
    ArticleFactory.create_batch(3, published=True)  # newer, but the lead is held
    hold_lead(lead)
    picture = f"{SITE}{get_share_rendition(lead.lead_image).file.url}"
    assert meta(client, "/", "og:image") == [picture]
    assert meta(client, "/", "og:image:alt") == ["Crews at Sosnivka"]
    assert meta(client, "/", "twitter:card") == ["summary_large_image"]


def test_the_front_page_shares_its_lead_storys_share_image_when_it_has_one(client):
    lead = ArticleFactory(
        published=True,
        lead_image=ImageFactory(alt_text="Crews at Sosnivka"),
        share_image=ImageFactory(alt_text="The substation at night"),
    )
    hold_lead(lead)
    picture = f"{SITE}{get_share_rendition(lead.share_image).file.url}"
    assert meta(client, "/", "og:image") == [picture]
    assert meta(client, "/", "og:image:alt") == ["The substation at night"]
    assert meta(client, "/", "twitter:image") == [picture]


def test_the_front_page_shares_the_logo_when_its_lead_has_no_picture(client):
    hold_lead(ArticleFactory(published=True, lead_image=None))
    assert meta(client, "/", "og:image") == [logo()]
    assert meta(client, "/", "og:image:alt") == ["The Meridian"]
    assert meta(client, "/", "twitter:image") == [logo()]
    assert meta(client, "/", "twitter:card") == ["summary"]


@pytest.mark.parametrize("url", ["/", "/sections/empty/", "/news/words-only/"])
def test_pages_without_a_picture_share_the_logo(client, url):
    SectionFactory(slug="empty")
    ArticleFactory(published=True, slug="words-only", lead_image=None)
    assert meta(client, url, "og:image") == [logo()]


def test_the_front_pages_picture_keeps_it_in_its_query_budget(client, monkeypatch):
    hold_lead(ArticleFactory(published=True, lead_image=ImageFactory(), share_image=ImageFactory()))
    ArticleFactory.create_batch(5, published=True, lead_image=ImageFactory())
    client.get("/")  # makes the renditions, as the first reader would
    cache.clear()
    # Every row the page shows comes from the view's queries: a lazy fetch raises.
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", FETCH_RAISE)
    with CaptureQueriesContext(connection) as queries:
        assert meta(client, "/", "og:image") != [logo()]
    assert len(queries) <= HOME_BUDGET


def share_buttons(client, url) -> list:
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content).xpath("//details[@data-share]")


def test_a_story_has_one_share_button_naming_its_address(client):
    ArticleFactory(published=True, slug="power-back", title='Power "back" & <on>')
    [button] = share_buttons(client, "/news/power-back/")
    assert button.get("data-share-url") == f"{SITE}/news/power-back/"
    assert button.get("data-share-title") == 'Power "back" & <on>'
    links = {a.text_content(): a.get("href") for a in button.xpath(".//a")}
    assert links["Copy link"] == f"{SITE}/news/power-back/"
    assert links["Facebook"] == (
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example.org%2Fnews%2Fpower-back%2F"
    )
    assert links["X"].startswith(
        "https://x.com/intent/post?text=Power%20%22back%22%20%26%20%3Con%3E&"
    )
    assert list(links) == ["Copy link", "X", "Facebook", "Telegram", "WhatsApp", "Email"]


def test_each_live_post_shares_its_own_anchor(client):
    story = ArticleFactory(published=True, slug="storm", title="Storm latest")
    workflow.start_coverage(story, by=editor(username="edith"))
    posts = [
        workflow.add_live_post(story, by=None, body=f"<p>Update {n}.</p>", headline=f"Update {n}")
        for n in range(2)
    ]
    story_button, *post_buttons = share_buttons(client, "/news/storm/")
    assert story_button.get("data-share-url") == f"{SITE}/news/storm/"
    assert sorted(b.get("data-share-url") for b in post_buttons) == sorted(
        f"{SITE}/news/storm/#post-{post.pk}" for post in posts
    )
    assert {b.get("data-share-title") for b in post_buttons} == {"Update 0", "Update 1"}


def test_a_draft_preview_offers_no_share_button(client):
    story = ArticleFactory(slug="draft", title="Not yet")
    assert share_buttons(client, preview_url(story)) == []
