"""Translating a story: workflow.translate() starts an edition in another language, prefilled
from its source; each edition then has a workflow of its own; an edition whose source's text
changed since it was brought up to date is stale, shows the source's changes, and is marked up
to date."""

import pytest
from django.contrib.auth.models import Permission

from articles import workflow
from articles.models import Article, ArticleAuthor, ArticlePicture, WorkflowEvent
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
    ready_article,
    writer,
)

pytestmark = pytest.mark.django_db
S = Article.Status
Role = ArticleAuthor.Role


def saved(story, by, **changes):
    """The story saved through the desk's door with `changes`."""
    story.refresh_from_db()
    tags = changes.pop("tags", None)
    for field, value in changes.items():
        setattr(story, field, value)
    return workflow.save_article(story, by=by, expected_version=story.version, tags=tags)


@pytest.fixture
def story(edith):
    """A published English story, saved on the desk (so it has revisions), with a picture in
    its body whose caption is the story's own."""
    inline = ImageFactory(title="Platform at dawn")
    reporter = AuthorFactory(name="Marta Ivanenko")
    photographer = AuthorFactory(name="Petro Koval")
    article = ready_article(
        title="Metro reopens after repairs",
        slug="metro-reopens-after-repairs",
        dek="Trains run every six minutes again.",
        body='<p>The red line reopened at dawn.</p><figure data-block="image" '
        f'data-image="{inline.pk}"><figcaption>The first train, 5:40</figcaption></figure>',
        lead_image_caption="Commuters on the platform",
        share_image=ImageFactory(title="Card"),
        tags=["Transport", "Kyiv"],
        authors=[reporter],
        published=True,
    )
    ArticleAuthor.objects.create(article=article, author=photographer, role=Role.PHOTOS, position=1)
    return saved(article, edith)


# Translating --------------------------------------------------------------------------------


def test_translate_starts_a_draft_edition_prefilled_from_the_story(two_languages, edith, story):
    translator = AuthorFactory(name="Edith Keller", user=edith)
    edition = workflow.translate(story, "uk", by=edith)

    edition.refresh_from_db()
    assert edition.language == "uk"
    assert edition.status == S.DRAFT and edition.published_at is None
    assert (edition.title, edition.dek, edition.body) == (story.title, story.dek, story.body)
    assert edition.section == story.section
    assert sorted(edition.tags.names()) == ["Kyiv", "Transport"]
    assert edition.lead_image == story.lead_image
    assert edition.lead_image_caption == "Commuters on the platform"
    assert edition.share_image == story.share_image
    # The body's pictures, with the caption this story gave them, for the translator to put
    # into Ukrainian; the library counts them as used by the edition too.
    assert "The first train, 5:40" in edition.body
    assert set(ArticlePicture.objects.filter(article=edition).values_list("image", flat=True)) == {
        *ArticlePicture.objects.filter(article=story).values_list("image", flat=True)
    }
    assert edition.translation_key == story.translation_key
    assert edition.translated_from == story
    assert edition.synced_revision == story.revisions.order_by("-created_at", "-id").first()
    assert edition.created_by == edith
    assert edition.get_absolute_url() == "/uk/news/metro-reopens-after-repairs/"
    # The story's bylines, with their roles, then the translator's.
    bylines = [(b.author.name, b.role) for b in edition.bylines.order_by("position")]
    assert bylines == [
        ("Marta Ivanenko", Role.BY),
        ("Petro Koval", Role.PHOTOS),
        (translator.name, Role.TRANSLATOR),
    ]
    # Its history starts with the translation; the English story is as it was.
    event = edition.events.get()
    assert workflow.event_sentence(event) == (
        "Edith Keller translated this into Ukrainian from the English “Metro reopens after repairs”"
    )
    assert edition.revisions.count() == 1
    assert not workflow.is_stale(edition)
    story.refresh_from_db()
    assert story.status == S.PUBLISHED and story.language == "en"


def test_the_editions_address_is_free_within_its_language(two_languages, edith, story):
    ArticleFactory(language="uk", slug="metro-reopens-after-repairs")
    edition = workflow.translate(story, "uk", by=edith)
    assert edition.slug == "metro-reopens-after-repairs-2"


def test_a_translator_without_an_author_profile_adds_no_byline(two_languages, edith, story):
    edition = workflow.translate(story, "uk", by=edith)
    assert not edition.bylines.filter(role=Role.TRANSLATOR).exists()
    assert edition.bylines.count() == 2


