"""The demo newsroom in two languages: Ukrainian editions of a quarter of its stories when the
site speaks Ukrainian, and not a Ukrainian row when it speaks English alone."""

import hashlib
import random
import re
from datetime import datetime
from io import StringIO
from string import Formatter

import pytest
from django.core.management import call_command
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleAuthor, Section, TagName
from authors.models import Author
from demo import content, content_uk
from demo.writing import StoryWriter, photo_captions, plural

pytestmark = pytest.mark.django_db

ARTICLES = 60  # enough for the live story and the stories readers never see
# A quarter of the stories loaded in bulk, the two block stories and the live story.
EDITIONS = ARTICLES // 4 + len(content.BLOCK_STORIES) + 1


def seed(**options):
    call_command("seed_demo", articles=ARTICLES, stdout=StringIO(), **options)


def ukrainian():
    return Article.objects.filter(language="uk").select_related("translated_from")


def is_stale(edition: Article) -> bool:
    """The source has a revision newer than the one the edition was brought up to date with,
    and its text differs."""
    synced = edition.synced_revision
    newer = edition.translated_from.revisions.filter(pk__gt=synced.pk)
    fields = ("title", "dek", "body")
    return any(any(r.data[f] != synced.data[f] for f in fields) for r in newer)


def test_two_languages_give_a_quarter_of_the_stories_a_ukrainian_edition(two_languages, client):
    seed()
    editions = list(ukrainian())
    english = Article.objects.filter(language="en")
    assert len(editions) == EDITIONS
    assert 0.2 <= len(editions) / english.count() <= 0.3
    for edition in editions:
        source = edition.translated_from
        assert source.language == "en", edition.title
        assert edition.translation_key == source.translation_key
        assert edition.synced_revision.article_id == source.pk
        assert edition.section_id == source.section_id
        assert set(edition.tags.names()) == set(source.tags.names())
        assert edition.get_absolute_url() == f"/uk/news/{edition.slug}/"
        assert re.fullmatch(r"[a-z0-9-]+", edition.slug), edition.slug
        assert re.search("[а-яіїєґ]", edition.title), edition.title  # written in Ukrainian
        # The original's authors as credited there, then the translator.
        credits = [(b.author_id, b.role) for b in edition.bylines.order_by("position")]
        originals = [(b.author_id, b.role) for b in source.bylines.order_by("position")]
        assert credits[:-1] == originals
        assert credits[-1][1] == ArticleAuthor.Role.TRANSLATOR
        if edition.status == Article.Status.PUBLISHED:
            assert source.published_at <= edition.published_at <= timezone.now()
    # Readers see the newest stories and a couple of sections in Ukrainian.
    published = ukrainian().filter(status=Article.Status.PUBLISHED)
    # The lead picture's caption in Ukrainian (the library's own is English).
    for edition in published.filter(lead_image__isnull=False):
        assert edition.lead_image_caption in photo_captions().values(), edition.title
    assert published.values("section").distinct().count() >= 3
    newest = english.published().exclude(coverage_started_at__isnull=False)[:5]
    assert sum(story.translations.exists() for story in newest) >= 4
    # Readers reach them at their Ukrainian addresses; the one in review stays hidden.
    for edition in published.order_by("-published_at")[:3]:
        page = client.get(edition.get_absolute_url())
        assert page.status_code == 200 and edition.title in page.content.decode()
    in_review = ukrainian().get(status=Article.Status.IN_REVIEW)
    assert client.get(in_review.get_absolute_url()).status_code == 404


def test_one_edition_is_stale_and_one_waits_in_review(two_languages):
    seed()
    stale = [edition for edition in ukrainian() if is_stale(edition)]
    assert [edition.translated_from.slug for edition in stale] == [content.BLOCK_STORIES[0]["slug"]]
    before, after = content.BLOCK_STORY_UPDATE
    assert after in stale[0].translated_from.body and before not in stale[0].translated_from.body
    (in_review,) = ukrainian().exclude(status=Article.Status.PUBLISHED)
    assert in_review.status == Article.Status.IN_REVIEW and in_review.published_at is None
    assert not in_review.is_published


