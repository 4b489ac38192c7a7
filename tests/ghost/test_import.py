from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles import workflow
from articles.models import Article
from authors.models import Author
from media.models import Image
from tests.factories import ArticleFactory, SectionFactory, editor
from tests.ghost.exports import EXPORT, GHOST_URL, edited_export, run

pytestmark = pytest.mark.django_db


def test_an_imported_story_is_saved_once_with_its_source_edit_time():
    # One save, with Ghost's last edit time: whoever hears of the save (the page cache) sees
    # the time readers will see, and no later update() slips past the save path.
    heard = []

    def listen(sender, instance, **kwargs):
        if instance.slug == "kyiv-restores-heating":
            heard.append(instance.modified_at)

    post_save.connect(listen, sender=Article, dispatch_uid="test-import-saves")
    try:
        with CaptureQueriesContext(connection) as queries:
            run()
    finally:
        post_save.disconnect(dispatch_uid="test-import-saves", sender=Article)
    assert heard == [datetime(2025, 1, 7, 9, 30, tzinfo=UTC)]
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_article"')]
    assert not [sql for sql in updates if '"modified_at"' in sql.split("WHERE")[0]]


def test_import_reports_counts_and_keeps_every_field():
    output = run()

    assert "authors: 2 created" in output
    assert "tags: 2 created, 1 skipped (internal)" in output
    assert "posts: 4 created" in output and "pages: 1 created" in output
    assert "images: 3 created" in output

    story = Article.objects.get(slug="kyiv-restores-heating")
    assert story.title == "Kyiv restores heating to the left bank"
    assert story.dek == "Crews worked through the night after the strike on the power plant."
    assert "<strong>40,000 homes</strong>" in story.body
    assert "<script" not in story.body
    assert 'href="/council-votes-winter-budget/"' in story.body
    assert story.status == Article.Status.PUBLISHED
    assert story.published_at == datetime(2025, 1, 7, 8, 15, tzinfo=UTC)
    assert story.modified_at == datetime(2025, 1, 7, 9, 30, tzinfo=UTC)
    assert story.created_at == datetime(2025, 1, 6, 20, 0, tzinfo=UTC)
    assert story.lead_image.url == f"{GHOST_URL}/content/images/2025/01/heating.jpg"
    assert story.lead_image.alt_text == "A heating engineer checks a pipe"
    assert story.caption == "Repairs at the plant. Photo: Olena Marchenko"
    assert sorted(story.tags.names()) == ["Energy", "Kyiv City Council"]
    assert [author.slug for author in story.authors()] == ["olena", "taras"]

    council = Article.objects.get(slug="council-votes-winter-budget")
    assert council.lead_image.alt_text == "Deputies vote in the council chamber"
    assert council.caption == "The vote on Monday. Photo: City Hall"
    assert Article.objects.get(slug="metro-timetable-draft").status == Article.Status.DRAFT
    scheduled = Article.objects.get(slug="bridge-reopening-planned")
    assert scheduled.status == Article.Status.SCHEDULED
    assert Article.objects.get(slug="about").kind == Article.Kind.PAGE

    olena = Author.objects.get(slug="olena")
    assert olena.name == "Olena Marchenko"
    assert olena.bio == "Covers energy and the city council."
    assert olena.avatar.url == "https://images.example.org/olena.jpg"
    assert [(link.label, link.url) for link in olena.links.all()] == [
        ("Website", "https://olena.example.org"),
        ("X", "https://x.com/olenam"),
        ("Facebook", "https://www.facebook.com/olena.marchenko"),
    ]
    assert Author.objects.get(slug="taras").avatar is None


def test_the_imported_story_and_author_render(client):
    run()
    html = client.get("/news/kyiv-restores-heating/").content.decode()
    assert "Kyiv restores heating to the left bank" in html
    assert f'src="{GHOST_URL}/content/images/2025/01/heating.jpg"' in html
    assert 'alt="A heating engineer checks a pipe"' in html
    assert "Repairs at the plant. Photo: Olena Marchenko" in html
    assert "Olena Marchenko" in html and "Taras Bondar" in html

    author_page = client.get("/authors/olena/")
    assert author_page.status_code == 200
    assert 'src="https://images.example.org/olena.jpg"' in author_page.content.decode()
    assert client.get("/news/metro-timetable-draft/").status_code == 404


