"""Stored text of every kind, out through every place it is written: feeds, JSON-LD, page heads
and the desk's emails.

Whatever a writer typed, a Ghost export held or an old row kept in a headline, standfirst,
author's name, tag, caption or credit: the feeds parse as XML, and what a reader renders as
HTML after one decoding opens no element we did not write; plain-text fields carry the text
itself; JSON-LD parses and gives back the very value, and nothing in it closes its <script>;
an email is built, with headers of one line.
"""

import email
import email.policy
import html
import json
import re
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import notifications
from articles.models import Article, LivePost, WorkflowEvent
from articles.plaintext import one_line
from public import memory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    UserFactory,
    editor,
)
from tests.security.readers import ATOM, CONTENT_ENCODED, feed_fields, html_tags
from tests.site import SITE

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</script><script>alert(1)</script>",
    "<!--",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "&lt;b&gt;",
    "&#60;script&#62;",
    "\r\n",
    "\n",
    "\t",
    "\x07",
    "\x0b",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufffe",
    "\ufeff",
    "\u202e",
    "Київ",
]
# PostgreSQL cannot store NUL, and the desk's forms refuse it (tests/security/test_fuzz_desk.py).
piece = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12),
)
text = st.lists(piece, max_size=6).map(lambda parts: "".join(parts)[:90])
# A tag needs letters for its address (taggit gives "<!--" no slug); the rest may be anything.
tag_name = text.map(lambda name: f"t{name}")


@contextmanager
def fresh_site():
    """One example's stories, gone after it (the database and the page cache)."""
    with transaction.atomic():
        cache.clear()
        memory.forget_all()
        yield
        transaction.set_rollback(True)


def hostile_story(title, dek, name, tag, caption, credit):
    image = ImageFactory(alt_text=caption, caption=caption, credit=credit)
    return ArticleFactory(
        published=True,
        title=title,
        dek=dek,
        section=SectionFactory(name=f"Section {name}"[:100]),
        authors=[AuthorFactory(name=name)],
        tags=[tag],
        lead_image=image,
        lead_image_caption=caption,
        # A body picture: its caption and credit go into the feed's HTML by our own markup.
        body=f'<p>Body.</p><figure data-block="image" data-image="{image.pk}"></figure>',
    )


def feed_urls(article):
    """The site's feeds and those of the story's section, author and tag, RSS and Atom."""
    listings = [
        article.section.get_absolute_url(),
        article.authors()[0].get_absolute_url(),
        f"/tags/{article.tags.get().slug}/",
    ]
    rss = ["/feed/", *(listing + "feed/" for listing in listings)]
    return rss + [url + "atom/" for url in rss]


# What our own HTML in a feed is made of (the story's body with its picture).
OUR_CONTENT = {
    "p": set(),
    "figure": set(),
    "img": {"src", "alt", "width", "height"},
    "figcaption": set(),
}
MEDIA = "{http://search.yahoo.com/mrss/}"


def assert_a_reader_sees_only_our_markup(xml: bytes, where: str) -> list:
    fields = feed_fields(xml)  # the XML parses
    for field in fields:
        if not field.html:
            continue
        tags = html_tags(field.text)
        if field.element in (CONTENT_ENCODED, f"{ATOM}content"):
            for tag, attributes in tags:
                assert tag in OUR_CONTENT, (where, field)
                assert {name for name, _ in attributes} <= OUR_CONTENT[tag], (where, field)
                if tag == "img":
                    assert dict(attributes)["src"].startswith(SITE), (where, field)
        else:
            assert tags == [], (where, field)
    return fields


def texts(fields, element) -> list[str]:
    return [field.text for field in fields if field.element == element]


