import logging
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template, TemplateSyntaxError

from media.models import Image, Rendition
from media.pictures import Picture
from tests.media import files

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load pictures %}" + source).render(Context(context)).strip()


@pytest.fixture
def photo():
    return Picture.of(library_photo())


def library_photo():
    return Image.objects.create(
        file=ContentFile(files.marked(2400, 1350), name="market.png"),
        title="Market",
        alt_text='Stalls at the "Bessarabsky" market <early morning>',
        credit="Meridian",
    )


def test_picture_html(photo):
    html = render(
        '{% picture image "fill-1200x675" sizes="(min-width: 720px) 680px, 100vw" %}', image=photo
    )
    assert html.startswith("<picture>") and html.endswith("</picture>")
    sources = re.findall(r'<source type="([^"]+)" srcset="([^"]+)" sizes="([^"]+)">', html)
    assert [s[0] for s in sources] == ["image/avif", "image/webp"]
    for mime, srcset, sizes in sources:
        widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
        assert widths == [400, 800, 1200]
        assert all(
            url.endswith("." + mime.split("/")[1]) for url in re.findall(r"(\S+) \d+w", srcset)
        )
        assert sizes == "(min-width: 720px) 680px, 100vw"
    img = re.search(r"<img [^>]+>", html)[0]
    assert re.search(r'src="/media/renditions/[0-9a-f]{16}/fill-800x450-500-500\.jpg"', img)
    assert 'width="800" height="450"' in img
    assert 'alt="Stalls at the &quot;Bessarabsky&quot; market &lt;early morning&gt;"' in img
    assert 'loading="lazy" decoding="async"' in img
    assert "fetchpriority" not in img


def test_lead_picture_is_fetched_first_and_not_lazily(photo):
    html = render('{% picture image "fill-1200x675" lead=True %}', image=photo)
    assert 'fetchpriority="high"' in html
    assert "loading=" not in html and "decoding=" not in html
    assert 'sizes="100vw"' in html


def test_alt_and_class_can_be_set(photo):
    html = render(
        '{% picture image "fill-240x240" sizes="72px" alt="" css_class="avatar" %}', image=photo
    )
    assert 'alt=""' in html and 'class="avatar"' in html
    assert re.findall(r" (\d+)w", html) == ["120", "240", "120", "240"]


def test_each_rendition_is_made_once(photo):
    source = '{% picture image "fill-1200x675" %}'
    first = render(source, image=photo)
    count = Rendition.objects.count()
    assert count == 7
    assert render(source, image=photo) == first  # no query: made into the Picture's own
    again = Picture.of(Image.objects.get(pk=photo.id))
    assert render(source, image=again) == first
    assert Rendition.objects.count() == count


def test_a_picture_drawn_twice_on_a_page_asks_nothing_the_second_time(
    photo, django_assert_num_queries
):
    render('{% picture image "fill-1200x675" %}', image=photo)
    with django_assert_num_queries(0):
        render('{% picture image "lead" %}{% picture image "lead" lead=True %}', image=photo)


def test_specs_are_named_by_purpose(photo):
    by_string = render('{% picture image "fill-240x240" sizes="72px" %}', image=photo)
    assert render('{% picture image "avatar" sizes="72px" %}', image=photo) == by_string


def test_no_image_renders_nothing():
    assert render('{% picture image "fill-1200x675" %}', image=None) == ""


def test_spec_must_be_one_the_templates_declare(photo):
    with pytest.raises(TemplateSyntaxError, match="PICTURE_SPECS"):
        render('{% picture image "fill-999x999" %}', image=photo)


def test_missing_original_does_not_break_the_page(photo, caplog):
    default_storage.delete(photo.file)
    with caplog.at_level(logging.ERROR, logger="media.pictures"):
        assert render('{% picture image "fill-1200x675" %}', image=photo) == ""
    assert "Could not make fill-1200x675 renditions" in caplog.text