def test_a_second_run_changes_nothing():
    run()
    before = {a.slug: a.modified_at for a in Article.objects.all()}
    counts = (Article.objects.count(), Author.objects.count(), Tag.objects.count())

    with CaptureQueriesContext(connection) as queries:
        output = run()

    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "Nothing to change" in output
    assert "posts: 4 unchanged" in output and "pages: 1 unchanged" in output
    assert {a.slug: a.modified_at for a in Article.objects.all()} == before
    assert (Article.objects.count(), Author.objects.count(), Tag.objects.count()) == counts


def test_a_changed_export_updates_in_place(tmp_path):
    run()

    def edit(data):
        data["posts"][1]["title"] = "Council passes the winter budget"
        data["posts_authors"][2]["author_id"] = "6771a1b2c3d4e5f600000001"

    output = run(edited_export(tmp_path, edit))

    assert "posts: 3 unchanged, 1 updated" in output
    council = Article.objects.get(slug="council-votes-winter-budget")
    assert council.title == "Council passes the winter budget"
    assert [a.slug for a in council.authors()] == ["olena"]
    assert Article.objects.count() == 5  # four stories and the About page


def test_a_desk_story_with_a_ghost_slug_is_never_overwritten():
    desk = ArticleFactory(slug="council-votes-winter-budget", title="Our own council story")

    with pytest.raises(CommandError) as error:
        run()

    message = str(error.value)
    assert message.startswith("Nothing was imported.")
    assert 'posts[1] (post "council-votes-winter-budget"' in message
    assert "already has a story at /news/council-votes-winter-budget/" in message
    desk.refresh_from_db()
    assert desk.title == "Our own council story" and desk.ghost_id == ""
    assert Article.objects.count() == 1


def test_imports_keep_revisions_so_a_desk_edit_is_never_lost(tmp_path):
    run()
    council = Article.objects.get(slug="council-votes-winter-budget")
    assert council.revisions.get().note == "Imported from Ghost"
    # An editor improves the imported story on the desk.
    editor_user = editor()
    council.title = "Council approves the winter budget, with amendments"
    workflow.save_article(council, by=editor_user, expected_version=council.version)
    workflow.record_revision(council, by=editor_user)
    version_on_desk = council.version

    def edit(data):
        data["posts"][1]["title"] = "Council passes the winter budget"

    run(edited_export(tmp_path, edit))

    council.refresh_from_db()
    assert council.title == "Council passes the winter budget"
    assert council.version > version_on_desk  # a desk form opened earlier now conflicts
    titles = [r.data["title"] for r in council.revisions.order_by("created_at", "id")]
    assert titles[-2:] == [
        "Council approves the winter budget, with amendments",
        "Council passes the winter budget",
    ]
    assert council.revisions.first().note == "Updated from Ghost"


def test_new_stories_can_be_filed_under_a_section():
    section = SectionFactory(slug="city")
    run(EXPORT, "--section", "city")
    assert set(Article.objects.values_list("section", flat=True)) == {section.pk}
    with pytest.raises(CommandError, match='no section "nowhere"'):
        run(EXPORT, "--section", "nowhere")


