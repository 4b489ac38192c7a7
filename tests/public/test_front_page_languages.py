"""The front page and the banner per language, in the read model and the desk's editor: each
language's page leads with its own story and fills with its own newest, at the same cost; the
editor switches language only when there is more than one."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Banner, FrontPageSlot
from articles.workflow import Place
from public import reading
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, edition_of, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editions(two_languages):
    """Twelve English stories, each with a Ukrainian edition published a minute later."""
    image, now = ImageFactory(), timezone.now()
    world = SectionFactory(name="World", slug="world", translations={"uk": {"name": "Світ"}})
    pairs = []
    for n in range(12):
        at = now - timedelta(minutes=10 * n + 2)
        english = ArticleFactory(
            published=True, title=f"English {n:02d}", lead_image=image, published_at=at
        )
        ukrainian = edition_of(
            english,
            published=True,
            title=f"Українська {n:02d}",
            lead_image=image,
            section=world if n % 2 else None,
            published_at=at + timedelta(minutes=1),
        )
        pairs.append((english, ukrainian))
    return pairs


def shown(front):
    cards = [front.lead, *front.top, *front.page.items]
    cards += [story for block in front.blocks for story in block.stories]
    return [card.title for card in cards if card is not None]


def test_each_front_page_leads_with_its_own_story_and_fills_with_its_own(editions):
    workflow.arrange_front_page(places={"lead": Place(editions[9][0].pk)}, by=editor())
    workflow.arrange_front_page(
        places={"lead": Place(editions[7][1].pk)}, by=editor(), language="uk"
    )
    english, ukrainian = reading.front_page(), reading.front_page(language="uk")
    assert english.lead.title == "English 09" and ukrainian.lead.title == "Українська 07"
    assert [card.title for card in ukrainian.top] == [f"Українська {n:02d}" for n in range(4)]
    assert all(title.startswith("English") for title in shown(english))
    assert all(title.startswith("Українська") for title in shown(ukrainian))
    assert len(shown(ukrainian)) == len(set(shown(ukrainian))) == 12


def test_a_section_block_shows_the_sections_stories_in_the_pages_language(editions):
    world = editions[1][1].section
    world.front_page_position = 1
    world.save()
    english = reading.front_page()
    ukrainian = reading.front_page(language="uk")
    assert english.blocks == ()  # no English story is in World
    (block,) = ukrainian.blocks
    assert block.section.id == world.pk
    assert all(story.title.startswith("Українська") for story in block.stories)


def test_the_ukrainian_front_page_costs_what_the_english_one_does(editions):
    live = editions[3]
    for story in live:
        workflow.start_coverage(story, by=editor())
        workflow.add_live_post(story, by=None, body="<p>Update</p>")
    workflow.arrange_front_page(places={"live": Place(live[0].pk)}, by=editor())
    workflow.arrange_front_page(places={"live": Place(live[1].pk)}, by=editor(), language="uk")
    counts = {}
    for language in ("en", "uk"):
        reading.front_page(language=language)  # draws the renditions, as a first reader would
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            front = reading.front_page(language=language)
        assert front.live.id == live[language == "uk"].pk
        counts[language] = len(queries)
    assert counts["uk"] == counts["en"]


def test_each_language_shows_its_own_banner_linking_its_own_edition(
    editions, django_capture_on_commit_callbacks
):
    english, ukrainian = editions[0]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_banner(None, text="Air raid alert", article=english, by=editor())
    assert reading.banner().text == "Air raid alert"  # remembered for English pages
    assert reading.banner(language="uk") is None
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_banner(
            None, text="Повітряна тривога", article=ukrainian, by=editor(), language="uk"
        )
    shown = reading.banner(language="uk")
    assert shown.text == "Повітряна тривога"
    assert shown.url == f"/uk/news/{ukrainian.slug}/"
    assert reading.banner().text == "Air raid alert"


# The editor ------------------------------------------------------------------------------------


@pytest.fixture
def desk(client):
    client.force_login(editor())
    return client


def test_a_one_language_editor_has_no_language_switch_and_no_other_language(desk):
    html = desk.get(reverse("front_editor")).content.decode()
    assert "language-tabs" not in html and "Ukrainian" not in html
    assert 'name="language" value="en"' in html
    for name in ("front_editor", "front_editor_board", "front_editor_preview"):
        assert desk.get(reverse(name), {"language": "uk"}).status_code == 400
    assert desk.get(reverse("front_editor_stories"), {"language": "uk"}).status_code == 400


def test_the_editor_switches_to_the_ukrainian_front_page(desk, editions):
    english, ukrainian = editions[5]
    FrontPageSlot.objects.create(
        language="uk", slot="lead", article=ukrainian, until=timezone.now() + timedelta(hours=2)
    )
    html = desk.get(reverse("front_editor"), {"language": "uk"}).content.decode()
    tabs = html.split('class="language-tabs"')[1].split("</nav>")[0]
    assert '<a href="/admin/front-page/">English</a>' in tabs
    assert '<a href="/admin/front-page/?language=uk" aria-current="page">Ukrainian</a>' in tabs
    lead = html.split('data-place="lead"')[1].split("</section>")[0]
    assert "Held until" in lead and "Українська 05" in lead
    assert "Published stories in Ukrainian" in html and "Breaking banner on Ukrainian pages" in html
    assert html.count('name="language" value="uk"') == 2  # the arrangement and the banner
    assert 'href="/uk/" target="_blank"' in html
    # The English page is the one without the parameter, and its lead is its own newest.
    english_html = desk.get(reverse("front_editor")).content.decode()
    assert 'aria-current="page">English</a>' in english_html
    assert "Українська" not in english_html.split('data-place="lead"')[1].split("</section>")[0]


def test_the_search_board_and_preview_are_in_the_chosen_language(desk, editions):
    search = desk.get(reverse("front_editor_stories"), {"q": "05", "language": "uk"}).json()
    assert [story["title"] for story in search["stories"]] == ["Українська 05"]
    search = desk.get(reverse("front_editor_stories"), {"q": "05"}).json()
    assert [story["title"] for story in search["stories"]] == ["English 05"]
    chosen = editions[8][1]
    asked = {"story-lead": chosen.pk, "language": "uk"}
    board = desk.get(reverse("front_editor_board"), asked).content.decode()
    assert "Українська 08" in board.split('data-place="lead"')[1].split("</section>")[0]
    preview = desk.get(reverse("front_editor_preview"), asked).content.decode()
    assert "Українська 08" in preview.split('class="lead-story')[1].split("</article>")[0]
    # The main column is the Ukrainian page's (the News Feed rail is every story until the
    # rail is read per language).
    main = re.sub(r'<ol class="feed-items".*?</ol>', "", preview.split("<main")[1], flags=re.S)
    assert "Українська 00" in main and "English" not in main
    assert not FrontPageSlot.objects.exists()  # nothing saved


def test_the_preview_names_the_section_blocks_in_the_pages_language(desk, editions):
    world = editions[1][1].section
    asked = {"sections": str(world.pk), "language": "uk"}
    preview = desk.get(reverse("front_editor_preview"), asked).content.decode()
    assert "Світ" in preview.split('class="section-block"')[1]


def test_saving_the_ukrainian_page_and_banner_comes_back_to_it(desk, editions):
    ukrainian = editions[2][1]
    response = desk.post(
        reverse("front_editor"),
        {"action": "arrange", "language": "uk", "story-lead": ukrainian.pk},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/front-page/?language=uk"
    assert list(FrontPageSlot.objects.values_list("language", "slot", "article")) == [
        ("uk", "lead", ukrainian.pk)
    ]
    response = desk.post(
        reverse("front_editor"),
        {"action": "banner", "language": "uk", "banner_text": "Тривога", "banner_story": ""},
    )
    assert response["Location"] == "/admin/front-page/?language=uk"
    assert list(Banner.objects.values_list("language", "text")) == [("uk", "Тривога")]
    html = desk.get(reverse("front_editor")).content.decode()
    assert 'value="Тривога"' not in html  # the English page has no banner
    assert 'value="Тривога"' in desk.get(response["Location"]).content.decode()


def test_a_ukrainian_story_on_the_english_page_is_refused_with_a_clear_message(desk, editions):
    english, ukrainian = editions[4]
    response = desk.post(reverse("front_editor"), {"action": "arrange", "story-lead": ukrainian.pk})
    assert response.status_code == 400
    assert (
        "Nothing was saved. Lead story: “Українська 04” is in Ukrainian: the English front page "
        "takes stories in English only."
    ) in response.content.decode()
    banner = desk.post(
        reverse("front_editor"),
        {"action": "banner", "language": "uk", "banner_text": "Alert", "banner_story": english.pk},
    )
    assert banner.status_code == 400
    assert "the banner on Ukrainian pages links stories in Ukrainian only" in (
        banner.content.decode()
    )
    assert not FrontPageSlot.objects.exists() and not Banner.objects.exists()


def test_the_desk_banner_form_refuses_a_story_in_another_language(desk, editions):
    english, _ = editions[0]
    add = reverse("admin:articles_banner_add")
    assert 'name="language"' in desk.get(add).content.decode()
    response = desk.post(
        add, {"language": "uk", "text": "Тривога", "article": english.pk, "starts_at_0": ""}
    )
    assert response.status_code == 200
    assert "the banner on Ukrainian pages links stories in Ukrainian only" in (
        response.content.decode()
    )
    assert not Banner.objects.exists()


def test_a_one_language_desk_banner_form_has_no_language(desk):
    html = desk.get(reverse("admin:articles_banner_add")).content.decode()
    assert 'name="language"' not in html
