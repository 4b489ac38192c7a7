"""The image chooser's views: the grid (search, filters, paging), upload in place, details."""

import json
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from media.models import Image
from tests.factories import ArticleFactory, ImageFactory, UserFactory, editor, writer
from tests.media import files

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/media/image/chooser/"
RESULTS = "/admin/media/image/chooser/results/"
UPLOAD = "/admin/media/image/chooser/upload/"
IMAGES = "/admin/media/image/chooser/images/"


def chosen_ids(response) -> list[int]:
    """The images the grid offers, in order, from their buttons' JSON."""
    html = response.content.decode()
    ids = []
    for chunk in html.split('data-ic-choose="')[1:]:
        raw = chunk.split('"', 1)[0].replace("&quot;", '"').replace("&amp;", "&")
        ids.append(json.loads(raw)["id"])
    return ids


@pytest.fixture
def wanda(client):
    user = writer(username="wanda")
    client.force_login(user)
    return user


def upload(client, data, name="harbour.jpg"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "image/jpeg")})


# Who may use it.


@pytest.mark.parametrize("url", [CHOOSER, RESULTS, f"{CHOOSER}1/", f"{IMAGES}?id=1"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    ImageFactory()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_anonymous_upload_stores_nothing(client):
    response = upload(client, files.jpeg())
    assert response.status_code == 302
    assert not Image.objects.exists()


def test_staff_without_the_library_permissions_are_refused(client):
    client.force_login(UserFactory())
    image = ImageFactory()
    assert client.get(CHOOSER).status_code == 403
    assert client.get(f"{CHOOSER}{image.pk}/").status_code == 403
    assert client.get(f"{IMAGES}?id={image.pk}").status_code == 403
    assert upload(client, files.jpeg()).status_code == 403
    assert Image.objects.count() == 1


# The grid.


def test_panel_offers_search_filters_upload_and_thumbnails(client, wanda):
    image = ImageFactory(title="Harbour at dawn")
    response = client.get(CHOOSER)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="ic-q">Search the library</label>' in html
    assert 'data-ic-filter="mine"' in html and 'data-ic-filter="unused"' in html
    assert 'action="/admin/media/image/chooser/upload/"' in html
    assert f'src="/admin/media/image/{image.pk}/preview/max-160x160/?v=' in html
    assert chosen_ids(response) == [image.pk]
    description = json.loads(client.get(f"{CHOOSER}{image.pk}/").content)
    assert description == {
        "id": image.pk,
        "title": "Harbour at dawn",
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "thumbnail_url": description["thumbnail_url"],
        "preview_url": "",  # the larger preview: not made for the grid
        "width": 320,
        "height": 180,
    }
    assert description["thumbnail_url"].startswith(f"/admin/media/image/{image.pk}/preview/")


def test_viewers_who_may_not_upload_get_no_upload_form(client):
    user = UserFactory()
    user.user_permissions.add(*_perms("view_image"))
    client.force_login(user)
    html = client.get(CHOOSER).content.decode()
    assert "Upload a new image" not in html


def _perms(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="media", codename__in=codenames)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", ["title"]),
        ("fishermen", ["caption"]),
        ("petrenko", ["credit"]),
        ("silhouette", ["alt"]),
        ("boats dawn", ["title"]),  # every word, anywhere
        ("boats dusk", []),
    ],
)
def test_search_looks_in_title_caption_credit_and_alt_text(client, wanda, query, expected):
    images = {
        "title": ImageFactory(title="Boats in the harbour at dawn"),
        "caption": ImageFactory(caption="Fishermen mend their nets"),
        "credit": ImageFactory(credit="Ivan Petrenko/AFP"),
        "alt": ImageFactory(alt_text="A silhouette against the sky"),
    }
    response = client.get(RESULTS, {"q": query})
    assert response.status_code == 200
    assert chosen_ids(response) == [images[key].pk for key in expected]
    if not expected:
        assert "No images match" in response.content.decode()


def test_filters_mine_and_unused(client, wanda):
    mine = ImageFactory(uploaded_by=wanda)
    mine_used = ImageFactory(uploaded_by=wanda)
    other = ImageFactory(uploaded_by=editor())
    ArticleFactory(lead_image=mine_used)
    assert chosen_ids(client.get(RESULTS)) == [other.pk, mine_used.pk, mine.pk]
    assert chosen_ids(client.get(RESULTS, {"filter": "mine"})) == [mine_used.pk, mine.pk]
    assert chosen_ids(client.get(RESULTS, {"filter": "unused"})) == [other.pk, mine.pk]
    assert chosen_ids(client.get(RESULTS, {"filter": "mine", "q": "nothing like it"})) == []


def test_load_more_pages_by_keyset_without_repeats_or_gaps(client, wanda):
    images = ImageFactory.create_batch(30)
    newest_first = [image.pk for image in reversed(images)]
    first = client.get(CHOOSER)
    assert chosen_ids(first) == newest_first[:24]
    more_url = first.content.decode().split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    # An upload between the two clicks does not shift the next page.
    ImageFactory()
    second = client.get(more_url)
    assert chosen_ids(second) == newest_first[24:]
    assert "Load more images" not in second.content.decode()


@pytest.mark.parametrize("before", ["x", "12", "1.x", "99999999999999999999999.1", "-5.3"])
def test_a_bad_cursor_or_filter_is_a_400(client, wanda, before):
    assert client.get(RESULTS, {"before": before}).status_code == 400
    assert client.get(RESULTS, {"filter": "everything"}).status_code == 400


# Upload in place.