def test_a_story_never_saved_on_the_desk_gets_a_revision_to_follow(two_languages, edith):
    story = ready_article(published=True)
    assert not story.revisions.exists()
    edition = workflow.translate(story, "uk", by=edith)
    assert edition.synced_revision == story.revisions.get()
    saved(story, edith, title="A new English headline")
    assert workflow.is_stale(edition)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("pl", "The newsroom does not publish in “pl”: its languages are English, Ukrainian."),
        ("", "The newsroom does not publish in “”"),
        ("en", "This story is already in English."),
    ],
)
def test_translate_refuses_a_language_it_cannot_add(two_languages, edith, story, language, message):
    with pytest.raises(workflow.WorkflowError, match=message):
        workflow.translate(story, language, by=edith)
    assert Article.objects.count() == 1


def test_one_language_newsroom_has_nothing_to_translate_into(edith, story):
    with pytest.raises(workflow.WorkflowError, match="its languages are English."):
        workflow.translate(story, "uk", by=edith)
    assert Article.objects.count() == 1


def test_a_second_translation_names_the_edition_there_is(two_languages, edith, story):
    first = workflow.translate(story, "uk", by=edith)
    with pytest.raises(workflow.EditionExists, match="already has a Ukrainian edition") as refused:
        workflow.translate(story, "uk", by=edith)
    assert refused.value.edition == first
    assert Article.objects.filter(language="uk").count() == 1


def test_an_edition_can_be_translated_back_into_a_missing_language(two_languages, edith):
    ukrainian = ArticleFactory(language="uk", title="Метро знову працює")
    english = workflow.translate(ukrainian, "en", by=edith)
    assert english.translated_from == ukrainian
    assert english.language == "en"


# Who may translate ----------------------------------------------------------------------------


def test_a_writer_translates_a_published_story_into_a_draft_of_their_own(
    two_languages, olena, story
):
    AuthorFactory(name="Olena Marchenko", user=olena)
    edition = workflow.translate(story, "uk", by=olena)
    assert workflow.owns(olena, edition)
    assert workflow.can_edit(olena, edition)
    assert edition.bylines.filter(author__user=olena, role=Role.TRANSLATOR).exists()
    # Theirs to submit; not theirs to publish.
    assert workflow.may(olena, edition, "submit")
    assert not workflow.may(olena, edition, "publish")


def test_a_writer_cannot_translate_another_writers_draft(two_languages, olena):
    other = writer(username="wanda")
    draft = ready_article(created_by=other, title="Port merger talks")
    assert not workflow.may_translate(olena, draft)
    with pytest.raises(workflow.NotAllowed):
        workflow.translate(draft, "uk", by=olena)
    assert not Article.objects.filter(language="uk").exists()


def test_a_writer_translates_their_own_draft(two_languages, olena):
    draft = ready_article(created_by=olena)
    edition = workflow.translate(draft, "uk", by=olena)
    assert edition.created_by == olena


def test_whoever_may_not_create_stories_may_not_translate(two_languages, story):
    reader = UserFactory(username="viewer")
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    assert not workflow.may_translate(reader, story)
    with pytest.raises(workflow.NotAllowed, match="cannot create stories"):
        workflow.translate(story, "uk", by=reader)
    assert not Article.objects.filter(language="uk").exists()


# Each edition its own workflow ------------------------------------------------------------------


def test_the_ukrainian_edition_goes_out_while_the_english_waits_in_review(two_languages, edith):
    english = ready_article(status=S.DRAFT)
    edition = workflow.translate(english, "uk", by=edith)
    workflow.submit(english, by=edith)
    workflow.publish(edition, by=edith)
    english.refresh_from_db()
    edition.refresh_from_db()
    assert (english.status, edition.status) == (S.IN_REVIEW, S.PUBLISHED)
    assert edition.is_published and not english.is_published
    assert list(Article.objects.published()) == [edition]


def test_the_english_goes_out_while_the_ukrainian_waits_in_review(two_languages, edith):
    english = ready_article(status=S.IN_REVIEW)
    edition = workflow.translate(english, "uk", by=edith)
    workflow.submit(edition, by=edith)
    workflow.publish(english, by=edith)
    english.refresh_from_db()
    edition.refresh_from_db()
    assert (english.status, edition.status) == (S.PUBLISHED, S.IN_REVIEW)
    assert list(Article.objects.published()) == [english]
    # Taking the English down leaves the Ukrainian where it is.
    workflow.publish(edition, by=edith)
    workflow.unpublish(english, by=edith, reason="Legal")
    edition.refresh_from_db()
    assert edition.status == S.PUBLISHED


# Stale editions -----------------------------------------------------------------------------


@pytest.fixture
def edition(two_languages, edith, story):
    edition = workflow.translate(story, "uk", by=edith)
    return saved(edition, edith, title="Метро знову працює після ремонту")


