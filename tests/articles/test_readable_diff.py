"""The revision diff an editor reads: names instead of ids, body blocks compared as blocks."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, ArticleAuthor
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    editor,
    ready_article,
)

pytestmark = pytest.mark.django_db
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def picture(image_id, caption=""):
    inner = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure data-block="image" data-image="{image_id}">{inner}</figure>'


def embed(title):
    return (
        f'<figure data-block="embed" data-provider="youtube" data-url="{YOUTUBE}" '
        f'data-title="{title}"></figure>'
    )


def pullquote(text, who):
    return f'<aside data-block="pullquote"><p>{text}</p><cite>{who}</cite></aside>'


def table(*rows):
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table data-caption="Outages by district"><tbody>{cells}</tbody></table>'


def fields(diff):
    return {change.name: change for change in diff}


def text_of(line):
    return "".join(text for op, text in line.segments if op != "-")


def was_text(line):
    return "".join(text for op, text in line.segments if op != "+")


def marked(line):
    return [(op, text) for op, text in line.segments if op != "="]


def test_section_bylines_and_tags_are_named_not_numbered():
    energy, city = SectionFactory(name="Energy"), SectionFactory(name="City")
    olena = AuthorFactory(name="Olena Marchenko")
    taras = AuthorFactory(name="Taras Bondar")
    old = {"section": energy.pk, "bylines": [[olena.pk, "by", 0]], "tags": ["Kyiv"]}
    new = {
        "section": city.pk,
        "bylines": [[olena.pk, "by", 0], [taras.pk, "photos", 1]],
        "tags": ["Kyiv", "Metro"],
    }
    diff = fields(workflow.story_diff(old, new))
    assert marked(diff["section"].lines[0]) == [("-", "Energy"), ("+", "City")]
    (bylines,) = diff["bylines"].lines
    assert text_of(bylines) == "By Olena Marchenko, Photos by Taras Bondar"
    assert marked(bylines) == [("+", "Photos by Taras Bondar")]
    assert marked(diff["tags"].lines[0]) == [("+", "Metro")]
    # Nothing on the page is an id.
    assert str(energy.pk) not in text_of(diff["section"].lines[0])


def test_a_picture_block_shows_its_thumbnail_caption_and_credit_apart_from_the_text():
    photo = ImageFactory(title="Metro platform", credit="Olena Marchenko/Meridian")
    body = "<p>Trains run again.</p>" + picture(photo.pk, "The platform at dawn")
    new_body = "<p>Trains run again.</p>" + picture(photo.pk, "The platform at noon")
    (body_change,) = workflow.story_diff({"body": body}, {"body": new_body})
    unchanged, changed = body_change.blocks
    assert isinstance(unchanged, workflow.Unchanged) and unchanged.summary == "1 unchanged block"
    assert (changed.change, changed.block.label) == ("changed", "Picture")
    lines = {line.label: line for line in changed.lines}
    # The caption is its own line: the paragraph's words are not mixed into it.
    assert marked(lines["Caption"]) == [("-", "dawn"), ("+", "noon")]
    assert text_of(lines["Credit"]) == "Olena Marchenko/Meridian"
    assert not lines["Credit"].changed
    (shown,) = changed.block.pictures
    assert shown.title == "Metro platform" and shown.thumbnail_url


def test_a_new_picture_an_embed_and_a_quotes_speaker_are_all_in_the_diff():
    photo = ImageFactory(title="Crowd at the station")
    old = "<p>Trains run again.</p>" + pullquote("We are back.", "The mayor")
    new = (
        "<p>Trains run again.</p>"
        + picture(photo.pk)
        + embed("Metro reopening")
        + pullquote("We are back.", "Vitali Klitschko")
    )
    blocks = workflow.body_diff(old, new)
    changes = [(b.change, b.block.label) for b in blocks if isinstance(b, workflow.BlockChange)]
    assert changes == [
        ("added", "Picture"),
        ("added", "Embed (YouTube)"),
        ("changed", "Pull quote"),
    ]
    added_picture, added_embed, quote = (b for b in blocks if isinstance(b, workflow.BlockChange))
    assert [p.title for p in added_picture.block.pictures] == ["Crowd at the station"]
    embed_lines = {line.label: text_of(line) for line in added_embed.lines}
    assert embed_lines == {"Address": YOUTUBE, "Title": "Metro reopening"}
    speaker = {line.label: line for line in quote.lines}["Said by"]
    assert (was_text(speaker), text_of(speaker)) == ("The mayor", "Vitali Klitschko")


def test_a_rewritten_phrase_reads_as_the_old_words_then_the_new():
    before = "The line will run every eight minutes at first, and every six by the end of the week."
    after = (
        "The line will run every six minutes from Tuesday, with extra trains at the evening peak."
    )
    assert workflow.word_diff(before, after, phrases=True) == [
        ("=", "The line will run every "),
        ("-", "eight minutes at first, and every six by the end of the week"),
        ("+", "six minutes from Tuesday, with extra trains at the evening peak"),
        ("=", "."),
    ]
    # The conflict view marks each word: no phrases there.
    assert ("-", "eight") in workflow.word_diff(before, after)
    # One or two words in common between two changes are folded into them; three are kept.
    assert workflow.word_diff(
        "Trains ran on Tuesday to Obolon.", "Trains ran on Monday to Podil.", phrases=True
    ) == [
        ("=", "Trains ran on "),
        ("-", "Tuesday to Obolon"),
        ("+", "Monday to Podil"),
        ("=", "."),
    ]
    assert workflow.word_diff(
        "Trains ran on Tuesday to the new Obolon station.",
        "Trains ran on Monday to the new Podil station.",
        phrases=True,
    ) == [
        ("=", "Trains ran on "),
        ("-", "Tuesday"),
        ("+", "Monday"),
        ("=", " to the new "),
        ("-", "Obolon"),
        ("+", "Podil"),
        ("=", " station."),
    ]


def test_a_table_is_compared_row_by_row():
    old = table(["Podil", "120"], ["Obolon", "80"])
    new = table(["Podil", "120"], ["Obolon", "60"], ["Troieshchyna", "40"])
    (change,) = workflow.body_diff(old, new)
    assert change.block.label == "Table"
    rows = {line.label: line for line in change.lines}
    assert not rows["Row 1"].changed
    assert marked(rows["Row 2"]) == [("-", "80"), ("+", "60")]
    assert marked(rows["Row 3"]) == [("+", "Troieshchyna | 40")]


def test_unchanged_paragraphs_are_collapsed_and_a_removed_one_is_a_block():
    old = "".join(f"<p>Paragraph {n}.</p>" for n in range(1, 6))
    new = old.replace("<p>Paragraph 3.</p>", "")
    blocks = workflow.body_diff(old, new)
    assert [type(b).__name__ for b in blocks] == ["Unchanged", "BlockChange", "Unchanged"]
    assert [len(blocks[0].blocks), len(blocks[2].blocks)] == [2, 2]
    assert blocks[1].change == "removed" and text_of(blocks[1].lines[0]) == ""
    assert marked(blocks[1].lines[0]) == [("-", "Paragraph 3.")]


def test_the_old_flat_revision_diff_still_names_things(client):
    edith = editor(username="edith")
    energy, city = SectionFactory(name="Energy"), SectionFactory(name="City")
    article = ready_article(section=energy, body="<p>Keep.</p>")
    old = workflow.record_revision(article, by=edith)
    article.section = city
    workflow.save_article(article, by=edith, expected_version=article.version)
    new = article.revisions.order_by("-id").first()
    assert workflow.revision_diff(old, new) == [("Section", [[("-", "Energy"), ("+", "City")]])]


def test_the_revisions_page_shows_names_pictures_and_blocks(client, django_assert_max_num_queries):
    edith = editor(username="edith", first_name="Edith", last_name="Brandt")
    olena = AuthorFactory(name="Olena Marchenko")
    photos = [ImageFactory(title=f"Station photo {n}") for n in range(3)]
    article = ready_article(
        section=SectionFactory(name="Energy"), body="<p>Trains run again.</p>", authors=[olena]
    )
    old = workflow.record_revision(article, by=edith)
    article.section = SectionFactory(name="City")
    article.body += "".join(picture(p.pk, f"Caption {p.pk}") for p in photos)

    def bylines():
        ArticleAuthor.objects.create(article=article, author=AuthorFactory(name="Taras Bondar"))

    workflow.save_article(article, by=edith, expected_version=article.version, save_related=bylines)
    new = article.revisions.order_by("-id").first()
    client.force_login(edith)
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    client.get(url, {"a": old.pk, "b": new.pk})  # the thumbnails are made once
    with django_assert_max_num_queries(20):
        html = client.get(url, {"a": old.pk, "b": new.pk}).content.decode()
    diff = html[html.index('class="story-diff"') :]
    assert "<del>Energy</del><ins>City</ins>" in diff
    assert "By Olena Marchenko, <ins>By Taras Bondar</ins>" in diff
    assert diff.count('<div class="diff-block diff-added">') == 3
    assert diff.count("<img ") == 3 and "Station photo 2" in diff
    assert "1 unchanged block" in diff
    # A picture block's lines say its title and credit; its thumbnail does not repeat them.
    assert diff.count("Station photo 2") == 2  # the line and the thumbnail's alt text
    assert "<figcaption>" not in diff
    assert f'"{article.section_id}"' not in diff and "[[" not in diff


def test_a_story_with_a_deleted_author_or_section_still_compares():
    gone = {"section": 999999, "bylines": [[999999, "by", 0]], "lead_image": 999998}
    diff = fields(workflow.story_diff({}, gone))
    assert text_of(diff["section"].lines[0]) == "a deleted section"
    assert text_of(diff["bylines"].lines[0]) == "By a deleted author"
    assert diff["lead_image"].after.title == "A deleted picture"
    assert Article.objects.count() == 0
    ArticleFactory()  # the factories still work after the diff asked for nothing
