"""Bad input as tests, for the desk's newer endpoints: live posts, desk comments, autosave,
presence, the image chooser, front-page slots, revisions and the story list's filters.

The same bar as tests/security/test_fuzz_desk.py: refused with a 4xx or the form (or, where
the page answers with a message and a redirect, an error message), nothing stored.
"""

import json
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from taggit.models import Tag

from articles import desk_comments, workflow
from articles.models import Article, WorkingCopy
from tests.factories import editor, ready_article
from tests.security.fuzzing import FUZZ, NULL, assert_refused, junk, not_an_image
from tests.security.snapshot import content_snapshot

pytestmark = pytest.mark.django_db

DIGITS = ["²", "١", "９", "9" * 30, "-1", "0", "1.5", "1e3", "abc", "", " 1", "1 OR 1=1", "\x00"]
not_a_key = st.one_of(st.sampled_from(DIGITS), junk.filter(lambda value: not value.isascii()))


def assert_told(response, before):
    """Refused: a 4xx, the form with its errors, or a redirect carrying an error message."""
    if response.status_code == 302:
        levels = [m.level_tag for m in get_messages(response.wsgi_request)]
        assert "error" in levels, f"redirected without saying why ({levels})"
    elif response.status_code != 404:  # an id that names nothing here
        assert_refused(response, before)
    assert content_snapshot() == before


@pytest.fixture
def live(desk):
    """A published live story with a post and a desk comment, and another story's post and
    comment (whose ids a request about this story must not reach)."""
    boss = editor()
    story = ready_article(published=True, title="Storm latest")
    workflow.start_coverage(story, by=boss)
    post = workflow.add_live_post(story, by=boss, body="Roads closed in the west.")
    comment = desk_comments.add_comment(story, by=boss, text="Check the road names.")
    elsewhere = ready_article(published=True, title="Elsewhere")
    workflow.start_coverage(elsewhere, by=boss)
    foreign_post = workflow.add_live_post(elsewhere, by=boss, body="Not this story's.")
    foreign_comment = desk_comments.add_comment(elsewhere, by=boss, text="Not this one's.")
    return SimpleNamespace(
        story=story,
        post=post,
        comment=comment,
        foreign_post=foreign_post,
        foreign_comment=foreign_comment,
        live_url=reverse("admin:articles_livepost_live", args=[story.pk]),
        post_url=reverse("admin:articles_livepost_change", args=[post.pk]),
        comment_url=reverse("admin:articles_article_comment", args=[story.pk]),
    )


LIVE_ACTIONS = st.one_of(
    st.fixed_dictionaries({"action": st.just("delete"), "post": not_a_key}),
    st.fixed_dictionaries({"action": st.just("delete"), "post": st.just("foreign")}),
    st.fixed_dictionaries(
        {"action": st.just("post"), "body": st.sampled_from(["", " ", "<p> </p>", "a\x00b"])}
    ),
    st.fixed_dictionaries(
        {"action": st.just("post"), "body": junk, "headline": st.just("x" * 201)}
    ),
    st.fixed_dictionaries({"action": st.just("start")}),  # coverage is on already
    st.fixed_dictionaries(
        {"action": junk.filter(lambda name: name not in ("start", "end", "delete", "post"))}
    ),
)


@FUZZ
@given(
    action=LIVE_ACTIONS,
    extra=st.dictionaries(st.sampled_from(["headline", "is_key_event", "is_pinned"]), junk),
)
def test_live_posting_page_actions(desk, live, action, extra):
    before = content_snapshot()
    data = {**extra, **action}
    if data.get("post") == "foreign":
        data["post"] = live.foreign_post.pk
    assert_told(desk.post(live.live_url, data), before)


POST_BREAKERS = [
    ("body", ""),
    ("body", "<p> </p>"),
    ("body", "<script>alert(1)</script>"),
    ("body", "a\x00b"),
    ("headline", "x" * 201),
    ("headline", "a\x00b"),
    ("author", "abc"),
    ("author", "²"),
    ("author", "-1"),
    ("author", "9" * 30),
    ("author", "1 OR 1=1"),
]


