"""What a shared link shows: every page names a picture, the front page its lead story's."""

from datetime import timedelta

import lxml.html
import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import FETCH_RAISE, query
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import FrontPageSlot
from media.renditions import get_share_rendition
from tests.conftest import SITE
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.public.test_query_counts import HOME_BUDGET

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
    hold_lead(ArticleFactory(published=True, lead_image=ImageFactory()))
    ArticleFactory.create_batch(5, published=True, lead_image=ImageFactory())
    client.get("/")  # makes the renditions, as the first reader would
    cache.clear()
    # Every row the page shows comes from the view's queries: a lazy fetch raises.
    monkeypatch.setattr(query, "DEFAULT_FETCH_MODE", FETCH_RAISE)
    with CaptureQueriesContext(connection) as queries:
        assert meta(client, "/", "og:image") != [logo()]
    assert len(queries) <= HOME_BUDGET
