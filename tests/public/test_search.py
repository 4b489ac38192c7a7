from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.pagination import Cursor
from public.reading.search import SearchCursor, marked, search, search_page
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

NO_SUCH_PAGE = "This page of stories doesn&#x27;t exist."
FILLER = "<p>The council met on Tuesday to discuss the budget for the coming year.</p>"


def story(title, dek="A routine day at the council.", body=FILLER, minutes_ago=60, **kwargs):
    kwargs.setdefault("status", Article.Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - timedelta(minutes=minutes_ago))
    return ArticleFactory(title=title, dek=dek, body=body, **kwargs)


def result_titles(response):
    return [article.title for article in response.context["page"].items]


def test_a_title_hit_beats_a_dek_hit_beats_a_body_hit(client):
    # The body hit is the newest, so only ranking can put it last.
    in_body = story(
        "Council meets", body="<p>Engineers inspected the reservoir dam.</p>", minutes_ago=1
    )
    in_dek = story("Water board meets", dek="Inspectors visit the reservoir.", minutes_ago=2)
    in_title = story("Reservoir levels fall after dry summer", minutes_ago=3)
    story("Unrelated story about trams")

    response = client.get("/search/", {"q": "reservoir"})

    assert response.status_code == 200
    assert result_titles(response) == [in_title.title, in_dek.title, in_body.title]


def test_only_published_stories_are_found(client):
    story("Reservoir report is out")
    story("Reservoir draft", status=Article.Status.DRAFT, published_at=None)
    story("Reservoir later", published_at=timezone.now() + timedelta(hours=2))
    story("Reservoir taken down", status=Article.Status.UNPUBLISHED)

    assert result_titles(client.get("/search/", {"q": "reservoir"})) == ["Reservoir report is out"]


def test_every_word_must_match(client):
    story("Reservoir levels fall", body="<p>The dam is fine.</p>")
    story("Reservoir levels rise", body="<p>Rain at last.</p>")

    assert result_titles(client.get("/search/", {"q": "reservoir dam"})) == [
        "Reservoir levels fall"
    ]


def test_results_show_highlighted_snippets_and_escape_the_story_text(client):
    story(
        "Dam inspection",
        body="<p>Engineers said the &lt;script&gt;alert(1)&lt;/script&gt; reservoir wall "
        "was sound after the inspection on Monday.</p>",
    )

    html = client.get("/search/", {"q": "reservoir"}).content.decode()

    assert "<mark>reservoir</mark>" in html
    assert "<script>alert(1)" not in html


def test_snippets_are_escaped_before_marks_are_added():
    # The database's headlines (PostgreSQL's ts_headline, FTS5's highlight and snippet): the
    # story's text escaped, then the marks made <mark>.
    row = {"title": "<b>Dam</b>", "excerpt": ""}
    headlines = {
        "headline": "Text with <i>tags</i> \x02reservoir\x03",
        "title_headline": "<b>Dam</b> &amp; \x02reservoir\x03",
    }
    title, snippet = marked({**row, **headlines})
    assert snippet == "Text with &lt;i&gt;tags&lt;/i&gt; <mark>reservoir</mark>"
    assert title == "&lt;b&gt;Dam&lt;/b&gt; &amp;amp; <mark>reservoir</mark>"
    # No headline (no text): the title and the excerpt, escaped.
    title, snippet = marked({**row, "headline": "", "title_headline": "", "excerpt": "<i>x</i>"})
    assert (title, snippet) == ("&lt;b&gt;Dam&lt;/b&gt;", "&lt;i&gt;x&lt;/i&gt;")


def test_title_matches_are_highlighted(client):
    story("Reservoir levels fall")

    html = client.get("/search/", {"q": "reservoir"}).content.decode()

    assert "<mark>Reservoir</mark> levels fall" in html


def test_results_are_cards_with_the_lead_image_as_a_picture(client):
    with_image = story("Reservoir levels fall", lead_image=ImageFactory(alt_text="A dry dam"))

    html = client.get("/search/", {"q": "reservoir"}).content.decode()

    card = html.split(with_image.get_absolute_url(), 1)[1].split("</article>", 1)[0]
    assert "<picture>" in card and 'type="image/avif"' in card
    assert 'alt="A dry dam"' in card


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_query_shows_the_form_and_no_results(client, django_assert_max_num_queries, q):
    story("Reservoir levels fall")
    with django_assert_max_num_queries(3):
        response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert response.context["page"].items == ()
    assert "Type a word or a name" in response.content.decode()