@FUZZ
@given(
    breaker=st.sampled_from(POST_BREAKERS),
    fields=st.dictionaries(st.sampled_from(["headline", "body", "is_key_event"]), junk),
)
def test_live_post_change_form(desk, live, breaker, fields):
    before = content_snapshot()
    field, value = breaker
    data = {"headline": "", "body": "Roads closed.", "author": "", **fields, field: value}
    assert_told(desk.post(live.post_url, data), before)


@FUZZ
@given(
    breaker=st.one_of(
        st.fixed_dictionaries({"parent": not_a_key.filter(bool)}),
        st.fixed_dictionaries({"parent": st.just("foreign")}),
        st.fixed_dictionaries({"text": st.sampled_from(["", "   ", "x" * 5001, "a\x00b"])}),
    ),
    text=junk,
)
def test_desk_comments(desk, live, breaker, text):
    before = content_snapshot()
    data = {"text": text or "A reply.", **breaker}
    if data.get("parent") == "foreign":
        data["parent"] = live.foreign_comment.pk
    assert_told(desk.post(live.comment_url, data), before)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | junk,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(junk, inner, max_size=3),
    max_leaves=8,
)
autosave_payloads = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "fields": st.one_of(
                json_values,
                st.dictionaries(
                    st.sampled_from(["title", "dek", "body", "tags", "lead_image_caption", "x"]),
                    st.one_of(junk, NULL, json_values),
                ),
            ),
            "base_version": st.one_of(st.integers(), json_values),
        },
    ),
)


def story_rows() -> dict:
    """The snapshot without working copies: autosave keeps those, and only those."""
    return {k: v for k, v in content_snapshot().items() if k != "articles.WorkingCopy"}


@FUZZ
@given(payload=autosave_payloads, as_form=st.booleans(), raw=st.none() | junk)
def test_autosave_keeps_a_working_copy_and_never_touches_the_story(
    desk, story, payload, as_form, raw
):
    """Whatever the form sends, autosave answers and changes nothing but the sender's working
    copy (a first headline on a new story makes a draft: that answer is a 201)."""
    before = story_rows()
    stories, tags = Article.objects.count(), set(Tag.objects.values_list("pk", flat=True))
    body = raw if raw is not None else json.dumps(payload)
    for url in (
        reverse("admin:articles_article_autosave", args=[story.pk]),
        reverse("admin:articles_article_autosave_new"),
    ):
        if as_form:
            response = desk.post(url, {"payload": body})
        else:
            response = desk.post(url, body, content_type="application/json")
        assert response.status_code in (200, 201), (url, response.status_code)
        if response.status_code == 201:  # a draft made: put the library back as it was
            Article.objects.get(pk=response.json()["id"]).delete()
            Tag.objects.exclude(pk__in=tags).delete()
    assert Article.objects.count() == stories
    assert story_rows() == before
    for copy in WorkingCopy.objects.all():
        assert all(isinstance(v, str) and "\x00" not in v for v in copy.data.values())


@FUZZ
@given(payload=autosave_payloads, object_id=st.integers(min_value=0, max_value=10**30))
def test_presence_answers_any_body_and_any_story_id(desk, story, payload, object_id):
    before = content_snapshot()
    for pk in (story.pk, object_id):
        url = f"/admin/articles/article/{pk}/presence/"
        response = desk.post(url, json.dumps(payload), content_type="application/json")
        assert response.status_code in (200, 404), (url, response.status_code)
    assert content_snapshot() == before


CHOOSER_DETAIL_BREAKERS = [
    ("title", ""),
    ("title", "x" * 256),
    ("title", "a\x00b"),
    ("alt_text", "a\x00b"),
    ("focal_x", "abc"),
    ("focal_x", "2"),
    ("focal_x", "nan"),
    ("focal_y", "-inf"),
    ("focal_y", "1e400"),
]


