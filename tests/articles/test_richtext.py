import pytest

from articles.richtext import (
    cut_at_word,
    html_to_text,
    list_excerpt,
    reading_minutes,
    sanitise,
)


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<img src=x onerror="alert(1)">', ""),
        ("<style>body{display:none}</style><p>ok</p>", "<p>ok</p>"),
        ('<iframe src="https://evil.example"></iframe>', ""),
    ],
)
def test_sanitise_removes_anything_that_could_run(dirty, clean):
    assert sanitise(dirty) == clean


def test_sanitise_keeps_what_editors_write():
    html = (
        '<h2>Sub</h2><p>A <a href="https://example.org/x">link</a>, <strong>bold</strong>.</p>'
        "<ul><li>one</li></ul><blockquote><p>Quote</p></blockquote>"
    )
    assert sanitise(html) == html.replace(
        'href="https://example.org/x"', 'href="https://example.org/x" rel="noopener noreferrer"'
    )


def test_text_of_a_roundup_reads_as_a_bullet_list():
    html = (
        "<p>Key developments on Nov. 27:</p><ul><li>Grid restored</li><li>Budget passed</li></ul>"
    )
    assert html_to_text(html) == "Key developments on Nov. 27: * Grid restored * Budget passed"


ROUNDUP = (
    "<p>Key developments on Jan. 5:</p><ul>"
    "<li>Military intelligence reports cross-border raid on Russian positions</li>"
    "<li>Armed Forces report striking Russian arsenals in occupied Crimea</li>"
    "<li>Governor claims Russia attacked Kharkiv Oblast with foreign-made missiles</li>"
    "<li>Canada announces new aid package for Ukraine's air defence</li>"
    "</ul><p>Japan promised to provide $37 million to a NATO fund.</p>"
)


def test_a_roundups_excerpt_keeps_whole_items_and_stops_at_the_end_of_its_list():
    assert list_excerpt(ROUNDUP, 220) == (
        "Key developments on Jan. 5:"
        " * Military intelligence reports cross-border raid on Russian positions"
        " * Armed Forces report striking Russian arsenals in occupied Crimea"
    )
    # Room for every item: the paragraph after the list is not run into the last one.
    assert list_excerpt(ROUNDUP, 1000).endswith(
        " * Canada announces new aid package for Ukraine's air defence"
    )
    # Not even the first item fits, or the body does not open with a list: no list excerpt.
    assert list_excerpt(ROUNDUP, 60) is None
    assert list_excerpt("<p>Prose only.</p>", 220) is None


def test_a_roundups_excerpt_leaves_out_what_the_headline_says():
    excerpt = list_excerpt(
        ROUNDUP,
        220,
        headline="Latest: Military intelligence reports cross-border raid on Russian positions",
    )
    assert excerpt.split(" * ")[1:] == [
        "Armed Forces report striking Russian arsenals in occupied Crimea",
        "Governor claims Russia attacked Kharkiv Oblast with foreign-made missiles",
    ]
    bare = "<ul><li>Grid restored</li><li>Budget passed</li></ul>"
    assert list_excerpt(bare, 220, headline="Key developments on Jan. 5") == (
        "* Grid restored * Budget passed"
    )
    # An intro that is the headline again is left out too.
    assert list_excerpt(ROUNDUP, 220, headline="Key developments on Jan. 5").startswith(
        "* Military"
    )


def test_text_decodes_entities_and_separates_blocks():
    assert html_to_text("<p>Tom &amp; Jerry</p><p>Next</p>") == "Tom & Jerry Next"


@pytest.mark.parametrize(
    "words, minutes", [(0, 1), (1, 1), (230, 1), (231, 2), (460, 2), (461, 3), (2300, 10)]
)
def test_reading_minutes_round_up_and_never_show_zero(words, minutes):
    assert reading_minutes(" ".join(["word"] * words)) == minutes


def test_cut_at_word_keeps_short_text_whole():
    assert cut_at_word("Short and sweet.", 50) == "Short and sweet."


def test_cut_at_word_ends_at_a_whole_word_with_an_ellipsis():
    text = "Russian attacks target and damage factories in the region overnight"
    result = cut_at_word(text, 32)
    assert result == "Russian attacks target and…"
    assert len(result) <= 32


def test_cut_at_word_uses_a_word_that_ends_exactly_at_the_limit():
    assert cut_at_word("alpha beta gamma", 11) == "alpha beta…"


def test_cut_at_word_drops_trailing_punctuation_and_bullets():
    assert cut_at_word("Key developments: * Grid restored * Budget passed", 22) == (
        "Key developments…"
    )


def test_cut_at_word_cuts_a_single_long_word():
    assert cut_at_word("x" * 40, 10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    "cite",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&#x0A;script:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:desk@example.org",
        "/relative/source",
        "//evil.example/x",
        "https:",
        "http:/no-host",
        "http://[::1",
    ],
)
def test_a_quote_cites_only_web_addresses(cite):
    assert sanitise(f'<blockquote cite="{cite}"><p>Q</p></blockquote>') == (
        "<blockquote><p>Q</p></blockquote>"
    )


@pytest.mark.parametrize("cite", ["https://example.org/speech", "http://example.org/a?b=1&amp;c=2"])
def test_a_quote_keeps_its_web_source(cite):
    html = f'<blockquote cite="{cite}"><p>Q</p></blockquote>'
    assert sanitise(html) == html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
    ],
)
def test_links_refuse_every_scheme_but_the_web_and_mail(href):
    assert sanitise(f'<a href="{href}">x</a>') == '<a rel="noopener noreferrer">x</a>'


@pytest.mark.parametrize(
    "href", ["https://example.org/x", "http://example.org/", "mailto:desk@example.org", "/news/a/"]
)
def test_links_keep_web_mail_and_on_site_addresses(href):
    assert f'href="{href}"' in sanitise(f'<a href="{href}">x</a>')


@pytest.mark.parametrize(
    "html",
    [
        '<img src="javascript:alert(1)">',
        '<p src="javascript:alert(1)">x</p>',
        '<a src="javascript:alert(1)">x</a>',
        '<blockquote src="javascript:alert(1)">x</blockquote>',
    ],
)
def test_no_tag_keeps_a_src(html):
    assert "src" not in sanitise(html)
    assert "javascript" not in sanitise(html)