@pytest.mark.parametrize(
    "q", ["zzqxv", "!!! ???", '"unclosed zzqxv', "-", "qq & zz | !xx", "'); --"]
)
def test_nonsense_queries_find_nothing_without_errors(client, q):
    story("Reservoir levels fall")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert response.context["page"].items == ()
    assert "No stories match" in response.content.decode()


@pytest.mark.parametrize("q", ["!!!", "!!! ???", "", "   ", "-"])
def test_a_query_with_nothing_to_match_and_a_cursor_is_an_empty_first_page(client, q):
    # Was a 500: the cursor filtered on a rank that a query without words never annotates.
    first = story("Reservoir levels fall")
    cursor = SearchCursor(0.5, Cursor.after(first))
    assert SearchCursor.parse(str(cursor)) == cursor
    response = client.get("/search/", {"q": q, "before": str(cursor)})
    assert response.status_code == 200
    page = response.context["page"]
    assert (page.items, page.next_cursor, page.is_first) == ((), None, True)
    assert 'rel="next"' not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "dam\x00"}, "That search has a character we can&#x27;t look for"),
        ({"q": "x" * 201}, "That search is too long: try a few words (up to 200 characters)."),
        ({"q": "dam", "before": "not-a-cursor"}, NO_SUCH_PAGE),
        ({"q": "dam", "before": "inf_1.1"}, NO_SUCH_PAGE),
        ({"q": "dam", "before": "0.5_999999999999999999.1"}, NO_SUCH_PAGE),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(client, params, message):
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_cursor_links_back_to_the_first_page_of_results(client):
    response = client.get("/search/", {"q": "dam & co", "before": "not-a-cursor"})
    assert response.status_code == 400
    assert '<a href="/search/?q=dam+%26+co">Go back to the first page.</a>' in (
        response.content.decode()
    )


def test_show_more_pages_through_results_without_repeats_or_gaps(client):
    # Two ranks (title and body hits) and equal times, so the cursor's tie-breakers matter.
    when = timezone.now() - timedelta(hours=1)
    for n in range(15):
        story(f"Reservoir update {n}", published_at=when)
    for n in range(15):
        story(f"Council note {n}", body="<p>The reservoir is full.</p>", published_at=when)

    first = client.get("/search/", {"q": "reservoir"})
    page = first.context["page"]
    assert len(page.items) == 20
    assert 'rel="next"' in first.content.decode()

    # A new story that ranks at the top arrives between clicks: it must not shift the next page.
    story("Reservoir breaking news", minutes_ago=0)
    second = client.get("/search/", {"q": "reservoir", "before": str(page.next_cursor)})
    assert second.status_code == 200
    rest = second.context["page"]
    assert rest.next_cursor is None
    seen = [a.id for a in page.items] + [a.id for a in rest.items]
    assert len(seen) == len(set(seen)) == 30
    assert all(a.title.startswith("Reservoir") for a in page.items[:15])


def test_show_more_answers_with_just_the_next_chunk(client):
    for n in range(21):
        story(f"Reservoir update {n}", minutes_ago=n + 1)
    page = client.get("/search/", {"q": "reservoir"}).context["page"]
    response = client.get(
        "/search/", {"q": "reservoir", "before": str(page.next_cursor)}, HTTP_X_SHOW_MORE="1"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<ol class="card-grid">')
    assert "</mark> update 20</a>" in html
    assert "<html" not in html


def test_the_cursor_round_trips_exactly():
    when = timezone.now()
    result = Article(pk=42, published_at=when)
    cursor = SearchCursor.of(result, 0.0607927106320858)
    assert SearchCursor.parse(str(cursor)) == cursor


def test_search_pages_stay_within_the_query_budget(client, django_assert_max_num_queries):
    for n in range(25):
        story(f"Reservoir update {n}", tags=["Water", f"tag-{n}"])
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": "reservoir"})
    assert len(response.context["page"].items) == 20


def test_the_site_header_has_a_search_box(client):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert 'action="/search/"' in html


def test_the_gin_index_backs_search_on_postgresql_and_is_absent_on_sqlite():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Article._meta.db_table)
    if connection.vendor != "postgresql":
        assert "article_search_document_idx" not in constraints
        return
    assert constraints["article_search_document_idx"]["type"] == "gin"
    story("Reservoir levels fall")
    # Without the status filter the only usable index for the matching is the search index.
    with CaptureQueriesContext(connection) as queries:
        search(Article.objects.all(), "reservoir", "en")  # asks for the newest matches at once
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_search_document_idx" in plan


