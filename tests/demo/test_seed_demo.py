from datetime import timedelta
from io import StringIO

import lxml.html
import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, FrontPageSlot
from authors.models import Author
from demo.content import BLOCK_STORIES
from media.models import Image

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_newsroom_that_hides_unpublished_stories(client):
    out = StringIO()
    call_command("seed_demo", articles=60, stdout=out)
    assert "Loaded 60 stories" in out.getvalue()
    assert Author.objects.count() >= 12
    assert Author.objects.filter(avatar__isnull=False, role__gt="", bio__gt="").count() >= 12
    assert Image.objects.filter(credit__gt="", caption__gt="", alt_text__gt="").exists()
    hidden = Article.objects.exclude(status=Article.Status.PUBLISHED)
    assert hidden.filter(status=Article.Status.DRAFT).exists()
    assert hidden.filter(status=Article.Status.SCHEDULED).exists()
    roundup = Article.objects.published().filter(title__startswith="Meridian latest").first()
    assert roundup.excerpt.startswith("Key developments on ")
    assert " * " in roundup.excerpt
    home = client.get("/").content.decode()
    for article in hidden:
        assert article.get_absolute_url() not in home
        assert client.get(article.get_absolute_url()).status_code == 404


def test_seed_demo_if_empty_leaves_existing_content_alone():
    call_command("seed_demo", articles=5, stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", articles=5, if_empty=True, stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert Article.objects.count() == 5 + len(BLOCK_STORIES)


def test_seed_demo_twice_adds_more_without_clashing():
    call_command("seed_demo", articles=5, stdout=StringIO())
    call_command("seed_demo", articles=5, stdout=StringIO())
    assert Article.objects.count() == 10 + len(BLOCK_STORIES)  # those are made once
    assert Author.objects.count() == 14


def test_seed_demo_refuses_a_nonsense_count():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_demo", articles=0, stdout=StringIO())


def test_demo_has_a_story_with_every_kind_of_block(client):
    from articles import blocks

    call_command("seed_demo", articles=5, stdout=StringIO())
    kinds = set()
    for story in Article.objects.published():
        kinds.update(type(block).__name__ for block in blocks.read(story.body))
        assert blocks.problems(story.body) == [], story.title
    assert {
        "ImageBlock",
        "GalleryBlock",
        "EmbedBlock",
        "TableBlock",
        "PullQuoteBlock",
        "CalloutBlock",
        "RelatedBlock",
    } <= kinds
    embed = next(
        block
        for story in Article.objects.published()
        for block in blocks.read(story.body)
        if isinstance(block, blocks.EmbedBlock) and block.thumbnail_id
    )
    assert Image.objects.get(pk=embed.thumbnail_id).file  # a snapshot drawn locally, our copy


def test_make_demo_runs_again_and_again_with_or_without_an_import():
    """`make demo`'s sequence, twice, then again after an import left images as links."""

    def make_demo():
        call_command("seed_demo", if_empty=True, articles=5, stdout=StringIO())
        out = StringIO()
        call_command("renditions", "warm", stdout=out, stderr=StringIO())
        return out.getvalue()

    make_demo()
    make_demo()
    # What an import leaves behind: pictures that are only links to the old site.
    Image.objects.create(title="Ghost photo", source_url="https://old.example.org/a.jpg")
    Image.objects.create(title="Ghost avatar", source_url="https://old.example.org/b.png")
    assert "2 kept as links skipped" in make_demo()
    assert "0 images failed" in make_demo()
    assert Article.objects.count() == 5 + len(BLOCK_STORIES)


def test_the_demo_has_a_live_story_and_an_edited_front_page(client):
    call_command("seed_demo", articles=60, stdout=StringIO())
    live = Article.objects.published().get(coverage_started_at__isnull=False)
    posts = list(live.live_posts.order_by("published_at"))
    assert len(posts) >= 10 and any(p.is_key_event for p in posts)
    # A reporter's picture, drawn in its post as in a story.
    page = lxml.html.fromstring(client.get(live.get_absolute_url()).content)
    # Above the posts, where things stand: not the standfirst said again.
    intro = page.xpath('string(//div[@class="story-body"])').strip()
    assert intro and live.dek not in intro
    assert page.xpath('//ol[@id="live-posts"]//figure[contains(@class, "block-image")]//picture')
    assert posts[-1].published_at - posts[0].published_at > timedelta(hours=3)
    home = client.get("/").content.decode()
    assert 'class="live-strip"' in home and live.title in home
    newest = Article.objects.published().exclude(pk=live.pk).order_by("-published_at").first()
    lead = home.split('class="lead-story')[1].split("</article>")[0]
    assert newest.title not in lead


def test_every_demo_story_has_tags_the_lead_and_the_pictures_story_too(client):
    call_command("seed_demo", articles=60, stdout=StringIO())
    untagged = Article.objects.published().filter(tags=None)
    assert list(untagged.values_list("title", flat=True)) == []
    lead = FrontPageSlot.objects.get(slot=FrontPageSlot.Slot.LEAD).article
    pictures = Article.objects.get(slug=BLOCK_STORIES[1]["slug"])
    for story in (lead, pictures):
        page = lxml.html.fromstring(client.get(story.get_absolute_url()).content)
        assert 1 <= len(page.xpath('//ul[@class="tags"]//a')) <= 3, story.title
