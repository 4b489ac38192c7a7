"""The readers' interface in Ukrainian (locale/uk): the catalogue is translated in full, has
every message the code and templates mark, and is the one compiled beside it; pages rendered
in Ukrainian say everything in Ukrainian, dates included, under `<html lang="uk">`; and a card
or rail drawn in one language is never served in the other.

Pages are rendered with the language switched on around the request (translation.override),
as the language middleware will once it reads the `/uk/` prefix.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest
import time_machine
from django.test import RequestFactory
from django.utils import translation

from articles import workflow
from articles.models import ArticleAuthor, Correction
from public import views
from public.templatetags.script_text import catalogue, script_text
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, editor

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = ROOT / "locale" / "uk" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
NOW = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)  # 16:05 in Kyiv
EARLIER = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # 12:00 in Kyiv, a week before

# The English interface: none of it may show on a page in Ukrainian.
ENGLISH = (
    "Show more",
    "min read",
    "News Feed",
    "Read more",
    "Updated",
    "Skip to content",
    "Search",
    "Latest",
    "Top stories",
    "Share",
    "Copy link",
    "Related",
    "Stories",
    "No stories",
    "Results",
    "Live",
    "Key event",
    "Pinned",
    "Corrections",
    "Tags",
    "Go to the",
    "We can't",
    "Photos by",
)
# The only Latin letters a page in Ukrainian with Ukrainian stories shows: the share buttons'
# services and the Atom feed's format, by their own names.
BRANDS = ("Facebook", "Telegram", "WhatsApp", "Atom")


def _gettext_tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: install gettext (scripts/system-deps)"
    return found


def _entries(path: Path) -> list[dict]:
    """The entries of a .po file, each as its fields (msgctxt, msgid, msgid_plural, msgstr,
    msgstr[n]) and flags; obsolete ones (#~) and the header left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, flags, field = {}, set(), None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[field] += ast.literal_eval(line)
            else:
                field, _, value = line.partition(" ")
                fields[field] = ast.literal_eval(value)
        if fields.get("msgid"):
            entries.append({**fields, "flags": flags})
    return entries


def _ids(entries) -> set[tuple]:
    return {(e.get("msgctxt"), e["msgid"], e.get("msgid_plural")) for e in entries}


def test_the_catalogue_is_translated_in_full():
    result = subprocess.run(
        [_gettext_tool("msgfmt"), "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr
    entries = _entries(CATALOGUE)
    assert len(entries) > 100
    for entry in entries:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert translations and all(translations), entry["msgid"]
        if "msgid_plural" in entry:  # one, few and many, as Ukrainian counts
            assert sorted(k for k in entry if k.startswith("msgstr")) == [
                "msgstr[0]",
                "msgstr[1]",
                "msgstr[2]",
            ]
    assert '"Plural-Forms: nplurals=3;' in CATALOGUE.read_text(encoding="utf-8")


def test_the_catalogue_has_every_message_the_code_and_templates_mark(tmp_path):
    """makemessages on a copy of the project finds nothing the committed catalogue lacks, and
    the catalogue keeps nothing the code no longer says. Fix: `make messages`, translate."""
    _gettext_tool("xgettext")
    copy = tmp_path / "project"

    def skipped(folder, names):
        kept = (".py", ".html", ".txt", ".xml", ".po")
        return [
            name
            for name in names
            if name in {".git", ".venv", "var", "node_modules", "__pycache__", "static", "docs"}
            or (Path(folder, name).is_file() and not name.endswith(kept))
        ]

    shutil.copytree(ROOT, copy, ignore=skipped, symlinks=True)
    subprocess.run(
        # As `make messages` runs it.
        [sys.executable, "manage.py", "makemessages", "--locale", "uk", "--add-location", "file"]
        + ["--ignore", "tests"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "NEWSROOM_VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        check=True,
    )
    found = _ids(_entries(copy / "locale" / "uk" / "LC_MESSAGES" / "django.po"))
    committed = _ids(_entries(CATALOGUE))
    assert not found - committed, "marked for translation but not in the catalogue"
    assert not committed - found, "in the catalogue but no longer marked anywhere"


def test_the_compiled_catalogue_is_the_committed_one(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run([_gettext_tool("msgfmt"), "-o", str(fresh), str(CATALOGUE)], check=True)
    with fresh.open("rb") as compiled_now, COMPILED.open("rb") as committed:
        expected, found = gettext.GNUTranslations(compiled_now), gettext.GNUTranslations(committed)
    assert found._catalog == expected._catalog  # every message, every plural form
    assert found.info() == expected.info()


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (1, "1 новий матеріал"),
        (3, "3 нові матеріали"),
        (5, "5 нових матеріалів"),
        (11, "11 нових матеріалів"),
        (21, "21 новий матеріал"),
        (22, "22 нові матеріали"),
    ],
)
def test_plurals_take_the_three_forms_ukrainian_counts_with(count, shown):
    with translation.override("uk"):
        text = translation.ngettext("%(count)s new story", "%(count)s new stories", count)
        assert text % {"count": count} == shown


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def ukrainian_site(db, settings):
    """A newsroom with Ukrainian stories, at a fixed instant: a story a week old with two
    bylines, tags and a correction, a live story of today, in one section."""
    settings.SITE_NAME, settings.SITE_TAGLINE = "Меридіан", "Незалежні новини щогодини"
    with time_machine.travel(NOW, tick=False):
        section = SectionFactory(name="Економіка", slug="economy")
        reporter = AuthorFactory(
            name="Олена Коваленко",
            slug="olena-kovalenko",
            role="Кореспондентка",
            bio="Пише про економіку й енергетику.",
        )
        photographer = AuthorFactory(
            name="Іван Петренко", slug="ivan-petrenko", role="Фотограф", bio="Знімає для нас."
        )
        story = ArticleFactory(
            title="Уряд ухвалив бюджет на зиму",
            slug="budget",
            dek="Громади отримають більше грошей на укриття.",
            body="<p>" + "слово " * 700 + "</p>",
            section=section,
            authors=[reporter],
            tags=["бюджет"],
            status="published",
            published_at=EARLIER,
            significant_update_at=EARLIER + timedelta(hours=2),
        )
        ArticleAuthor.objects.create(
            article=story, author=photographer, role=ArticleAuthor.Role.PHOTOS, position=1
        )
        Correction.objects.create(
            article=story,
            text="Раніше тут була хибна сума.",
            created_at=EARLIER + timedelta(hours=3),
        )
        live = ArticleFactory(
            title="Негода на півдні: головне",
            slug="storm",
            dek="Стежимо за негодою.",
            body="<p>Стежимо за негодою.</p>",
            section=section,
            authors=[reporter],
            status="published",
            published_at=NOW - timedelta(hours=3),
        )
        boss = editor()
        workflow.start_coverage(live, by=boss)
        for minutes, headline in ((30, "Вітер слабшає"), (90, "Світло повернули")):
            post = workflow.add_live_post(
                live,
                by=None,
                author=reporter,
                body="<p>Деталі згодом.</p>",
                published_at=NOW - timedelta(minutes=minutes),
            )
            workflow.edit_live_post(post, by=boss, is_key_event=True, headline=headline)
        workflow.edit_live_post(post, by=boss, is_pinned=True)
        yield {"story": story, "live": live, "section": section, "author": reporter}


def shown(response) -> str:
    """What a reader reads or hears: the text outside scripts, and labels and titles."""
    page = lxml.html.fromstring(response.content)
    for script in page.xpath("//script"):
        script.drop_tree()
    labels = page.xpath("//@aria-label | //@title | //@placeholder | //@alt")
    return " ".join(("".join(page.xpath("//text()")) + " " + " ".join(labels)).split())


def in_ukrainian(client, url, status=200):
    """The page at `url` rendered in Ukrainian, checked for any English; its text."""
    with time_machine.travel(NOW, tick=False), translation.override("uk"):
        response = client.get(url)
    assert response.status_code == status, url
    assert response.content.decode().startswith('<!doctype html>\n<html lang="uk">')
    text = shown(response)
    for phrase in ENGLISH:
        assert phrase not in text, (url, phrase)
    latin = re.findall(r"[A-Za-z]{2,}", text)
    assert set(latin) <= set(BRANDS), (url, sorted(set(latin) - set(BRANDS)))
    return text


def test_the_front_page_in_ukrainian(client, ukrainian_site):
    text = in_ukrainian(client, "/")
    assert "Перейти до основного вмісту" in text
    assert "Стрічка новин (Оновлено: 13:05)" in text  # the rail's newest line: the live story
    assert "Головне" in text and "Показати більше" not in text  # two stories: one page
    assert "Наживо" in text and "4 хв читання" in text  # the live badge; a card's reading time
    assert "20 листопада Уряд ухвалив бюджет на зиму" in text  # a week old: its day, in Ukrainian


def test_an_article_in_ukrainian(client, ukrainian_site):
    text = in_ukrainian(client, "/news/budget/")
    assert "Текст: Олена Коваленко" in text and "Фото: Іван Петренко" in text  # bylines
    assert "20 листопада 2026, 12:00" in text  # published
    assert "Оновлено: 20 листопада 2026, 14:00" in text
    assert "4 хв читання" in text
    assert "Поділитися" in text and "Копіювати посилання" in text and "Ел. пошта" in text
    assert "Виправлення 20 листопада 2026, 15:00: Раніше тут була хибна сума." in text
    assert "Про автора: Олена Коваленко" in text  # the author box's label
    assert "Читати далі про автора: Олена Коваленко" in text


def test_a_live_story_in_ukrainian(client, ukrainian_site):
    text = in_ukrainian(client, "/news/storm/")
    assert "Наживо" in text and "Ключові події" in text and "Оновлення наживо" in text
    assert "Закріплено" in text and "Ключова подія" in text
    assert "Ключові події 15:35 Вітер слабшає 14:35 Світло повернули" in text
    assert "Оновлено 16:05" in text  # the posts' last change, on the newsroom's clock
    assert "Поділитися цим дописом" in text and "Посилання на цей допис" in text


def test_show_more_in_ukrainian(client, ukrainian_site):
    with time_machine.travel(NOW, tick=False):
        for n in range(30):
            ArticleFactory(
                title=f"Новина номер {n}",
                dek="Коротко про головне.",
                body="<p>Текст новини.</p>",
                section=ukrainian_site["section"],
                status="published",
                published_at=EARLIER - timedelta(days=1, minutes=n),
            )
    text = in_ukrainian(client, "/")
    assert "Показати більше зі стрічки новин" in text  # the rail's
    assert "19 листопада Новина номер 0" in text
    with time_machine.travel(NOW, tick=False), translation.override("uk"):
        page = lxml.html.fromstring(client.get("/").content)
    [grid] = page.xpath('//nav[@class="show-more"][a]')
    assert grid.get("aria-label") == "Більше матеріалів"
    assert grid.text_content().strip() == "Показати більше"


def test_listings_in_ukrainian(client, ukrainian_site):
    section = in_ukrainian(client, "/sections/economy/")
    assert section.startswith("Економіка — Меридіан") and "Матеріали" in section
    author = in_ukrainian(client, "/authors/olena-kovalenko/")
    assert "Матеріали автора: Олена Коваленко" in author
    feed = in_ukrainian(client, "/news-feed/")
    assert feed.startswith("Стрічка новин — Меридіан")


def test_search_in_ukrainian(client, ukrainian_site):
    empty = in_ukrainian(client, "/search/?q=")
    assert "Введіть слово чи ім’я, щоб шукати серед усіх опублікованих матеріалів." in empty
    found = in_ukrainian(client, "/search/?q=бюджет")
    assert "Результати за запитом «бюджет»" in found and "Уряд ухвалив бюджет на зиму" in found
    missing = in_ukrainian(client, "/search/?q=жирафа")
    assert "За запитом «жирафа» нічого не знайдено." in missing
    too_long = in_ukrainian(client, "/search/?q=" + "ж" * 201, status=400)
    assert "Запит задовгий: спробуйте кілька слів (до 200 символів)." in too_long


def test_error_pages_in_ukrainian(client, ukrainian_site):
    missing = in_ukrainian(client, "/news/no-such-story/", status=404)
    assert "404 · Не знайдено Ми не можемо знайти цю сторінку" in missing
    assert "До стрічки новин або перегляньте розділ: Економіка" in missing
    bad = in_ukrainian(client, "/?before=nonsense", status=400)
    assert "Такої сторінки з матеріалами немає. Повернутися на першу сторінку." in bad


@pytest.mark.parametrize(
    ("language", "lang", "heading"),
    [("en-gb", "en", "We'll be back in a moment"), ("uk", "uk", "Ми скоро повернемося")],
)
def test_the_outage_page_is_in_the_readers_language(settings, language, lang, heading):
    with translation.override(language):
        response = views.service_unavailable(RequestFactory().get("/"))
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and heading in page


def english_story(section):
    with time_machine.travel(NOW, tick=False):
        return ArticleFactory(
            title="Grid repaired",
            slug="grid",
            body="<p>" + "word " * 700 + "</p>",
            section=section,
            status="published",
            published_at=EARLIER - timedelta(hours=1),
        )


def test_each_language_keeps_its_own_rail_and_english_stays_english(
    client, ukrainian_site, two_languages
):
    english_story(ukrainian_site["section"])
    with time_machine.travel(NOW, tick=False):
        english = client.get("/").content.decode()
        ukrainian = shown(client.get("/uk/"))  # through the language middleware
        again = client.get("/").content.decode()
    assert "Стрічка новин (Оновлено: " in ukrainian
    assert not [phrase for phrase in ENGLISH if phrase in ukrainian]
    assert english.startswith('<!doctype html>\n<html lang="en-gb">')
    assert "4 min read" in english and "(Updated: <time" in english and "Nov 20" in english
    assert 'id="script-text"' not in english
    assert again == english


def test_a_card_drawn_in_one_language_is_never_served_in_the_other(
    client, settings, ukrainian_site
):
    """Cards are kept apart from pages, in the shared cache: by language too. (Here the same
    stories' cards under both interface languages, the page itself rendered each time.)"""
    settings.PAGE_CACHE_SECONDS = 0

    def card_meta(response):
        return re.findall(r'<p class="card-meta">.*?</p>', response.content.decode())

    with time_machine.travel(NOW, tick=False):
        english = card_meta(client.get("/"))
        with translation.override("uk"):
            ukrainian = card_meta(client.get("/"))
        again = card_meta(client.get("/"))
    assert "".join(english).count("min read") == len(english) > 0
    assert "Nov 20" in "".join(english)
    assert "".join(ukrainian).count("хв читання") == len(ukrainian) == len(english)
    assert "20 листопада" in "".join(ukrainian) and "Nov" not in "".join(ukrainian)
    assert again == english


# The scripts' words -----------------------------------------------------------------------


def test_pages_in_english_carry_no_catalogue_for_the_scripts():
    with translation.override("en-gb"):
        assert script_text() == ""


def test_the_scripts_words_in_ukrainian_with_each_counts_plural_form():
    with translation.override("uk"):
        block = script_text()
    assert block.startswith('<script id="script-text" type="application/json">{"Copied": ')
    assert block.endswith('<script src="/static/js/script-text.js" defer></script>')
    words = catalogue("uk")
    assert words["Copied"] == "Скопійовано" and words["Updated:"] == "Оновлено:"
    stories = words["%(count)s new story"]

    def for_count(count):  # as static/js/script-text.js picks it
        return stories["forms"][int(stories["by_count"][count])] % {"count": count}

    assert [for_count(n) for n in (1, 2, 5, 21, 30)] == [
        "1 новий матеріал",
        "2 нові матеріали",
        "5 нових матеріалів",
        "21 новий матеріал",
        "30 нових матеріалів",
    ]


def test_every_word_the_scripts_write_is_in_their_catalogue():
    """What static/js passes to NewsroomText (`t("…")`, `.text("…")`, `one:`/`many:`, the
    Show-more count) is a message the catalogue translates."""
    known = set(catalogue("uk"))
    scripts = "\n".join(path.read_text() for path in (ROOT / "static" / "js").glob("*.js"))
    asked = re.findall(r'(?:\bt|NewsroomText\.text)\("([^"]+)"\)', scripts)
    asked += re.findall(r'\bone: "([^"]+)"', scripts)
    asked += re.findall(r'const more = "([^"]+)"', scripts)
    assert len(asked) >= 8
    assert set(asked) <= known