def test_dry_run_saves_nothing():
    output = run(EXPORT, "--dry-run")
    assert "posts: 4 created" in output
    assert "Dry run" in output
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def nothing_imported():
    return not (
        Article.objects.exists()
        or Author.objects.exists()
        or Tag.objects.exists()
        or Image.objects.exists()
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["posts"][1].update(published_at="yesterday"),
            'posts[1] (post "council-votes-winter-budget", id 6771a1b2c3d4e5f600000102): '
            "published_at 'yesterday' is not a date and time",
        ),
        (
            lambda d: d["posts"][3].update(status="archived"),
            'posts[3] (post "bridge-reopening-planned", id 6771a1b2c3d4e5f600000104): '
            "status 'archived'",
        ),
        (
            lambda d: d["posts"][1].update(title=""),
            'posts[1] (post "council-votes-winter-budget", id 6771a1b2c3d4e5f600000102): '
            "title is missing",
        ),
        (
            lambda d: d["posts"][1].update(slug="not a slug!"),
            'posts[1] (post "not a slug!", id 6771a1b2c3d4e5f600000102): slug:',
        ),
        (
            lambda d: d["posts_authors"][2].update(author_id="missing"),
            "author missing is not among the export's users",
        ),
        (
            lambda d: d["users"][1].update(name=None),
            'users[1] (user "taras", id 6771a1b2c3d4e5f600000002): name is missing',
        ),
        (lambda d: d.pop("posts"), "not a Ghost export"),
    ],
)
def test_a_bad_export_names_the_record_and_imports_nothing(tmp_path, edit, message):
    path = edited_export(tmp_path, edit)
    with pytest.raises(CommandError) as error:
        run(path)
    assert str(error.value).startswith("Nothing was imported.")
    assert message in str(error.value)
    assert nothing_imported()


GRAVATAR = "//www.gravatar.com/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?s=250&r=x&d=mp"


def test_image_addresses_of_every_form_are_understood(tmp_path):
    def edit(data):
        data["users"][0]["profile_image"] = GRAVATAR  # Ghost's default for its owner
        data["users"][1]["profile_image"] = "/content/images/2024/12/taras.png"
        data["posts"][1]["feature_image"] = "http://images.example.org/council.jpg"

    run(edited_export(tmp_path, edit))

    assert Author.objects.get(slug="olena").avatar.url == "https:" + GRAVATAR
    taras = Author.objects.get(slug="taras")
    assert taras.avatar.url == f"{GHOST_URL}/content/images/2024/12/taras.png"
    assert Article.objects.get(slug="kyiv-restores-heating").lead_image.url == (
        f"{GHOST_URL}/content/images/2025/01/heating.jpg"
    )
    council = Article.objects.get(slug="council-votes-winter-budget")
    assert council.lead_image.url == "http://images.example.org/council.jpg"


def test_images_on_the_old_site_are_skipped_and_listed_without_its_address(tmp_path):
    def edit(data):
        data["users"][0]["profile_image"] = "/content/images/2024/12/olena.png"

    path = edited_export(tmp_path, edit)
    out = StringIO()
    call_command("import_ghost", str(path), stdout=out)

    output = out.getvalue()
    assert "posts: 4 created" in output
    assert "images: 1 created, 2 skipped" in output
    assert (
        'Image skipped: users[0] (user "olena", id 6771a1b2c3d4e5f600000001): profile_image '
        "'/content/images/2024/12/olena.png' is on the old Ghost site: pass --ghost-url"
    ) in output
    assert 'Image skipped: posts[0] (post "kyiv-restores-heating"' in output
    assert Author.objects.get(slug="olena").avatar is None
    assert Article.objects.get(slug="kyiv-restores-heating").lead_image is None

    # Given the address, a second run adds them; a run without it never takes them away.
    run(path)
    assert Author.objects.get(slug="olena").avatar.url.startswith(GHOST_URL)
    call_command("import_ghost", str(path), stdout=StringIO())
    story = Article.objects.get(slug="kyiv-restores-heating")
    assert story.lead_image.url == f"{GHOST_URL}/content/images/2025/01/heating.jpg"