def test_only_the_newest_matches_are_ranked(client, monkeypatch):
    # A common word matches most of the archive; ranking them all took seconds at 100,000.
    from public.reading import search as search_module

    monkeypatch.setattr(search_module, "RANKED_MATCHES", 3)
    story("Reservoir reservoir reservoir levels fall", minutes_ago=500)  # best match, oldest
    for n in range(4):
        story(f"Dam report {n}", body="<p>The reservoir is full.</p>", minutes_ago=10 + n)
    titles = result_titles(client.get("/search/?q=reservoir"))
    assert titles == ["Dam report 0", "Dam report 1", "Dam report 2"]


# Every alphabet ---------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["Київ", "київ", "КИЇВ"])
def test_a_cyrillic_word_is_found_in_any_case(client, q):
    # Was 0 results on SQLite: LIKE folded ASCII letters only.
    found = story("Київ готується до зими", dek="Місто рахує запаси.", body="<p>Тепло.</p>")
    story("Львів чекає на сніг")

    response = client.get("/search/", {"q": q})

    assert result_titles(response) == [found.title]
    assert "<mark>Київ</mark> готується до зими" in response.content.decode()


@pytest.mark.parametrize(("title", "q"), [("Zürich votes", "zurich"), ("Café owners", "CAFÉ")])
def test_accents_are_folded(client, title, q):
    story(title)
    assert result_titles(client.get("/search/", {"q": q})) == [title]


def test_a_word_finds_its_other_forms_as_english_stems_them(client):
    story("Reservoirs are full", body="<p>Two dams.</p>")
    assert result_titles(client.get("/search/", {"q": "reservoir"})) == ["Reservoirs are full"]


def test_web_search_syntax_on_both_databases(client):
    story("Dam repairs start", body="<p>The old dam leaks.</p>")
    story("Dam opens", body="<p>A new dam for the valley.</p>")
    story("Canal closes", body="<p>The canal is drained.</p>")

    def titles(q):
        return sorted(result_titles(client.get("/search/", {"q": q})))

    assert titles('"old dam"') == ["Dam repairs start"]
    assert titles("dam -valley") == ["Dam repairs start"]
    assert titles("canal or repairs") == ["Canal closes", "Dam repairs start"]
    assert titles("dam valley") == ["Dam opens"]


def test_the_index_follows_edits_and_deletions():
    # Written past save() too (a bulk update): SQLite's triggers, PostgreSQL's generated column.
    def titles(q):
        return [item.title for item in search_page(q, None).items]

    found = story("Harbour reopens")
    Article.objects.filter(pk=found.pk).update(title="Airport reopens")
    assert titles("harbour") == []
    assert titles("airport") == ["Airport reopens"]
    Article.objects.filter(pk=found.pk).delete()
    assert titles("airport") == []


def test_show_more_holds_when_the_last_result_shown_leaves_the_newest_matches(client, monkeypatch):
    # SQLite's bm25 ranks move when a story is published (they weigh words by their rarity in
    # the whole index): the last result shown is ranked again, even outside the newest matches.
    from public.reading import search as search_module

    monkeypatch.setattr(search_module, "RANKED_MATCHES", 25)
    # The title hits rank first; among them the oldest is the last result of the first page.
    shown = [story(f"Reservoir update {n}", minutes_ago=100 - n) for n in range(20)]
    rest = [
        story(f"Council note {n}", body="<p>The reservoir is full.</p>", minutes_ago=50 - n)
        for n in range(5)
    ]
    page = client.get("/search/", {"q": "reservoir"}).context["page"]
    assert [a.id for a in page.items][-1] == shown[0].pk
    newest = story("Council update", body="<p>The reservoir is low.</p>", minutes_ago=0)

    second = client.get("/search/", {"q": "reservoir", "before": str(page.next_cursor)})

    assert second.status_code == 200
    found = [a.id for a in second.context["page"].items]
    assert found == [newest.pk, *(s.pk for s in reversed(rest))]
