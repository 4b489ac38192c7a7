from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from media.models import Image, Rendition
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, UserFactory
from tests.media import files

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/media/image/"


@pytest.fixture
def desk(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def test_upload_through_the_desk(desk, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("harbour.jpg", files.jpeg(1600, 900), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            "/admin/media/image/add/",
            {
                "file": upload,
                "title": "Harbour",
                "alt_text": "Boats in the harbour at dawn",
                "caption": "",
                "credit": "Meridian",
                "source": "Staff assignment",
                "licence": "staff",
                "rights_expire_on": "",
                "focal_x": "0.25",
                "focal_y": "0.6",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.uploaded_by.is_superuser
    assert (image.width, image.height, image.focal_x) == (1600, 900, 0.25)
    # What pages will show is made at upload, not by the first reader.
    specs = set(Rendition.objects.filter(image=image).values_list("spec", flat=True))
    assert {"fill-400x225", "fill-800x450", "fill-1200x675", "max-160x160"} <= specs


def test_changelist_thumbnails_search_and_columns(desk):
    used = ImageFactory(title="Mayor at the podium", caption="", credit="Ivan Petrenko/AFP")
    ImageFactory(title="Tram", caption="A tram on the bridge over the Dnipro", credit="Meridian")
    ArticleFactory(lead_image=used)
    ArticleFactory(lead_image=used)
    response = desk.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="media-thumb"') == 2
    # The desk shows previews through its own staff-only address, never the public files.
    assert f'src="/admin/media/image/{used.pk}/preview/max-160x160/?v=' in html
    assert "/media/renditions/" not in html
    assert '<td class="field-uses">2</td>' in html
    for query, title in [("podium", "Mayor"), ("dnipro", "Tram"), ("petrenko", "Mayor")]:
        found = desk.get(CHANGELIST, {"q": query}).content.decode()
        assert title in found
        assert ("Tram" in found) == (title == "Tram")


def test_changelist_queries_do_not_grow_with_images(desk, django_assert_max_num_queries):
    for _ in range(12):
        ImageFactory()
    desk.get(CHANGELIST)  # makes the thumbnails
    with django_assert_max_num_queries(10):
        assert desk.get(CHANGELIST).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"missing": "any"}, {"no alt", "no credit"}),
        ({"missing": "alt"}, {"no alt"}),
        ({"missing": "credit"}, {"no credit"}),
        ({"rights": "attention"}, {"expired", "expiring"}),
        ({"rights": "expiring"}, {"expiring"}),
        ({"rights": "expired"}, {"expired"}),
    ],
)
def test_filters(desk, query, expected):
    today = timezone.localdate()
    ImageFactory(title="complete")
    ImageFactory(title="no alt", alt_text="")
    ImageFactory(title="no credit", credit="")
    ImageFactory(title="expired", rights_expire_on=today - timedelta(days=1))
    ImageFactory(title="expiring", rights_expire_on=today + timedelta(days=30))
    ImageFactory(title="later", rights_expire_on=today + timedelta(days=31))
    response = desk.get(CHANGELIST, query)
    shown = {image.title for image in response.context["cl"].result_list}
    assert shown == expected


def test_rights_column_flags_expiry(desk):
    today = timezone.localdate()
    ImageFactory(rights_expire_on=today - timedelta(days=3))
    ImageFactory(rights_expire_on=today + timedelta(days=12))
    html = desk.get(CHANGELIST).content.decode()
    assert '<span class="media-flag">Expired' in html
    assert '<span class="media-warn">Expires in 12 days</span>' in html


def test_change_page_has_focal_picker_and_usage(desk):
    image = ImageFactory(focal_x=0.2, focal_y=0.7)
    story = ArticleFactory(title="Budget vote", lead_image=image)
    author = AuthorFactory(name="Olena Marchenko", avatar=image)
    html = desk.get(f"/admin/media/image/{image.pk}/change/").content.decode()
    assert "data-focal-picker" in html
    assert 'style="left: 20.0%; top: 70.0%"' in html
    assert 'data-focal="x"' in html and 'data-focal="y"' in html
    assert "/static/js/focal-point.js" in html
    assert f'href="/admin/articles/article/{story.pk}/change/">Budget vote</a>' in html
    assert f'href="/admin/authors/author/{author.pk}/change/">Olena Marchenko</a>' in html
    assert "<script>" not in html.split("</head>")[1]  # CSP: no inline scripts of ours


def test_moving_the_focal_point_remakes_crops(desk, django_capture_on_commit_callbacks):
    image = ImageFactory()
    data = {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source": "",
        "licence": "",
        "rights_expire_on": "",
        "focal_x": "0.1",
        "focal_y": "0.9",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"/admin/media/image/{image.pk}/change/", data)
    assert response.status_code == 302
    keys = set(Rendition.objects.filter(image=image).values_list("focal_key", flat=True))
    assert keys == {"", "0.100,0.900"}


def test_autocomplete_for_lead_images(desk):
    ImageFactory(title="Harbour at dawn")
    response = desk.get(
        "/admin/autocomplete/",
        {
            "term": "harbour",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "lead_image",
        },
    )
    assert response.status_code == 200
    assert "Harbour at dawn" in response.content.decode()
