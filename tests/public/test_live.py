from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.pagination import Cursor
from public.reading.listings import LIVE_LIMIT
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def publish(title, minutes_ago=0, **kwargs):
    return ArticleFactory(
        title=title,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=minutes_ago, seconds=1),
        **kwargs,
    )


def test_the_home_page_tells_the_script_where_to_poll_from(client, settings):
    settings.LIVE_FEED_POLL_SECONDS = 45
    newest = publish("Newest", minutes_ago=1)
    publish("Older", minutes_ago=5)
    html = client.get("/").content.decode()
    assert 'data-live-url="/live/"' in html
    assert f'data-live-since="{Cursor.after(newest)}"' in html
    assert 'data-live-interval="45"' in html
    assert "js/live-feed.js" in html
    # Later pages and other listings do not poll.
    assert "data-live-url" not in client.get(newest.section.get_absolute_url()).content.decode()


def test_nothing_new_is_a_304_on_the_second_ask(client, django_assert_max_num_queries):
    newest = publish("Newest", minutes_ago=1)
    url = f"/live/?since={Cursor.after(newest)}"

    first = client.get(url)
    assert first.status_code == 200
    assert 'data-live-count="0"' in first.content.decode()
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]

    with django_assert_max_num_queries(1):
        second = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304
    assert second.content == b""


def test_a_new_story_changes_the_etag_and_is_returned(client):
    newest = publish("Newest", minutes_ago=5)
    url = f"/live/?since={Cursor.after(newest)}"
    etag = client.get(url)["ETag"]

    publish("Breaking: bridge reopens", minutes_ago=0)
    ArticleFactory(title="Still a draft")

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert 'data-live-count="1"' in html
    assert "Breaking: bridge reopens" in html
    assert "Still a draft" not in html
    assert "Newest" not in html


def test_a_burst_is_returned_in_chunks_from_where_the_reader_left_off(client):
    since = publish("Seen", minutes_ago=60)
    for n in range(LIVE_LIMIT + 5):
        publish(f"Burst {n:02d}", minutes_ago=50 - n)
    html = client.get(f"/live/?since={Cursor.after(since)}").content.decode()
    assert f'data-live-count="{LIVE_LIMIT}"' in html
    assert 'data-live-more="true"' in html
    # The oldest unseen stories come first, newest of them at the top: no gaps in the list.
    assert "Burst 00" in html and f"Burst {LIVE_LIMIT - 1:02d}" in html
    assert f"Burst {LIVE_LIMIT:02d}" not in html
    assert html.index(f"Burst {LIVE_LIMIT - 1:02d}") < html.index("Burst 00")


@pytest.mark.parametrize("since", ["", "yesterday", "1.2.3", "999999999999999999.1"])
def test_a_bad_cursor_is_a_400(client, since):
    response = client.get("/live/", {"since": since})
    assert response.status_code == 400
    assert "This link to new stories is not valid: reload the page." in response.content.decode()
