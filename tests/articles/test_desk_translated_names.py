"""Sections, authors and tags in the newsroom's other languages, on the desk: "Name in
Ukrainian" and the like on their forms when the newsroom publishes in more than one language;
nothing new with one."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Section, TagName
from authors.models import Author
from tests.factories import AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, edith):
    """An editor on the desk: editors keep sections, authors and tags."""
    client.force_login(edith)
    return client


def section_url(section):
    return reverse("admin:articles_section_change", args=[section.pk])


def author_url(author):
    return reverse("admin:authors_author_change", args=[author.pk])


def tag_url(tag):
    return reverse("admin:taggit_tag_change", args=[tag.pk])


def section_data(section, **fields):
    return {
        "name": section.name,
        "slug": section.slug,
        "description": section.description,
        "position": section.position,
        "front_page_position": "",
        **fields,
    }


def author_data(author, **fields):
    return {
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": author.bio,
        "avatar": "",
        "user": "",
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
        "links-MIN_NUM_FORMS": 0,
        "links-MAX_NUM_FORMS": 1000,
        **fields,
    }


def test_one_language_shows_no_other_languages_words(desk):
    section = SectionFactory(translations={"uk": {"name": "Політика"}})
    author = AuthorFactory()
    tag = Tag.objects.create(name="Energy")
    for url in (section_url(section), author_url(author), tag_url(tag)):
        html = desk.get(url).content.decode()
        assert " in Ukrainian" not in html
        assert 'name="translations"' not in html
        assert "in another language" not in html and 'id="names-heading"' not in html


def test_a_section_has_its_name_and_description_in_ukrainian(two_languages, desk):
    section = SectionFactory(
        name="Politics",
        description="Parliament and government.",
        translations={"uk": {"name": "Політика"}, "pl": {"name": "Polityka"}},
    )
    html = desk.get(section_url(section)).content.decode()
    assert "Name in Ukrainian" in html and "Description in Ukrainian" in html
    assert 'value="Політика"' in html
    response = desk.post(
        section_url(section),
        section_data(section, name_uk=" ", description_uk="Парламент і уряд."),
    )
    assert response.status_code == 302
    section.refresh_from_db()
    # An emptied name goes; a language no longer configured keeps its words.
    assert section.translations == {
        "uk": {"description": "Парламент і уряд."},
        "pl": {"name": "Polityka"},
    }
    assert section.name_in("uk") == "Politics"
    assert section.description_in("uk") == "Парламент і уряд."


def test_a_new_section_is_named_in_both_languages_at_once(two_languages, desk):
    response = desk.post(
        reverse("admin:articles_section_add"),
        {
            "name": "Economy",
            "slug": "",
            "description": "",
            "position": 0,
            "front_page_position": "",
            "name_uk": "Економіка",
        },
    )
    assert response.status_code == 302
    assert Section.objects.get().translations == {"uk": {"name": "Економіка"}}


def test_an_author_has_their_name_role_and_bio_in_ukrainian(two_languages, desk):
    author = AuthorFactory(role="News Editor", translations={"uk": {"role": "Редакторка"}})
    html = desk.get(author_url(author)).content.decode()
    assert "Name in Ukrainian" in html
    assert "Role in Ukrainian" in html and "Bio in Ukrainian" in html
    assert 'value="Редакторка"' in html
    response = desk.post(
        author_url(author),
        author_data(
            author,
            name_uk="Оксана Левченко",
            role_uk="Редакторка новин",
            bio_uk="Пише про економіку.",
        ),
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.name_in("uk") == "Оксана Левченко"
    assert author.role_in("uk") == "Редакторка новин"
    assert author.bio_in("uk") == "Пише про економіку."
    assert Author.objects.get().role == "News Editor"


def test_a_tag_has_its_name_in_ukrainian(two_languages, desk):
    tag = Tag.objects.create(name="Energy", slug="energy")
    html = desk.get(tag_url(tag)).content.decode()
    assert "Name in another language" in html
    names = html.split('id="names-heading"')[1]
    assert '<option value="uk">Ukrainian</option>' in names
    assert '<option value="en"' not in names
    data = {
        "name": "Energy",
        "slug": "energy",
        "names-TOTAL_FORMS": 1,
        "names-INITIAL_FORMS": 0,
        "names-MIN_NUM_FORMS": 0,
        "names-MAX_NUM_FORMS": 1,
        "names-0-language": "uk",
        "names-0-name": "Енергетика",
        # taggit's own inline of its generic tagged items
        "taggit-taggeditem-content_type-object_id-TOTAL_FORMS": 0,
        "taggit-taggeditem-content_type-object_id-INITIAL_FORMS": 0,
    }
    response = desk.post(tag_url(tag), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TagName.objects.get(tag=tag).name == "Енергетика"
    assert tag.slug == Tag.objects.get().slug  # one address in every language


def test_a_tag_name_in_no_other_language_is_refused(two_languages, desk):
    tag = Tag.objects.create(name="Energy", slug="energy")
    data = {
        "name": "Energy",
        "slug": "energy",
        "names-TOTAL_FORMS": 1,
        "names-INITIAL_FORMS": 0,
        "names-MIN_NUM_FORMS": 0,
        "names-MAX_NUM_FORMS": 1,
        "names-0-language": "en",
        "names-0-name": "Energy again",
        "taggit-taggeditem-content_type-object_id-TOTAL_FORMS": 0,
        "taggit-taggeditem-content_type-object_id-INITIAL_FORMS": 0,
    }
    response = desk.post(tag_url(tag), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not TagName.objects.exists()