@FUZZ
@given(title=text, dek=text, name=text, tag=tag_name, caption=text, credit=text)
def test_feeds_parse_and_carry_text_never_markup(client, title, dek, name, tag, caption, credit):
    with fresh_site():
        article = hostile_story(title, dek, name, tag, caption, credit)
        for url in feed_urls(article):
            response = client.get(url)
            assert response.status_code == 200, url
            fields = assert_a_reader_sees_only_our_markup(response.content, url)
            atom = url.endswith("/atom/")
            # One decoding as HTML (RSS) or none (Atom's plain text) gives the words back.
            item_title = f"{ATOM}title" if atom else "title"
            decoded = [html.unescape(t) if not atom else t for t in texts(fields, item_title)]
            if one_line(title):
                assert one_line(title) in decoded, url
            summary = texts(fields, f"{ATOM}summary" if atom else "description")
            if one_line(dek):
                assert html.escape(one_line(dek), quote=False) in summary, url
            # Names, tags and credits are plain text in both formats.
            if atom:
                names = texts(fields, f"{ATOM}name")
                categories = texts(fields, f"{ATOM}category@term")
            else:
                names = texts(fields, "{http://purl.org/dc/elements/1.1/}creator")
                categories = texts(fields, "category")
            if one_line(name):
                assert one_line(name) in names, url
            assert one_line(tag) in categories, url
            if one_line(credit):
                assert one_line(credit) in texts(fields, f"{MEDIA}credit"), url
            if one_line(caption):  # the picture's alt text
                assert one_line(caption) in texts(fields, f"{MEDIA}description"), url


@FUZZ
@given(headline=text, name=text, words=text)
def test_the_live_posts_feed_parses_and_carries_text_never_markup(client, headline, name, words):
    with fresh_site():
        story = ArticleFactory(published=True, title=headline, coverage_started_at=timezone.now())
        LivePost.objects.create(
            article=story,
            headline=headline[:200],
            body=f"<p>{html.escape(words)}</p>",
            author=AuthorFactory(name=name),
        )
        response = client.get(f"/news/{story.slug}/posts/feed/")
        assert response.status_code == 200
        fields = feed_fields(response.content)
        for field in fields:
            if field.html:
                allowed = [] if field.element != "description" else [("p", ())]
                assert html_tags(field.text) in ([], allowed), field


# JSON-LD and the page's head -------------------------------------------------------------------

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script', re.S)


@FUZZ
@given(title=text, dek=text, name=text, tag=tag_name, caption=text, credit=text)
def test_json_ld_parses_gives_back_each_value_and_stays_in_its_script(
    client, title, dek, name, tag, caption, credit
):
    with fresh_site():
        article = hostile_story(title, dek, name, tag, caption, credit)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        blocks = LD_JSON.findall(page)
        # Each block ends where we ended it: nothing inside closed the <script> early.
        assert len(blocks) == page.count("application/ld+json") == 2
        assert not any(re.search("[<>&\u2028\u2029]", block) for block in blocks)
        data = {block["@type"]: block for block in map(json.loads, blocks)}
        story = data["NewsArticle"]
        assert story["headline"] == title
        assert story["description"] == (dek or article.excerpt)
        assert story["author"][0]["name"] == name
        assert story["keywords"] == [tag]
        assert story["image"][0]["caption"] == (caption or story["image"][0]["caption"])
        assert story["image"][1].get("creditText", "") == credit
        assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == title
        head = page.split("</head>", 1)[0]
        shown = html.escape(one_line(title))
        assert f"<title>{shown} — The Meridian</title>" in head
        assert f'<meta property="og:title" content="{shown}">' in head
        # The head opens no element the template did not: the values stay in their quotes.
        assert "onerror" not in " ".join(
            name for _, attributes in html_tags(head) for name, _ in attributes
        )


# Email -----------------------------------------------------------------------------------------


@pytest.fixture
def desk_editor():
    return editor(username="edith", email="edith@example.org")


@FUZZ
@given(title=text, first_name=text.map(lambda value: value[:150]))
def test_desk_emails_are_built_with_one_line_headers(desk_editor, title, first_name):
    with fresh_site():
        # Stored as it came, as rows from before headlines were cleaned on saving.
        article = ArticleFactory(title=title)
        writer = UserFactory(first_name=first_name, email="wanda@example.org")
        for action in notifications.KINDS:
            event = WorkflowEvent.objects.create(
                article=article,
                action=action,
                from_status=Article.Status.DRAFT,
                to_status=Article.Status.IN_REVIEW,
                actor=writer,
            )
            message = notifications.build_message(event)
            if message is None:  # no recipient wants this one
                continue
            raw = message.message().as_bytes()
            parsed = email.message_from_bytes(raw, policy=email.policy.default)
            for header, value in parsed.items():
                assert "\r" not in value and "\n" not in value, (header, value)
            # The same characters, compared without their spacing: Python's email folds a long
            # subject after "Subject:" or between encoded words, adding a space on reading it
            # back, or losing the one between two encoded words ("¡ ¡" arrives as "¡¡").
            assert "".join(parsed["Subject"].split()) == "".join(message.subject.split())
            assert message.subject == one_line(message.subject)
            assert message.subject.endswith(one_line(title))