@pytest.mark.parametrize(
    "address",
    ["not a url", "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "http://[::1", 7],
)
def test_an_unusable_image_address_never_stops_the_import(tmp_path, address):
    def edit(data):
        data["posts"][1]["feature_image"] = address

    output = run(edited_export(tmp_path, edit))

    assert "posts: 4 created" in output
    assert 'Image skipped: posts[1] (post "council-votes-winter-budget"' in output
    assert Article.objects.get(slug="council-votes-winter-budget").lead_image is None


def test_staff_without_posts_get_no_author_page(tmp_path, client):
    def edit(data):
        data["users"].append(
            {
                "id": "6771a1b2c3d4e5f600000003",
                "name": "Site Owner",
                "slug": "owner",
                "profile_image": GRAVATAR,
                "status": "active",
            }
        )

    output = run(edited_export(tmp_path, edit))

    assert "authors: 2 created, 1 skipped (no posts)" in output
    assert set(Author.objects.values_list("slug", flat=True)) == {"olena", "taras"}
    assert not Image.objects.filter(source_url__contains="gravatar").exists()
    assert client.get("/authors/owner/").status_code == 404


def test_a_story_from_another_ghost_site_is_never_overwritten(tmp_path):
    run()

    def edit(data):
        data["posts"][1]["id"] = "5f0c1d2e3a4b5c6d7e8f9012"  # the same slug on another site
        data["posts_tags"][3]["post_id"] = data["posts_authors"][2]["post_id"] = "x"

    with pytest.raises(CommandError) as error:
        run(edited_export(tmp_path, edit))

    message = str(error.value)
    assert 'posts[1] (post "council-votes-winter-budget", id 5f0c1d2e3a4b5c6d7e8f9012)' in message
    assert (
        "already has a story at /news/council-votes-winter-budget/, imported from another "
        "Ghost post (id 6771a1b2c3d4e5f600000102)"
    ) in message
    assert "was not imported from Ghost" not in message
    assert Article.objects.get(slug="council-votes-winter-budget").ghost_id == (
        "6771a1b2c3d4e5f600000102"
    )


def test_sort_order_may_be_a_number_a_numeral_or_missing(tmp_path):
    def edit(data):
        data["posts_authors"][0]["sort_order"] = "0"
        data["posts_authors"][1]["sort_order"] = None
        data["posts_tags"][1]["sort_order"] = "5"

    run(edited_export(tmp_path, edit))

    story = Article.objects.get(slug="kyiv-restores-heating")
    # Null counts as 0; Python's sort is stable, so export order breaks the tie.
    assert [author.slug for author in story.authors()] == ["taras", "olena"]


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not a JSON file"):
        run(path)
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/kyiv-restores-heating/", "/news/kyiv-restores-heating/"),
        ("/kyiv-restores-heating/amp/", "/news/kyiv-restores-heating/"),
        ("/tag/energy/", "/tags/energy/"),
        ("/tag/energy/rss/", "/tags/energy/feed/"),
        ("/author/olena/", "/authors/olena/"),
        ("/author/olena/rss/", "/authors/olena/feed/"),
        ("/rss/", "/feed/"),
    ],
)
def test_ghost_urls_redirect_permanently(client, old, new):
    run()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.parametrize(
    "old", ["/metro-timetable-draft/", "/no-such-story/", "/tag/nope/", "/author/nope/", "/x/amp/"]
)
def test_unknown_or_unpublished_ghost_urls_are_404(client, old):
    run()
    assert client.get(old).status_code == 404


def test_a_taken_down_story_is_not_redirected(client):
    # Ghost addresses redirect only to published() stories; /news/<slug>/ still says 410.
    run()
    story = Article.objects.get(slug="council-votes-winter-budget")
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert client.get("/council-votes-winter-budget/").status_code == 404
    assert client.get("/news/council-votes-winter-budget/").status_code == 410


def test_each_imported_story_records_an_import_event_and_a_revision():
    run()
    story = Article.objects.get(slug="kyiv-restores-heating")
    event = story.events.get()
    assert (event.action, event.from_status, event.to_status) == ("import", "draft", story.status)
    assert story.revisions.get().note == "Imported from Ghost"
    run()  # Unchanged on a second run: no new event, no new revision.
    assert story.events.count() == 1
    assert story.revisions.count() == 1


def test_headlines_are_imported_on_one_line_and_a_second_run_changes_nothing(tmp_path):
    def edit(data):
        data["posts"][1]["title"] = "Council passes\nthe winter budget"

    path = edited_export(tmp_path, edit)
    run(path)
    council = Article.objects.get(slug="council-votes-winter-budget")
    assert council.title == "Council passes the winter budget"
    assert "posts: 4 unchanged" in run(path)
