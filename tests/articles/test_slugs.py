"""Addresses in Latin letters: Ukrainian by the national transliteration (Cabinet of Ministers
resolution 55 of 2010), other scripts by a general one; for stories, sections, tags, authors."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Section
from authors.models import Author
from tests.factories import ArticleFactory, editor, superuser

pytestmark = pytest.mark.django_db

# The resolution's own examples, letter by letter of its table.
RESOLUTION = {
    "Алушта": "alushta",
    "Андрій": "andrii",
    "Борщагівка": "borshchahivka",
    "Вінниця": "vinnytsia",
    "Гадяч": "hadiach",
    "Згорани": "zghorany",
    "Розгон": "rozghon",
    "Ґалаґан": "galagan",
    "Донецьк": "donetsk",
    "Рівне": "rivne",
    "Єнакієве": "yenakiieve",
    "Гаєвич": "haievych",
    "Короп'є": "koropie",
    "Житомир": "zhytomyr",
    "Закарпаття": "zakarpattia",
    "Медвин": "medvyn",
    "Іванків": "ivankiv",
    "Їжакевич": "yizhakevych",
    "Кадиївка": "kadyivka",
    "Мар'їне": "marine",
    "Йосипівка": "yosypivka",
    "Стрий": "stryi",
    "Олексій": "oleksii",
    "Київ": "kyiv",
    "Миколаїв": "mykolaiv",
    "Наталія": "nataliia",
    "Одеса": "odesa",
    "Тернопіль": "ternopil",
    "Ужгород": "uzhhorod",
    "Харків": "kharkiv",
    "Біла Церква": "bila-tserkva",
    "Чернівці": "chernivtsi",
    "Шостка": "shostka",
    "Гоща": "hoshcha",
    "Юрій": "yurii",
    "Корюківка": "koriukivka",
    "Яготин": "yahotyn",
    "Костянтин": "kostiantyn",
    "Знам’янка": "znamianka",
    "Феодосія": "feodosiia",
    "Запоріжжя": "zaporizhzhia",
    "Щастя": "shchastia",
}


@pytest.mark.parametrize(("words", "slug"), RESOLUTION.items())
def test_ukrainian_follows_the_national_transliteration(words, slug):
    assert workflow.slug_for(words) == slug


@pytest.mark.parametrize(
    ("words", "slug"),
    [
        # A letter Ukrainian does not use makes it another language: the general table.
        ("Москва объявила о съезде", "moskva-obyavila-o-sezde"),
        ("Ёлка в Минске", "elka-v-minske"),
        ("Zürich: Café opens", "zurich-cafe-opens"),
        ("Ελλάδα", "ellada"),
        ("Київ і Zürich", "kyiv-i-zurich"),
        ("😀 Київ!", "kyiv"),
        ("КИЇВ ЗГОРАНИ", "kyiv-zghorany"),
        ("!!!", ""),
    ],
)
def test_other_scripts_fall_back_to_a_general_transliteration(words, slug):
    assert workflow.slug_for(words) == slug


def test_a_cyrillic_headline_gets_a_latin_address(client):
    # Was /news/story/: Django's slugify dropped every Cyrillic letter.
    ArticleFactory(slug="kyiv-hotuietsia-do-zymy")
    article = workflow.save_article(
        Article(title="Київ готується до зими", body="<p>Text.</p>"), by=None, expected_version=None
    )
    assert article.slug == "kyiv-hotuietsia-do-zymy-2"
    assert article.get_absolute_url() == "/news/kyiv-hotuietsia-do-zymy-2/"


def test_a_new_tag_takes_a_latin_slug():
    kyiv = Tag.objects.create(name="Київ")
    latin = Tag.objects.create(name="Kyiv")
    assert (kyiv.slug, latin.slug) == ("kyiv", "kyiv_1")
    assert Tag.objects.create(name="!!!").slug == "tag"


def _new_story(title, **extra):
    return {
        "title": title,
        "dek": "",
        "body": "<p>Text.</p>",
        "tags": "",
        "bylines-TOTAL_FORMS": 0,
        "bylines-INITIAL_FORMS": 0,
        "_continue": "1",
        **extra,
    }


def test_an_editors_new_story_with_no_slug_takes_one_from_the_headline(client):
    # Django's prepopulated slug wrote "zaporizhzhia" as "zaporizhzhya" and "Київ" as "kiyiv".
    client.force_login(editor())
    add = reverse("admin:articles_article_add")
    assert "&quot;#id_slug&quot;" not in client.get(add).content.decode()  # not prepopulated
    response = client.post(add, _new_story("Запоріжжя: світло повернулося", slug=""))
    assert response.status_code == 302
    assert Article.objects.get().slug == "zaporizhzhia-svitlo-povernulosia"


def test_an_editor_may_still_choose_a_new_storys_slug_but_not_clear_one(client):
    client.force_login(editor())
    client.post(reverse("admin:articles_article_add"), _new_story("Київ", slug="my-own"))
    article = Article.objects.get()
    assert article.slug == "my-own"
    data = _new_story("Київ", slug="", base_version=article.version)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "my-own"


@pytest.mark.parametrize(
    ("url", "data", "model", "slug"),
    [
        ("admin:articles_section_add", {"name": "Щастя", "position": 0}, Section, "shchastia"),
        (
            "admin:authors_author_add",
            {"name": "Олена Згоранська", "links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0},
            Author,
            "olena-zghoranska",
        ),
    ],
)
def test_sections_and_authors_take_their_slug_from_their_name(client, url, data, model, slug):
    client.force_login(superuser())
    response = client.post(reverse(url), {"slug": "", **data})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert model.objects.get(name=data["name"]).slug == slug
    again = client.post(reverse(url), {"slug": "", **data, "name": data["name"] + "!"})
    assert again.status_code == 302
    assert model.objects.get(name=data["name"] + "!").slug == f"{slug}-2"
