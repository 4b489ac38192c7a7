"""Bad input as tests: the desk's forms with malformed data refuse it clearly and store nothing.

Each example carries at least one value that must be refused (and random values in the other
fields); the answer is the form again with its errors, or a 4xx, never a 500 or a save.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from articles import workflow
from tests.desk import change_url, form_data
from tests.factories import UserFactory
from tests.security.fuzzing import FUZZ, NULL, assert_refused, junk, not_an_image
from tests.security.snapshot import content_snapshot

pytestmark = pytest.mark.django_db

STORY_FIELDS = ["title", "slug", "dek", "body", "section", "tags", "lead_image", "base_version"]
# Each is refused whatever else the post holds.
STORY_BREAKERS = [
    ("title", ""),
    ("title", "t\x00"),
    ("title", "x" * 256),
    ("slug", "has spaces/and slashes"),
    ("slug", ""),
    ("section", "not-a-section"),
    ("section", "99999"),
    ("lead_image", "-1"),
    ("lead_image", "1 OR 1=1"),
    ("base_version", "latest"),
    ("base_version", ""),
    ("base_version", "-5"),
    ("bylines-TOTAL_FORMS", "many"),
    ("bylines-0-author", "99999"),
    ("bylines-0-role", "editor-in-chief"),
    ("dek", "\x00"),
]


@FUZZ
@given(
    fuzzed=st.dictionaries(st.sampled_from(STORY_FIELDS), junk, max_size=4),
    breaker=st.sampled_from(STORY_BREAKERS),
)
def test_story_change_form(desk, story, fuzzed, breaker):
    before = content_snapshot()
    field, value = breaker
    data = form_data(story, **{**fuzzed, field: value})
    assert_refused(desk.post(change_url(story), data), before)


ACTION_BREAKERS = st.one_of(
    st.tuples(st.just("schedule"), st.fixed_dictionaries({"wf-at": junk})),
    st.tuples(st.just("schedule"), st.just({"wf-at": "2001-01-01T10:00"})),
    st.tuples(st.just("request_changes"), st.just({"wf-comment": "   "})),
    st.tuples(st.just("request_changes"), st.fixed_dictionaries({"wf-comment": NULL})),
    st.tuples(st.just("correction"), st.fixed_dictionaries({"wf-text": NULL})),
    st.tuples(st.just("unpublish"), st.fixed_dictionaries({"wf-reason": NULL})),
    st.tuples(st.just("submit"), st.fixed_dictionaries({"wf-comment": NULL})),
    # Any other name: refused as unknown (an empty one is a plain save, not an action).
    st.tuples(junk.filter(lambda name: name and name not in workflow.TRANSITIONS), st.just({})),
)


@FUZZ
@given(action=ACTION_BREAKERS, extra=st.dictionaries(st.sampled_from(["wf-at"]), junk))
def test_desk_action_fields(desk, story, action, extra):
    name, fields = action
    before = content_snapshot()
    data = form_data(story, _workflow=name, **{**extra, **fields})
    if name == "schedule" and "wf-at" in fields:
        data["wf-at"] = fields["wf-at"]  # the breaking value wins over the random one
    response = desk.post(change_url(story), data)
    if response.status_code == 302:
        pytest.fail(f"{name} {fields} was accepted")
    assert_refused(response, before)


IMAGE_FIELDS = ["title", "alt_text", "caption", "credit", "source", "licence", "focal_x"]


@FUZZ
@given(
    data=not_an_image,
    name=st.sampled_from(["a.jpg", "a.png", "a.svg", "a.jpg.php", "../../a.jpg", "", "a\x00.jpg"]),
    fields=st.dictionaries(st.sampled_from(IMAGE_FIELDS), junk, max_size=4),
)
def test_image_upload_fields(client, data, name, fields):
    client.force_login(UserFactory(is_superuser=True))
    before = content_snapshot()
    post = {"title": "Upload", "alt_text": "x", "licence": "staff", **fields}
    post["file"] = SimpleUploadedFile(name or "x", data, "image/jpeg")
    assert_refused(client.post("/admin/media/image/add/", post), before)


AUTHOR_BREAKERS = [
    ("slug", "no spaces allowed"),
    ("slug", "\x00"),
    ("name", ""),
    ("name", "x" * 201),
    ("avatar", "not-an-image"),
    ("user", "-1"),
    ("links-0-url", "javascript:alert(1)"),
    ("links-0-url", "not a url"),
    ("links-TOTAL_FORMS", "x"),
]


@FUZZ
@given(
    breaker=st.sampled_from(AUTHOR_BREAKERS),
    fields=st.dictionaries(st.sampled_from(["name", "role", "bio", "links-0-label"]), junk),
)
def test_author_form(client, breaker, fields):
    client.force_login(UserFactory(is_superuser=True))
    before = content_snapshot()
    post = {
        "name": "Olena",
        "slug": "olena",
        "role": "",
        "bio": "",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-0-label": "Site",
        "links-0-url": "https://example.org/",
        "links-0-position": "0",
        **fields,
    }
    key, value = breaker
    post[key] = value
    assert_refused(client.post("/admin/authors/author/add/", post), before)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lead_image", "TRUE"),
        ("section", "abc"),
        ("bylines-0-author", "x"),
        ("lead_image", "9" * 30),
        ("section", "1.5"),
    ],
)
def test_a_chooser_given_a_value_that_is_no_key_is_a_form_error(desk, story, field, value):
    # Found by test_story_change_form: Django's autocomplete widget raised ValueError (a 500).
    before = content_snapshot()
    response = desk.post(change_url(story), form_data(story, **{field: value}))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert content_snapshot() == before


def test_the_author_form_chooser_given_a_value_that_is_no_key(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        "/admin/authors/author/add/",
        {
            "name": "Olena",
            "slug": "olena",
            "avatar": "not-an-image",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
