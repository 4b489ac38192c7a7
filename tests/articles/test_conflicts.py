"""Two versions side by side: the person's unsaved text beside the story someone else saved,
field by field and block by block; a refused save lands there; the choices become the form."""

import json
import re

import pytest
from django.urls import reverse

from articles import conflicts, workflow, working_copies
from articles.models import Article, WorkingCopy
from tests.desk import change_url, form_data
from tests.factories import ImageFactory, editor, ready_article, writer

pytestmark = pytest.mark.django_db
S = Article.Status
BODY = "<p>Trains run again.</p><p>The mayor visited.</p><p>Fares are unchanged.</p>"


@pytest.fixture
def marta():
    return editor(username="marta", first_name="Marta", last_name="Ivanenko")


def conflict_url(article):
    return reverse("admin:articles_article_conflict", args=[article.pk])


def started(by, **fields) -> Article:
    """A story saved once through the desk: the version both editors start from is kept."""
    story = ready_article(status=S.IN_REVIEW, title="Metro reopens", body=BODY, **fields)
    workflow.save_article(story, by=by, expected_version=story.version)
    return story


def saved_by(story, who, **changes) -> Article:
    """`who` saves `changes` on the story as it is now (the other editor, meanwhile)."""
    story = Article.objects.get(pk=story.pk)
    for name, value in changes.items():
        setattr(story, name, value)
    return workflow.save_article(story, by=who, expected_version=story.version)


def unsaved(story, who, base_version, **fields) -> WorkingCopy:
    data = {"title": story.title, "dek": story.dek, "body": story.body, **fields}
    return working_copies.keep(user=who, article=story, data=data, base_version=base_version)


def differences(comparison):
    return [
        part
        for f in comparison.fields
        for part in f.parts
        if isinstance(part, conflicts.Difference)
    ]


# Comparing and merging ------------------------------------------------------------------------


def test_edits_to_different_paragraphs_start_on_the_side_that_made_them(edith, marta):
    story = started(marta)
    base = story.version
    mine = unsaved(story, edith, base, body=BODY.replace("unchanged.", "unchanged. Passes too."))
    saved_by(story, marta, body=BODY.replace("again.", "again, every six minutes."))
    story.refresh_from_db()

    comparison = conflicts.compare(mine, story, user=edith)
    first, last = differences(comparison)
    assert (first.changed_by, first.default) == ("theirs", "theirs")
    assert (last.changed_by, last.default) == ("mine", "mine")
    assert not first.can_keep_both  # one side's edit beside what it replaced would repeat it
    assert comparison.theirs_by == "Marta Ivanenko"
    # Keeping both needs no choice at all.
    merged = conflicts.merge(comparison, {})
    assert merged["body"] == (
        "<p>Trains run again, every six minutes.</p><p>The mayor visited.</p>"
        "<p>Fares are unchanged. Passes too.</p>"
    )


def test_a_block_both_changed_keeps_both_until_one_is_chosen(edith, marta):
    story = started(marta)
    mine = unsaved(story, edith, story.version, body=BODY.replace("visited.", "visited at 6."))
    saved_by(story, marta, body=BODY.replace("visited.", "came by."))
    story.refresh_from_db()
    comparison = conflicts.compare(mine, story, user=edith)
    (both,) = differences(comparison)
    assert (both.changed_by, both.default, both.can_keep_both) == ("both", "both", True)
    # Each side's own words are marked.
    assert [w.text for w in both.mine[0].words if w.changed] == ["visited at 6"]
    assert [w.text for w in both.theirs[0].words if w.changed] == ["came by"]
    kept = conflicts.merge(comparison, {})["body"]
    assert "<p>The mayor came by.</p><p>The mayor visited at 6.</p>" in kept
    assert "came by" not in conflicts.merge(comparison, {both.key: "mine"})["body"]


def test_a_headline_both_changed_starts_on_yours_and_takes_theirs_when_chosen(edith, marta):
    story = started(marta)
    mine = unsaved(story, edith, story.version, title="Metro reopens before winter")
    saved_by(story, marta, title="Metro line reopens")
    story.refresh_from_db()
    comparison = conflicts.compare(mine, story, user=edith)
    (headline,) = differences(comparison)
    assert (headline.key, headline.changed_by, headline.default) == ("title", "both", "mine")
    assert conflicts.merge(comparison, {})["title"] == "Metro reopens before winter"
    assert conflicts.merge(comparison, {"title": "theirs"})["title"] == "Metro line reopens"
    # "Both" is no choice for a headline, and junk is no choice at all: the default holds.
    for junk in ("both", "yours", "", "x" * 1000):
        assert (
            conflicts.merge(comparison, {"title": junk})["title"] == "Metro reopens before winter"
        )