def test_writer_uploads_then_describes_and_chooses(
    client, wanda, django_capture_on_commit_callbacks
):
    response = upload(client, files.jpeg(1600, 900), name="kyiv_metro-2024.jpg")
    assert response.status_code == 201
    image = Image.objects.get()
    assert image.uploaded_by == wanda
    assert image.title == "Kyiv metro 2024"
    html = response.content.decode()
    assert "Describe the new image" in html
    assert "data-focal-picker" in html
    assert f'src="/admin/media/image/{image.pk}/preview/max-800x800/?v=' in html
    assert 'id="ic_alt_text"' in html  # never the story form's own ids

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{CHOOSER}{image.pk}/",
            {
                "title": "Kyiv metro at rush hour",
                "alt_text": "Commuters on a crowded platform",
                "caption": "Arsenalna station, the deepest in the world.",
                "credit": "Olena Marchenko/Meridian",
                "focal_x": "0.25",
                "focal_y": "0.4",
            },
        )
    assert response.status_code == 200
    assert response.json()["id"] == image.pk
    assert response.json()["alt_text"] == "Commuters on a crowded platform"
    image.refresh_from_db()
    assert (image.credit, image.focal_x, image.focal_y) == ("Olena Marchenko/Meridian", 0.25, 0.4)
    # The crops pages will show were made around the new focal point.
    assert image.renditions.filter(spec="fill-1200x675", focal_key="0.250,0.400").exists()


def test_details_with_errors_come_back_with_the_messages(client, wanda):
    image = ImageFactory(uploaded_by=wanda)
    response = client.post(
        f"{CHOOSER}{image.pk}/", {"title": "", "focal_x": "1.5", "focal_y": "0.5"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "less than or equal to 1" in html
    image.refresh_from_db()
    assert image.focal_x == 0.5


def test_writer_may_not_change_details_of_an_image_in_public_use(client, wanda):
    image = ImageFactory(uploaded_by=wanda)
    ArticleFactory(lead_image=image, published=True)
    response = client.post(
        f"{CHOOSER}{image.pk}/", {"title": "Renamed", "focal_x": "0.1", "focal_y": "0.1"}
    )
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.title != "Renamed"
    # Choosing it is still fine.
    assert client.get(f"{CHOOSER}{image.pk}/").json()["id"] == image.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "SVG files are not accepted"),
        (b"just some text", "is not a JPEG, PNG, WebP, GIF or AVIF image"),
        (files.jpeg(800, 600)[:-400], "damaged or incomplete"),
    ],
)
def test_a_bad_upload_stores_nothing_and_says_why(client, wanda, settings, data, message):
    response = upload(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert not Image.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_duplicate_upload_offers_the_image_already_there(client, wanda):
    data = files.jpeg(640, 480)
    existing = ImageFactory(title="Tram on the bridge", file=_content(data))
    response = upload(client, data, name="copy.jpg")
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert 'already in the library as "Tram on the bridge"' in html
    assert "Use the image that is already in the library" in html
    assert chosen_ids(response) == [existing.pk]
    assert Image.objects.count() == 1


def _content(data):
    from django.core.files.base import ContentFile

    return ContentFile(data, name="tram.jpg")


# The widget on the story and author forms.


def test_story_form_uses_the_chooser_for_its_lead_image(client):
    client.force_login(editor())
    image = ImageFactory(title="Harbour at dawn", credit="")
    story = ArticleFactory(lead_image=image, authors=[])
    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "data-image-chooser" in html
    assert f'name="lead_image" value="{image.pk}"' in html
    assert "/static/js/image-chooser.js" in html and "/static/css/image-chooser.css" in html
    assert "Harbour at dawn" in html
    assert ">Change</button>" in html
    assert 'data-chooser-credit class="media-flag">missing' in html


def test_author_form_uses_the_chooser_for_the_portrait(client):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get("/admin/authors/author/add/").content.decode()
    assert 'name="avatar" value=""' in html
    assert "Choose an image" in html


# Several images at once (the body editor's pictures).


def test_images_describes_several_at_once_in_the_same_queries_as_one(client, wanda):
    images = [ImageFactory(caption=f"Caption {n}", credit=f"Credit {n}") for n in range(6)]
    query = "&".join(f"id={image.pk}" for image in images) + "&id=999999"
    client.get(f"{IMAGES}?{query}")  # makes the thumbnails, once
    with CaptureQueriesContext(connection) as one:
        client.get(f"{IMAGES}?id={images[0].pk}")
    with CaptureQueriesContext(connection) as six:
        response = client.get(f"{IMAGES}?{query}")
    assert len(six) == len(one)  # the images, their previews (and the session, the user)
    assert response.status_code == 200
    described = response.json()["images"]
    assert sorted(described) == sorted(str(image.pk) for image in images)  # 999999: no such
    first = described[str(images[0].pk)]
    assert (first["caption"], first["credit"], first["alt_text"]) == (
        "Caption 0",
        "Credit 0",
        images[0].alt_text,
    )
    assert first["thumbnail_url"].startswith(f"/admin/media/image/{images[0].pk}/preview/")
    assert client.get(first["preview_url"]).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["", "?id=", "?id=abc", "?id=1&id=-2", "?id=99999999999", "?" + "&".join(["id=1"] * 201)],
)
def test_images_refuses_anything_but_a_list_of_image_numbers(client, wanda, query):
    response = client.get(f"{IMAGES}{query}")
    assert response.status_code == 400


def test_a_search_with_a_nul_character_finds_what_the_rest_names(client, wanda):
    # PostgreSQL refuses NUL in text: the search once answered 500 there.
    harbour = ImageFactory(title="Harbour at dawn")
    ImageFactory(title="Station")
    response = client.get(RESULTS, {"q": "harb\x00our"})
    assert response.status_code == 200
    assert chosen_ids(response) == [harbour.pk]
