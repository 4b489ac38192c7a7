"""The body editor's side of the desk: what the story form hands the editor to draw blocks as
readers see them, the story cards it asks for while writing, and the live post's editor."""

import json
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import body_editor, workflow
from articles.models import LivePost
from tests.desk import change_url
from tests.factories import ArticleFactory, ImageFactory, editor, writer

pytestmark = pytest.mark.django_db

STORIES = "/admin/articles/article/blocks/stories/"


def picture(image, width="column"):
    return f'<figure data-block="image" data-image="{image.pk}" data-width="{width}"></figure>'


def given(response) -> dict:
    """The editor's data-body-blocks, as the story form carries it."""
    html = response.content.decode()
    raw = html.split('data-body-blocks="', 1)[1].split('"', 1)[0]
    return json.loads(unescape(raw))


def test_the_story_form_hands_the_editor_every_picture_and_card_the_body_shows(client):
    harbour, boats, still, lead = (ImageFactory(caption=f"Caption {n}") for n in range(4))
    other = ArticleFactory(published=True, title="The night the lights came back", lead_image=lead)
    draft = ArticleFactory(title="Not out yet")
    body = (
        picture(harbour, "wide")
        + f'<figure data-block="gallery"><figure data-image="{boats.pk}"></figure></figure>'
        + '<figure data-block="embed" data-provider="vimeo" data-url="https://vimeo.com/76979871"'
        + f' data-title="Clip" data-thumbnail="{still.pk}"></figure>'
        + f'<aside data-block="related" data-article="{other.pk}"></aside>'
        + f'<aside data-block="related" data-article="{draft.pk}"></aside>'
    )
    story = ArticleFactory(body=body)
    client.force_login(editor())
    data = given(client.get(change_url(story)))
    assert sorted(data["images"]) == sorted(str(i.pk) for i in (harbour, boats, still))
    shown = data["images"][str(harbour.pk)]
    assert (shown["caption"], shown["credit"], shown["alt_text"]) == (
        "Caption 0",
        harbour.credit,
        harbour.alt_text,
    )
    # Both previews are made and named by their version, so a reload finds them at once.
    assert "/preview/max-160x160/?v=" in shown["thumbnail_url"]
    assert "/preview/max-800x800/?v=" in shown["preview_url"]
    # Only published stories: the editor asks about the others, as the writer it is.
    assert list(data["stories"]) == [str(other.pk)]
    card = data["stories"][str(other.pk)]
    assert (card["title"], card["is_published"]) == ("The night the lights came back", True)
    assert "/preview/max-160x160/" in card["thumbnail_url"]
    assert data["images_url"] == "/admin/media/image/chooser/images/"
    assert data["stories_url"] == STORIES


def test_the_form_costs_the_same_queries_for_one_picture_or_twelve(client):
    client.force_login(editor())
    images = [ImageFactory() for _ in range(12)]
    one = ArticleFactory(body=picture(images[0]))
    twelve = ArticleFactory(body="".join(picture(image) for image in images))
    client.get(change_url(twelve))  # makes the previews, once
    client.get(change_url(one))
    with CaptureQueriesContext(connection) as few:
        client.get(change_url(one))
    with CaptureQueriesContext(connection) as many:
        client.get(change_url(twelve))
    assert len(many) == len(few)


def test_story_cards_are_only_of_stories_the_writer_may_open(client):
    ann = writer()
    mine = ArticleFactory(title="Mine, not out yet", created_by=ann)
    theirs = ArticleFactory(title="Someone else's draft")
    out = ArticleFactory(published=True, title="Substation back in service")
    client.force_login(ann)
    answer = client.get(f"{STORIES}?id={mine.pk}&id={theirs.pk}&id={out.pk}").json()
    assert sorted(answer["stories"]) == sorted([str(mine.pk), str(out.pk)])
    assert answer["stories"][str(mine.pk)]["is_published"] is False
    # The search offers published stories only, newest first, by words or by number.
    older = ArticleFactory(published=True, title="Substation hit again")
    older.published_at = out.published_at.replace(year=out.published_at.year - 1)
    older.save()
    found = client.get(f"{STORIES}?q=substation").json()
    assert found["order"] == [str(out.pk), str(older.pk)]
    assert client.get(f"{STORIES}?q=draft").json()["order"] == []
    assert client.get(f"{STORIES}?q={older.pk}").json()["order"] == [str(older.pk)]


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?id=x", "?id=0", "?id=1&id=a"])
def test_story_cards_refuse_a_bad_question(client, query):
    client.force_login(editor())
    assert client.get(f"{STORIES}{query}").status_code == 400


def test_story_cards_are_for_the_desk_only(client):
    response = client.get(f"{STORIES}?q=anything")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# Live posts.


@pytest.fixture
def post():
    boss = editor()
    story = ArticleFactory(published=True, title="Storm latest")
    workflow.start_coverage(story, by=boss)
    return workflow.add_live_post(story, by=boss, body="Winds of 120 km/h.\n\nSchools shut.")


def test_a_live_post_opens_in_the_rich_text_editor_with_a_smaller_toolbar(client, post):
    client.force_login(editor())
    response = client.get(reverse("admin:articles_livepost_change", args=[post.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "'nonce-" in response["Content-Security-Policy"]  # the editor's import map runs
    config = html.split('data-django-prose-editor-configurable="', 1)[1].split('"', 1)[0]
    extensions = json.loads(unescape(config))["extensions"]
    assert extensions["Bold"] is True and extensions["Link"]
    # Blocks a post holds are kept and drawn, not offered: no row of blocks in its toolbar.
    assert extensions["BodyImage"] == {"menu": False}
    assert "Menu" not in body_editor.LIVE_POST_EDITOR["extensions"]
    assert "data-body-blocks=" in html


def test_a_live_post_saved_from_the_editor_keeps_its_paragraphs_and_marks(client, post):
    client.force_login(editor())
    url = reverse("admin:articles_livepost_change", args=[post.pk])
    body = "<p>Winds of <strong>130</strong> km/h.</p><p>Schools shut.</p>"
    response = client.post(url, {"headline": "", "body": body, "author": ""})
    assert response.status_code == 302
    assert LivePost.objects.get(pk=post.pk).body == body