def test_without_the_starting_revision_every_difference_keeps_both(edith, marta):
    story = ready_article(status=S.IN_REVIEW, body=BODY)  # never saved through the desk
    mine = unsaved(story, edith, story.version, body=BODY.replace("visited.", "visited at 6."))
    saved_by(story, marta, body=BODY.replace("Fares", "Prices"))
    story.refresh_from_db()
    comparison = conflicts.compare(mine, story, user=edith)
    assert {(d.changed_by, d.default) for d in differences(comparison)} == {("", "both")}


def test_blocks_are_shown_as_blocks_with_their_pictures(edith, marta):
    photo = ImageFactory(title="Platform")
    picture = (
        f'<figure data-block="image" data-image="{photo.pk}">'
        "<figcaption>New platform</figcaption></figure>"
    )
    quote = '<aside data-block="pullquote"><p>On time.</p><cite>The mayor</cite></aside>'
    story = started(marta)
    mine = unsaved(story, edith, story.version, body=BODY + picture)
    saved_by(story, marta, body=BODY + quote)
    story.refresh_from_db()
    (blocks,) = differences(conflicts.compare(mine, story, user=edith))
    (mine_block,), (theirs_block,) = blocks.mine, blocks.theirs
    assert mine_block.kind == "Picture" and "New platform" in mine_block.words[0].text
    assert len(mine_block.thumbnails) == 1 and "<img" in mine_block.thumbnails[0]
    assert theirs_block.kind == "Pull quote"
    assert theirs_block.words[0].text == "“On time.” — The mayor"


def test_a_table_is_shown_as_rows_with_the_changed_cells_marked(edith, marta):
    table = (
        '<table data-caption="Repairs"><tbody><tr><th>Unit</th><th>Status</th></tr>'
        "<tr><td>Transformer 3</td><td>{}</td></tr></tbody></table>"
    )
    story = started(marta)
    story = saved_by(story, marta, body=BODY + table.format("Awaiting parts"))
    mine = unsaved(story, edith, story.version, body=BODY + table.format("Shipped"))
    saved_by(story, marta, body=BODY + table.format("In transit"))
    story.refresh_from_db()
    (part,) = differences(conflicts.compare(mine, story, user=edith))
    (block,) = part.mine
    assert block.kind == "Table"
    assert "".join(w.text for w in block.words) == "Repairs\nUnit | Status\nTransformer 3 | Shipped"
    assert [w.text for w in block.words if w.changed] == ["Shipped"]
    assert part.can_keep_both  # both changed the table


# On the desk ----------------------------------------------------------------------------------