def test_a_change_to_the_sources_text_makes_the_edition_stale(edith, story, edition):
    assert not workflow.is_stale(edition)
    saved(story, edith, dek="Trains run every five minutes again.")
    assert workflow.is_stale(edition)


@pytest.mark.parametrize(
    "changes",
    [
        {"section": None},
        {"tags": ["Transport"]},
        {"lead_image_caption": "A quieter caption"},
        {"slug": "metro-reopens"},
        {},  # saved as it was: a new revision, the same words
    ],
    ids=["section", "tags", "lead image caption", "address", "nothing"],
)
def test_a_change_to_anything_but_the_text_leaves_the_edition_as_it_was(
    edith, story, edition, changes
):
    if "section" in changes:
        changes["section"] = SectionFactory(name="City")
    saved(story, edith, **changes)
    assert story.revisions.count() == 2
    assert not workflow.is_stale(edition)


def test_the_source_changes_read_as_the_revision_diff_does(edith, story, edition):
    saved(story, edith, title="Metro reopens after long repairs", section=SectionFactory())
    saved(story, edith, body=story.body.replace("at dawn", "at six"))
    changes = workflow.source_changes(edition)
    assert changes.source == story
    assert changes.since == edition.synced_revision
    assert changes.now == workflow.newest_revision(story)
    # The text only: headline and body; the new section is not the translator's business.
    assert [c.label for c in changes.diff] == ["Headline", "Body"]
    headline = changes.diff[0].lines[0].segments
    assert ("+", "long ") in headline
    body = [b for b in changes.diff[1].blocks if getattr(b, "change", "") == "changed"]
    assert [s for s in body[0].lines[0].segments if s[0] != "="] == [("-", "dawn"), ("+", "six")]


def test_an_edition_changed_back_is_up_to_date_again(edith, story, edition):
    saved(story, edith, title="A headline tried for an hour")
    assert workflow.is_stale(edition)
    saved(story, edith, title="Metro reopens after repairs")
    assert not workflow.is_stale(edition)


def test_mark_up_to_date_follows_the_sources_newest_revision(edith, story, edition):
    saved(story, edith, title="Metro reopens after long repairs")
    version = edition.version
    workflow.mark_up_to_date(edition, by=edith)
    edition.refresh_from_db()
    assert not workflow.is_stale(edition)
    assert edition.synced_revision == workflow.newest_revision(story)
    assert edition.version == version  # open forms still save
    event = edition.events.filter(action="mark_up_to_date").get()
    assert workflow.event_sentence(event) == (
        f"Edith Keller marked this up to date with the English edition's version {story.version}"
    )
    saved(story, edith, title="Metro reopens after the longest repairs")
    assert workflow.is_stale(edition)


def test_the_editions_writer_and_editors_mark_it_up_to_date_and_nobody_else(
    two_languages, olena, edith, story
):
    edition = workflow.translate(story, "uk", by=olena)
    workflow.submit(edition, by=olena)
    saved(story, edith, title="Metro reopens after long repairs")
    other = writer(username="wanda")
    assert not workflow.may_mark_up_to_date(other, edition)
    with pytest.raises(workflow.NotAllowed):
        workflow.mark_up_to_date(edition, by=other)
    assert workflow.is_stale(edition)
    # The writer may, even while the edition waits for review.
    workflow.mark_up_to_date(edition, by=olena)
    assert not workflow.is_stale(edition)


def test_an_edition_of_its_own_has_nothing_to_follow(two_languages, edith):
    ukrainian = ArticleFactory(language="uk")
    assert not workflow.is_stale(ukrainian)
    assert workflow.source_changes(ukrainian) is None
    with pytest.raises(workflow.WorkflowError, match="nothing to follow"):
        workflow.mark_up_to_date(ukrainian, by=edith)
    assert not WorkflowEvent.objects.exists()


def test_staleness_of_any_number_of_editions_is_one_query(
    two_languages, edith, django_assert_num_queries
):
    def editions(count):
        made = []
        for n in range(count):
            source = ArticleFactory()
            workflow.record_revision(source, by=edith)
            made.append(workflow.translate(source, "uk", by=edith))
            if n % 2:
                saved(source, edith, title=f"Changed {n}")
        return made

    few, many = editions(2), editions(12)
    for group in (few, many):
        with django_assert_num_queries(1):
            found = dict(
                Article.objects.with_staleness()
                .filter(pk__in=[e.pk for e in group])
                .values_list("pk", "stale")
            )
        assert found == {e.pk: bool(n % 2) for n, e in enumerate(group)}