def test_the_live_story_is_covered_in_both_languages(two_languages):
    seed()
    english = Article.objects.get(language="en", coverage_started_at__isnull=False)
    edition = english.translations.get()
    assert edition.language == "uk" and edition.is_live and edition.is_published
    assert edition.coverage_started_at >= english.coverage_started_at
    posts = {a.language: list(a.live_posts.order_by("published_at")) for a in (english, edition)}
    assert len(posts["uk"]) == len(posts["en"]) == len(content.LIVE_POSTS)
    key_events = {language: [p for p in ps if p.is_key_event] for language, ps in posts.items()}
    assert len(key_events["uk"]) == len(key_events["en"]) >= 1
    assert key_events["uk"][0].headline == content_uk.LIVE_POSTS[0][0]
    assert all(re.search("[а-яіїє]", p.body) for p in posts["uk"])


def test_sections_authors_and_tags_have_ukrainian_names(two_languages):
    seed()
    energy = Section.objects.get(slug="energy")
    assert energy.name_in("uk") == "Енергетика" and energy.name_in("en") == "Energy"
    assert all(section.translations["uk"]["description"] for section in Section.objects.all())
    marta = Author.objects.get(slug="marta-kovalenko")
    assert marta.role_in("uk") == "Редакторка новин"
    assert marta.bio_in("uk").startswith("Марта Коваленко")
    assert TagName.objects.filter(language="uk").count() == Tag.objects.count()
    assert TagName.objects.get(tag__name="Energy grid").name == "Енергосистема"
    translators = Author.objects.filter(
        bylines__role=ArticleAuthor.Role.TRANSLATOR, avatar__isnull=False
    ).distinct()
    assert {author.role_in("uk") for author in translators} == {"Перекладачка", "Перекладач"}


def test_english_alone_has_no_ukrainian_row():
    seed()
    assert not Article.objects.exclude(language="en").exists()
    assert not ArticleAuthor.objects.filter(role=ArticleAuthor.Role.TRANSLATOR).exists()
    assert not TagName.objects.exists()
    assert not Section.objects.exclude(translations={}).exists()
    assert not Author.objects.exclude(translations={}).exists()
    assert Author.objects.count() == len(content.AUTHORS)


def test_a_second_load_adds_no_second_edition_of_anything(two_languages):
    seed()
    first = set(ukrainian().values_list("pk", flat=True))
    seed()
    editions = ukrainian()
    # The second load's own stories (and live story) get theirs; the block stories keep theirs.
    assert editions.count() == 2 * EDITIONS - len(content.BLOCK_STORIES)
    assert first <= set(editions.values_list("pk", flat=True))
    assert sum(is_stale(edition) for edition in editions) == 1
    assert editions.filter(status=Article.Status.IN_REVIEW).count() == 1
    assert Author.objects.count() == len(content.AUTHORS) + len(content_uk.TRANSLATORS)
    assert TagName.objects.count() == Tag.objects.count()
    seed(if_empty=True)
    assert editions.count() == 2 * EDITIONS - len(content.BLOCK_STORIES)


WHEN = timezone.make_aware(datetime(2026, 11, 28, 9, 30))
STORIES = [("news", ("energy", WHEN, 8)), ("feature", ("world", WHEN)), ("roundup", (WHEN,))]


def test_the_english_is_told_as_before_with_a_ukrainian_edition_beside_it():
    # What seed 7 told before the writer spoke two languages: (title, dek, body's digest).
    before = [
        (
            "Winter outage schedules published for the capital: what you need to know",
            "Partners promised more help at a meeting that ran late into the night.",
            "8db9b0545725edf7",
        ),
        (
            "Estonia sends 15 mobile generators ahead of winter",
            "Officials say the change will be felt before the end of the year; critics want "
            "more detail.",
            "e4969b069ef2be8c",
        ),
        (
            "Meridian latest: Rail operator restores service to Stepove Oblast after track repairs",
            "",
            "3fcf8d912ba98171",
        ),
    ]
    for languages in (("en",), ("en", "uk")):
        writer = StoryWriter(random.Random(7), languages)
        told = [getattr(writer, method)(*args) for method, args in STORIES]
        digests = [
            (t, d, hashlib.sha256(b.encode()).hexdigest()[:16])
            for t, d, b in (story["en"] for story in told)
        ]
        assert digests == before, languages
    # Many more draws: the English alone and beside the Ukrainian stay in step.
    alone = StoryWriter(random.Random(8))
    both = StoryWriter(random.Random(8), ("en", "uk"))
    for _ in range(30):
        for method, args in STORIES:
            told = getattr(both, method)(*args)
            assert getattr(alone, method)(*args) == {"en": told["en"]}
            assert told["uk"][2].count("<p>") == told["en"][2].count("<p>")


