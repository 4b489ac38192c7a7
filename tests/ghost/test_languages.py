"""A Ukrainian Ghost site imported as Ukrainian editions (`--language uk`), linked to the
English stories by a map of slugs (`--translations`)."""

import json

import pytest
from django.core.management import CommandError
from taggit.models import Tag

from articles.models import Article, TagName
from authors.models import Author
from tests.ghost.exports import EXPORT, run

pytestmark = pytest.mark.django_db

UKRAINIAN_TITLES = {
    "kyiv-restores-heating": "Київ повернув тепло на лівий берег",
    "council-votes-winter-budget": "Рада ухвалила зимовий бюджет",
}


def ukrainian_export(tmp_path, *, slugs=None):
    """The test export as a Ukrainian Ghost site would write it: other ids, Ukrainian
    headlines, tag names and bios, the same tag and author slugs."""
    document = json.loads(EXPORT.read_text())
    data = document["db"][0]["data"]
    renamed = {}
    for post in data["posts"]:
        old = post["id"]
        post["id"] = renamed[old] = old.replace("6771", "7771")
        post["title"] = UKRAINIAN_TITLES.get(post["slug"], post["title"])
        post["slug"] = (slugs or {}).get(post["slug"], post["slug"])
    for table in ("posts_tags", "posts_authors", "posts_meta"):
        for row in data.get(table, []):
            row["post_id"] = renamed[row["post_id"]]
    for tag in data["tags"]:
        tag["name"] = {"energy": "Енергетика", "kyiv-city-council": "Київрада"}.get(
            tag["slug"], tag["name"]
        )
    for user in data["users"]:
        user["bio"] = "Пише про місто та енергетику."
    path = tmp_path / "ghost-uk.json"
    path.write_text(json.dumps(document))
    return path


def map_file(tmp_path, text):
    path = tmp_path / "map.csv"
    path.write_text(text)
    return path


def test_a_ukrainian_site_becomes_ukrainian_editions_beside_the_english(two_languages, tmp_path):
    run()
    english_bio = Author.objects.get(slug="olena").bio
    output = run(ukrainian_export(tmp_path), "--language", "uk")
    assert "posts: 4 created" in output

    english = Article.objects.get(slug="kyiv-restores-heating", language="en")
    ukrainian = Article.objects.get(slug="kyiv-restores-heating", language="uk")
    assert ukrainian.title == "Київ повернув тепло на лівий берег"
    assert english.title == "Kyiv restores heating to the left bank"
    assert ukrainian.get_absolute_url() == "/uk/news/kyiv-restores-heating/"
    # Not linked without a map: each is its own story.
    assert ukrainian.translation_key != english.translation_key
    # Authors and tags are shared; their Ukrainian text is kept beside the English.
    olena = Author.objects.get(slug="olena")
    assert olena.bio == english_bio
    assert olena.bio_in("uk") == "Пише про місто та енергетику."
    assert TagName.objects.get(tag__slug="energy", language="uk").name == "Енергетика"
    assert Tag.objects.get(slug="energy").name == "Energy"
    # A second run changes nothing.
    assert "Nothing to change" in run(ukrainian_export(tmp_path), "--language", "uk")


def test_a_map_links_each_english_story_to_its_ukrainian_edition(two_languages, tmp_path):
    run()
    export = ukrainian_export(tmp_path, slugs={"council-votes-winter-budget": "rada-budzhet"})
    pairs = "en,uk\nkyiv-restores-heating,kyiv-restores-heating\n\n"
    pairs += "council-votes-winter-budget,rada-budzhet\n"
    output = run(export, "--language", "uk", "--translations", str(map_file(tmp_path, pairs)))
    assert "translations: 2 linked" in output

    for english_slug, ukrainian_slug in [
        ("kyiv-restores-heating", "kyiv-restores-heating"),
        ("council-votes-winter-budget", "rada-budzhet"),
    ]:
        english = Article.objects.get(slug=english_slug, language="en")
        ukrainian = Article.objects.get(slug=ukrainian_slug, language="uk")
        assert ukrainian.translation_key == english.translation_key
        assert ukrainian.translated_from == english
        # Up to date with the English as imported: not stale.
        assert ukrainian.synced_revision == english.revisions.order_by("-id").first()

    output = run(export, "--language", "uk", "--translations", str(map_file(tmp_path, pairs)))
    assert "translations: 2 unchanged" in output


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ("kyiv-restores-heating,no-such-story\n", "map.csv line 1: there is no Ukrainian story"),
        ("no-such-story,kyiv-restores-heating\n", "map.csv line 1: there is no English story"),
        ("kyiv-restores-heating\n", "map.csv line 1: a row is two slugs"),
        ("kyiv restores,kyiv-restores-heating\n", "'kyiv restores' is not a story's slug"),
        (
            "kyiv-restores-heating,kyiv-restores-heating\n"
            "council-votes-winter-budget,kyiv-restores-heating\n",
            "map.csv line 2: 'kyiv-restores-heating' is paired already (map.csv line 1)",
        ),
    ],
)
def test_a_bad_map_names_its_line_and_imports_nothing(two_languages, tmp_path, pairs, message):
    run()
    before = Article.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        run(
            ukrainian_export(tmp_path),
            "--language",
            "uk",
            "--translations",
            str(map_file(tmp_path, pairs)),
        )
    assert message in str(raised.value)
    assert Article.objects.count() == before


def test_a_language_the_newsroom_does_not_publish_in_is_refused(tmp_path):
    with pytest.raises(CommandError, match="the newsroom publishes in en"):
        run(ukrainian_export(tmp_path), "--language", "uk")
    assert not Article.objects.exists()


def test_a_map_needs_the_imports_own_language(two_languages, tmp_path):
    with pytest.raises(CommandError, match="give the import's own language with --language"):
        run(EXPORT, "--translations", str(map_file(tmp_path, "a,b\n")))


def test_an_export_imported_again_in_another_language_is_refused(two_languages):
    run()
    with pytest.raises(CommandError, match="imported before as the story at /news/"):
        run(EXPORT, "--language", "uk")
    assert not Article.objects.filter(language="uk").exists()


def test_old_ghost_addresses_lead_to_the_main_languages_story(two_languages, tmp_path, client):
    run()
    run(
        ukrainian_export(tmp_path, slugs={"council-votes-winter-budget": "rada-budzhet"}),
        "--language",
        "uk",
    )
    response = client.get("/kyiv-restores-heating/")
    assert response.status_code == 301
    assert response["Location"] == "/news/kyiv-restores-heating/"
    # A Ukrainian edition's own slug was never an address of the site we replaced.
    assert client.get("/rada-budzhet/").status_code == 404