def test_a_refused_save_lands_in_both_versions_and_keeps_the_text(client, edith, marta):
    story = started(marta)
    stale = form_data(story, body=BODY.replace("unchanged.", "unchanged. Passes too."))
    stale["_desk_page"] = "edith-page-1"
    saved_by(story, marta, body=BODY.replace("again.", "again, every six minutes."))

    client.force_login(edith)
    response = client.post(change_url(story), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="story-conflict"' in html
    assert "Marta Ivanenko saved this story at" in html
    assert "every six minutes" in html and "Passes too." in html
    assert "copy what you need" not in html
    # Her text is kept as her working copy, from the page she sent it from.
    copy = WorkingCopy.objects.get(article=story, user=edith)
    assert "Passes too." in copy.data["body"] and copy.page == "edith-page-1"
    story.refresh_from_db()
    assert "Passes too." not in story.body  # nothing overwritten


def test_a_refused_save_with_other_errors_or_no_real_version_keeps_nothing(client, edith, marta):
    # Bad input stores nothing: the errors are said and no working copy is made.
    story = started(marta)
    saved_by(story, marta, body=BODY.replace("again.", "again, every six minutes."))
    client.force_login(edith)
    for bad in ({"title": "", "base_version": 1}, {"base_version": -5}, {"base_version": 99}):
        response = client.post(change_url(story), form_data(story, **bad))
        assert response.status_code == 200
        html = response.content.decode()
        assert "errornote" in html and 'id="story-conflict"' not in html
    assert not WorkingCopy.objects.exists()


def test_choices_become_the_form_on_the_version_saved_now(client, edith, marta):
    story = started(marta)
    base = story.version
    mine = unsaved(story, edith, base, title="Edith's headline", body=BODY + "<p>Mine.</p>")
    saved_by(story, marta, title="Marta's headline")
    story.refresh_from_db()
    client.force_login(edith)
    view = client.get(conflict_url(story))
    assert view.status_code == 200 and 'name="title" value="theirs"' in view.content.decode()

    comparison = conflicts.compare(mine, story, user=edith)
    response = client.post(
        conflict_url(story),
        {"theirs_version": story.version, "mine": comparison.mine_token, "title": "theirs"},
    )
    assert response["Location"] == change_url(story) + "?restore=1"
    copy = WorkingCopy.objects.get(article=story, user=edith)
    assert copy.data["title"] == "Marta's headline"
    assert copy.data["body"].endswith("<p>Mine.</p>")
    assert copy.base_version == story.version  # saving it now is a normal update
    form = client.get(change_url(story) + "?restore=1").content.decode()
    assert f'name="base_version" value="{story.version}"' in form
    assert "&lt;p&gt;Mine.&lt;/p&gt;" in form
    story.refresh_from_db()
    assert story.title == "Marta's headline" and "Mine." not in story.body


def test_a_merge_of_versions_that_moved_on_compares_again(client, edith, marta):
    story = started(marta)
    mine = unsaved(story, edith, story.version, title="Edith's headline")
    saved_by(story, marta, title="Marta's headline")
    story.refresh_from_db()
    token = conflicts.compare(mine, story, user=edith).mine_token
    saved_by(story, marta, title="Marta's second headline")  # while Edith compared
    client.force_login(edith)
    response = client.post(
        conflict_url(story), {"theirs_version": story.version, "mine": token}, follow=True
    )
    assert response.redirect_chain[-1][0] == change_url(story) + "?compare=1"
    html = response.content.decode()
    assert "changed while you compared" in html
    view = html[html.index('id="story-conflict"') :]
    assert re.search(r"<mark>second\s*</mark>", view)  # Marta's newest words
    assert WorkingCopy.objects.get(article=story, user=edith).data["title"] == "Edith's headline"


def test_the_same_text_autosaved_again_is_still_the_text_compared(client, edith, marta):
    # The form opened to compare autosaves its text a few seconds later: taking the choices
    # after that must not be refused as "your text changed".
    story = started(marta)
    mine = unsaved(story, edith, story.version, title="Edith's headline")
    saved_by(story, marta, title="Marta's headline")
    story.refresh_from_db()
    token = conflicts.compare(mine, story, user=edith).mine_token
    client.force_login(edith)
    client.post(
        reverse("admin:articles_article_autosave", args=[story.pk]),
        json.dumps({"fields": mine.data, "base_version": mine.base_version, "page": mine.page}),
        content_type="application/json",
    )
    response = client.post(conflict_url(story), {"theirs_version": story.version, "mine": token})
    assert response["Location"] == change_url(story) + "?restore=1"
    copy = WorkingCopy.objects.get(article=story, user=edith)
    assert copy.base_version == story.version and copy.data["title"] == "Edith's headline"


def test_the_conflict_view_is_for_those_who_may_edit(client, marta):
    olena = writer(username="olena")
    story = started(marta, created_by=olena)  # in review: no longer hers to edit
    client.force_login(olena)
    assert client.get(conflict_url(story)).status_code == 403
    assert client.post(conflict_url(story), {}).status_code == 403
    client.force_login(writer())  # not hers to see at all
    assert client.get(conflict_url(story)).status_code == 404
    client.force_login(marta)  # nothing unsaved: nothing to compare
    assert client.get(conflict_url(story)).status_code == 404
    response = client.post(conflict_url(story), {}, follow=True)
    assert "Nothing to compare" in response.content.decode()
    assert not WorkingCopy.objects.exists()


def test_presence_tells_the_form_which_version_is_saved_and_by_whom(client, edith, marta):
    story = started(marta)
    client.force_login(edith)
    url = reverse("admin:articles_article_presence", args=[story.pk])
    answer = client.post(url, json.dumps({"page": "p1"}), content_type="application/json")
    assert answer.json()["story"]["version"] == story.version
    saved_by(story, marta, title="Marta's headline")
    answer = client.post(url, json.dumps({"page": "p1"}), content_type="application/json")
    assert answer.json()["story"]["version"] == story.version + 1
    assert answer.json()["story"]["saved_by"] == "Marta Ivanenko"
    client.force_login(marta)
    answer = client.post(url, json.dumps({"page": "p2"}), content_type="application/json")
    assert answer.json()["story"]["saved_by"] == "you"


def test_an_offer_typed_before_someone_saved_shows_both_versions(client, edith, marta):
    story = started(marta)
    unsaved(story, edith, story.version, body=BODY + "<p>Mine.</p>")
    saved_by(story, marta, title="Marta's headline")
    client.force_login(edith)
    html = client.get(change_url(story)).content.decode()
    assert "typed before Marta Ivanenko saved the story" in html
    assert 'href="?compare=1"' in html
    compared = client.get(change_url(story) + "?compare=1").content.decode()
    assert 'id="story-conflict"' in compared and "<mark>Marta&#x27;s headline</mark>" in compared