def blanks(template: str) -> set[str]:
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    return {"official" if name == "official_title" else name for name in names}


def pieces(bank):
    """Every piece of a text bank with blanks, by where it is."""
    yield from (
        (f"HEADLINES[{s}][{i}]", t) for s, ts in bank.HEADLINES.items() for i, t in enumerate(ts)
    )
    for name in ("LEDES", "PARAGRAPHS", "ROUNDUP_BULLETS"):
        yield from ((f"{name}[{i}]", t) for i, t in enumerate(getattr(bank, name)))
    for n, post in enumerate(bank.LIVE_POSTS):
        yield from ((f"LIVE_POSTS[{n}][{i}]", t) for i, t in enumerate(post[1]))
    for scene, subjects in bank.PHOTO_SUBJECTS.items():
        yield from ((f"PHOTO_SUBJECTS[{scene}][{i}]", s[1]) for i, s in enumerate(subjects))


def test_the_ukrainian_bank_runs_parallel_to_the_english_one():
    english, ukrainian_bank = dict(pieces(content)), dict(pieces(content_uk))
    assert english.keys() == ukrainian_bank.keys()
    for where, template in english.items():
        assert blanks(ukrainian_bank[where]) == blanks(template), where
    for name in ("PLACES", "OFFICIALS", "COUNTRIES", "QUOTES", "DEKS", "BLOCK_STORIES"):
        assert len(getattr(content_uk, name)) == len(getattr(content, name)), name
    assert set(content_uk.SECTIONS) == {slug for _, slug, _ in content.SECTIONS}
    assert set(content_uk.AUTHORS) == {name for name, _, _ in content.AUTHORS}
    assert set(content_uk.TAGS) == set(content.TAGS)


def test_every_ukrainian_blank_takes_every_place_country_and_number():
    writer = StoryWriter(random.Random(1), ("en", "uk"))
    when = timezone.now()
    for where, template in pieces(content_uk):
        for _ in range(40):
            filled = writer.languages["uk"].fill(template, writer.draw(when))
            assert "{" not in filled and "|" not in filled, where


@pytest.mark.parametrize(
    "n, word",
    [(1, "дрон"), (3, "дрони"), (5, "дронів"), (11, "дронів"), (12, "дронів"), (21, "дрон")]
    + [(22, "дрони"), (24, "дрони"), (111, "дронів"), (112, "дронів"), (120, "дронів")],
)
def test_a_count_agrees_with_its_noun(n, word):
    assert plural(n, "дрон", "дрони", "дронів") == word


def test_the_ukrainian_front_page_holds_the_editions_of_the_english_choices(two_languages):
    from articles.models import FrontPageSlot

    seed()
    places = {
        (slot.language, slot.slot): slot.article
        for slot in FrontPageSlot.objects.select_related("article")
    }
    assert places[("en", "live")].language == "en"
    for (language, slot), story in places.items():
        assert story.language == language
        if language == "uk":
            english = places[("en", slot)]
            assert story.translation_key == english.translation_key
    # The live story is told in both languages, so both pages hold it.
    assert ("uk", "live") in places


def test_ukrainian_editions_describe_their_pictures_in_ukrainian(two_languages):
    seed()
    alts = [
        edition.lead_image_alt
        for edition in ukrainian().filter(lead_image__isnull=False)
        if edition.lead_image_alt
    ]
    assert alts
    assert all(re.search("[а-яіїєґ]", alt) for alt in alts), alts