@FUZZ
@given(
    params=st.dictionaries(st.sampled_from(["q", "filter", "before"]), junk, max_size=3),
    breaker=st.sampled_from(CHOOSER_DETAIL_BREAKERS),
    fields=st.dictionaries(st.sampled_from(["title", "alt_text", "caption", "credit"]), junk),
    upload=not_an_image,
)
def test_image_chooser(desk, story, params, breaker, fields, upload):
    before = content_snapshot()
    response = desk.get(reverse("admin:media_image_chooser_results"), params)
    assert response.status_code in (200, 400)
    response = desk.get(reverse("admin:media_image_chooser"), params)
    assert response.status_code in (200, 400)
    image = story.lead_image
    details = {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": "0.5",
        "focal_y": "0.5",
        **fields,
    }
    details[breaker[0]] = breaker[1]
    url = reverse("admin:media_image_chooser_image", args=[image.pk])
    assert_refused(desk.post(url, details), before)
    file = SimpleUploadedFile("upload.jpg", upload, "image/jpeg")
    assert_refused(desk.post(reverse("admin:media_image_chooser_upload"), {"file": file}), before)


SLOT_BREAKERS = [
    ("action", "middle"),
    ("action", ""),
    ("story-lead", "abc"),
    ("story-lead", "²"),
    ("story-lead", "-1"),
    ("story-lead", "9" * 30),
    ("story-top1", "draft"),  # a story readers cannot see
    ("until-lead", "2001-01-01T10:00"),
    ("until-lead", "0001-01-01T00:00"),
    ("until-lead", "10000-01-01T10:00"),
    ("until-lead", "tomorrow"),
    ("until-lead", "2999-01-01T25:61"),
    ("sections", "1,1"),
    ("sections", "x"),
    ("banner_ends", "2001-01-01T10:00"),
    ("banner_story", "draft"),
]


@FUZZ
@given(
    breaker=st.sampled_from(SLOT_BREAKERS),
    fields=st.dictionaries(
        st.sampled_from(["until-lead", "sections", "banner_text"]), junk, max_size=1
    ),
)
def test_front_page_editor(desk, story, breaker, fields):
    """`story` is in review: the front page and the banner take only published stories."""
    published = ready_article(published=True)
    desk.get(reverse("front_editor"))  # its pictures' renditions are made as it is drawn
    before = content_snapshot()
    field, value = breaker
    data = {
        "action": "banner" if field.startswith("banner") else "arrange",
        "story-lead": published.pk,
        "banner_text": "Alert",
        **fields,
        field: story.pk if value == "draft" else value,
    }
    assert_refused(desk.post(reverse("front_editor"), data), before)
    published.delete()


@pytest.fixture
def revised(story):
    """The story with two revisions, and another story's revision."""
    boss = editor()
    own = {workflow.record_revision(story, by=boss).pk for _ in range(2)}
    foreign = workflow.record_revision(ready_article(), by=boss).pk
    return SimpleNamespace(story=story, own=own, foreign=foreign)


@FUZZ
@given(
    a=st.none() | not_a_key | st.integers(min_value=0, max_value=10**20).map(str),
    b=st.none() | not_a_key | st.just("foreign"),
    revision_id=st.integers(min_value=0, max_value=10**30),
)
def test_revisions_compare_and_restore(desk, revised, a, b, revision_id):
    story, own = revised.story, revised.own
    params = {
        key: revised.foreign if value == "foreign" else value
        for key, value in (("a", a), ("b", b))
        if value is not None
    }
    before = content_snapshot()
    url = reverse("admin:articles_article_revisions", args=[story.pk])
    response = desk.get(url, params)
    picked = {str(value) for value in params.values()}
    expected = (200,) if picked <= {str(pk) for pk in own} else (400,)
    assert response.status_code in expected, (params, response.status_code)
    if revision_id not in own:
        restore = f"{url}{revision_id}/restore/"
        assert desk.post(restore).status_code == 404
    assert content_snapshot() == before


LIST_FILTERS = [
    "status__exact",
    "section__id__exact",
    "bylines__author__id__exact",
    "tags__id__exact",
    "published_at__year",
    "published_at__month",
    "published_at__day",
    "q",
    "o",
    "p",
    "all",
    "e",
    "_facets",
    "title__startswith",
]


@FUZZ
@given(params=st.dictionaries(st.sampled_from(LIST_FILTERS), junk, min_size=1, max_size=4))
def test_story_list_filters(desk, story, params):
    """Any filter in the address: the list, or a 400 saying it cannot be filtered so."""
    before = content_snapshot()
    for url in ("/admin/articles/article/", "/admin/articles/livepost/"):
        response = desk.get(url, params)
        assert response.status_code in (200, 400), (url, params, response.status_code)
    assert content_snapshot() == before


# Found by the probe (each a 500 before): named here so each stays fixed.


@pytest.mark.parametrize(
    "case",
    [
        "live post=abc",
        "comment parent=²",
        "revisions a=²",
        "post author=abc",
        "slot lead=abc",
        *[f"list year={year}" for year in ("9" * 30, "١", "1", "9999", "0")],
        "list month=99999999999999999999",
    ],
)
def test_malformed_desk_input_found_by_the_probe(desk, live, case):
    desk.get(reverse("front_editor"))  # its pictures' renditions are made as it is drawn
    before = content_snapshot()
    name, _, value = case.partition(" ")
    key, _, value = value.partition("=")
    match name:
        case "live":
            response = desk.post(live.live_url, {"action": "delete", key: value})
            assert response.status_code == 400
        case "comment":
            response = desk.post(live.comment_url, {"text": "Reply", key: value})
            told = [str(m) for m in get_messages(response.wsgi_request)]
            assert told == ["The comment you replied to is gone."]
        case "revisions":
            url = reverse("admin:articles_article_revisions", args=[live.story.pk])
            assert desk.get(url, {key: value}).status_code == 400
        case "post":
            response = desk.post(live.post_url, {"body": "Roads shut.", key: value})
            assert "Select a valid choice" in response.content.decode()
        case "slot":
            data = {"action": "arrange", f"story-{key}": value}
            response = desk.post(reverse("front_editor"), data)
            assert response.status_code == 400
            assert "choose a story from the list" in response.content.decode()
        case "list":
            params = {f"published_at__{key}": value}
            if key != "year":
                params["published_at__year"] = "2026"
            assert desk.get("/admin/articles/article/", params).status_code == 400
    assert content_snapshot() == before


# Found by the tests above (a 500, or a refusal without a word): named so each stays fixed.


def test_autosave_drops_nul_characters_and_versions_no_column_holds(desk, story):
    # PostgreSQL refused "\u0000" in the working copy's JSON and in a new story's headline.
    url = reverse("admin:articles_article_autosave", args=[story.pk])
    fields = {"title": "Harbour\x00 reopens", "dek": "a\x00b"}
    payload = {"fields": fields, "base_version": 10**12}
    assert desk.post(url, json.dumps(payload), content_type="application/json").status_code == 200
    copy = WorkingCopy.objects.get(article=story)
    assert (copy.data["title"], copy.data["dek"], copy.base_version) == (
        "Harbour reopens",
        "ab",
        None,
    )
    new = reverse("admin:articles_article_autosave_new")
    payload = {"fields": {"title": "Dam\x00 breach", "body": "<p>Text.</p>"}, "base_version": True}
    response = desk.post(new, json.dumps(payload), content_type="application/json")
    assert response.status_code == 201
    assert Article.objects.get(pk=response.json()["id"]).title == "Dam breach"


def test_a_comment_with_a_nul_character_is_refused(desk, live):
    before = content_snapshot()
    response = desk.post(live.comment_url, {"text": "Check\x00 this"})
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told == ["The comment holds a character that cannot be stored: retype it."]
    assert content_snapshot() == before


def test_a_post_left_empty_by_the_sanitiser_is_a_form_error(desk, live):
    before = content_snapshot()
    for url, data in [
        (live.post_url, {"headline": "", "body": "<script>alert(1)</script>", "author": ""}),
        (live.live_url, {"action": "post", "body": "<p> </p>"}),
    ]:
        response = desk.post(url, data)
        assert response.status_code == 200
        assert "Write the post: it has no text." in response.content.decode()
    assert content_snapshot() == before


def test_a_headline_too_long_for_a_post_says_so(desk, live):
    before = content_snapshot()
    response = desk.post(live.live_url, {"action": "post", "body": "Text", "headline": "x" * 201})
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert content_snapshot() == before
