"""Stories assembled from the demo's text banks, deterministically, in one language or two.

The banks run parallel (demo.content, demo.content_uk: the same pieces in the same order), so
one set of random draws tells a story in every language asked for: the Ukrainian edition says
what the English says, and the English comes out exactly as it does alone (the draws, and
their order, do not depend on the languages).
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from demo import content as text
from demo import content_uk

NUMBERS = [3, 4, 5, 7, 12, 15, 18, 24, 37, 40, 60, 120]


def ap_date(value) -> str:
    """ "Nov. 27" in the newsroom's own style (no stop after May, June, July)."""
    local = timezone.localtime(value)
    month = local.strftime("%b")
    dot = "" if month in {"May", "Jun", "Jul"} else "."
    month = {"Jun": "June", "Jul": "July"}.get(month, month)
    return f"{month}{dot} {local.day}"


def uk_date(value) -> str:
    """ "27 листопада", as a Ukrainian newsroom dates a story."""
    local = timezone.localtime(value)
    return f"{local.day} {content_uk.MONTHS[local.month - 1]}"


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Ukrainian noun form that agrees with `n`: 1 дрон, 3 дрони, 5 дронів, 21 дрон."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


class Forms:
    """A name's word forms for a Ukrainian blank: "{place}", "{place:gen}", "{place:in}",
    "{place:ins}"; a capital in the spec capitalises ("{place:In}" at a sentence's start)."""

    CASES = ("", "gen", "in", "ins")

    def __init__(self, forms: tuple[str, ...]):
        self.forms = dict(zip(self.CASES, forms, strict=False))

    def __format__(self, spec: str) -> str:
        form = self.forms[spec.lower()]
        return form[:1].upper() + form[1:] if spec[:1].isupper() else form


class Headline(str):
    """A headline inside another: "{headline:lower}" starts it with a small letter, as
    Ukrainian writes after a colon."""

    def __format__(self, spec: str) -> str:
        if spec == "lower":
            return self[:1].lower() + self[1:]
        return format(str(self), spec)


class Count(int):
    """A number for a Ukrainian blank: "{n}" is the number, "{n:дрон|дрони|дронів}" its noun."""

    def __format__(self, spec: str) -> str:
        return plural(self, *spec.split("|")) if "|" in spec else format(int(self), spec)


@dataclass(frozen=True)
class Draw:
    """What fills one piece's blanks: positions in the banks' lists, a number and a day."""

    place: int
    official: int
    country: int
    n: int
    when: datetime


def capfirst(words: str) -> str:
    return words[:1].upper() + words[1:]


def fill_english(template: str, draw: Draw) -> str:
    official = text.OFFICIALS[draw.official]
    return template.format(
        place=text.PLACES[draw.place],
        official=official,
        official_title=capfirst(official),
        country=text.COUNTRIES[draw.country],
        n=draw.n,
        day=ap_date(draw.when),
    )


def fill_ukrainian(template: str, draw: Draw) -> str:
    official = content_uk.OFFICIALS[draw.official]
    return template.format(
        place=Forms(content_uk.PLACES[draw.place]),
        official=official,
        official_title=capfirst(official),
        country=Forms(content_uk.COUNTRIES[draw.country]),
        n=Count(draw.n),
        day=uk_date(draw.when),
    )


@dataclass(frozen=True)
class Language:
    bank: object  # the text bank module
    fill: object  # (template, Draw) -> text
    date: object  # datetime -> "Nov. 27"


LANGUAGES = {
    "en": Language(text, fill_english, ap_date),
    "uk": Language(content_uk, fill_ukrainian, uk_date),
}


@functools.cache
def photo_captions() -> dict[str, str]:
    """The Ukrainian caption of each caption the demo's library pictures can have in English
    (demo.content.PHOTO_SUBJECTS with each place): a library picture's caption is English."""
    captions = {}
    for scene, subjects in text.PHOTO_SUBJECTS.items():
        for (_, english), (_, ukrainian) in zip(
            subjects, content_uk.PHOTO_SUBJECTS[scene], strict=True
        ):
            for place, forms in zip(text.PLACES, content_uk.PLACES, strict=True):
                captions[english.format(place=place)] = ukrainian.format(place=Forms(forms))
    return captions


def photo_alts() -> dict[str, str]:
    """The Ukrainian alt text of each alt text the demo's library pictures can have."""
    alts = {}
    for scene, subjects in text.PHOTO_SUBJECTS.items():
        for (english, _), (ukrainian, _) in zip(
            subjects, content_uk.PHOTO_SUBJECTS[scene], strict=True
        ):
            for place, forms in zip(text.PLACES, content_uk.PLACES, strict=True):
                alts[english.format(place=place)] = ukrainian.format(place=Forms(forms))
    return alts


def _find(bank, name: str, keys):
    found = getattr(bank, name)
    for key in keys:
        found = found[key]
    return found


@dataclass(frozen=True)
class BlockPictures:
    """The library pictures the block stories show: ten in their bodies, a video's still."""

    images: list
    thumbnail: object


def block_body(template: str, pictures: BlockPictures, related, *, video_title: str) -> str:
    """A block story's body (demo.content.BLOCK_STORIES) with its pictures, its embeds and
    its card for `related` (None: an empty card) filled in."""
    return template.format(
        **{f"img{n}": image.pk for n, image in enumerate(pictures.images)},
        thumbnail=pictures.thumbnail.pk,
        related=related.pk if related else "",
        video_url=text.VIDEO_URL,
        video_title=video_title,
        video_author=text.VIDEO_AUTHOR,
        post_url=text.POST_URL,
    )


# A story as a language tells it: (title, dek, body HTML).
Told = tuple[str, str, str]


class StoryWriter:
    """Assembles headlines and bodies from the text banks, in each of `languages`."""

    def __init__(self, rng, languages=("en",)):
        self.rng = rng
        self.languages = {language: LANGUAGES[language] for language in languages}

    def draw(self, when) -> Draw:
        rng = self.rng
        official = rng.randrange(len(text.OFFICIALS))
        return Draw(
            place=rng.randrange(len(text.PLACES)),
            official=official,
            country=rng.randrange(len(text.COUNTRIES)),
            n=rng.choice(NUMBERS),
            when=when,
        )

    def piece(self, name: str, *keys) -> dict[str, str]:
        """The bank's piece `name[key]…` in each language, as it is."""
        return {language: _find(ways.bank, name, keys) for language, ways in self.languages.items()}

    def fill(self, when, name: str, *keys) -> dict[str, str]:
        """The piece in each language, its blanks filled from one draw."""
        draw = self.draw(when)
        return {
            language: self.languages[language].fill(template, draw)
            for language, template in self.piece(name, *keys).items()
        }

    def pick(self, name: str, *keys) -> int:
        """A random position in the bank's list `name[key]…` (as rng.choice would pick)."""
        return self.rng.randrange(len(_find(text, name, keys)))

    def news(self, section_slug: str, when, paragraphs: int) -> dict[str, Told]:
        rng = self.rng
        title = self.fill(when, "HEADLINES", section_slug, self.pick("HEADLINES", section_slug))
        lede = self.fill(when, "LEDES", self.pick("LEDES"))
        body = {language: [f"<p>{lede[language]}</p>"] for language in self.languages}
        for n, index in enumerate(rng.sample(range(len(text.PARAGRAPHS)), paragraphs)):
            paragraph = self.fill(when, "PARAGRAPHS", index)
            for language in self.languages:
                body[language].append(f"<p>{paragraph[language]}</p>")
            if n == 1:
                quote = self.piece("QUOTES", self.pick("QUOTES"))
                for language in self.languages:
                    body[language].append(f"<blockquote><p>{quote[language]}</p></blockquote>")
        dek = self.piece("DEKS", self.pick("DEKS"))
        return {
            language: (title[language], dek[language], "".join(body[language]))
            for language in self.languages
        }

    def feature(self, section_slug: str, when) -> dict[str, Told]:
        told = self.news(section_slug, when, 9)
        more = {language: [] for language in self.languages}
        headings = self.piece("FEATURE_HEADINGS")
        for n, index in enumerate(self.rng.sample(range(len(text.PARAGRAPHS)), 3)):
            paragraph = self.fill(when, "PARAGRAPHS", index)
            for language in self.languages:
                more[language].append(
                    f"<h2>{headings[language][n]}</h2><p>{paragraph[language]}</p>"
                )
        return {
            language: (title, dek, body + "".join(more[language]))
            for language, (title, dek, body) in told.items()
        }

    def roundup(self, when) -> dict[str, Told]:
        picked = self.rng.sample(range(len(text.ROUNDUP_BULLETS)), 4)
        bullets = [self.fill(when, "ROUNDUP_BULLETS", index) for index in picked]
        paragraphs = [
            self.fill(when, "PARAGRAPHS", index)
            for index in self.rng.sample(range(len(text.PARAGRAPHS)), 4)
        ]
        told = {}
        for language, ways in self.languages.items():
            bank = ways.bank
            items = "".join(f"<li>{bullet[language]}</li>" for bullet in bullets)
            intro = bank.ROUNDUP_INTRO.format(day=ways.date(when))
            body = f"<p>{intro}</p><ul>{items}</ul>" + "".join(
                f"<p>{paragraph[language]}</p>" for paragraph in paragraphs
            )
            # No standfirst: the card's excerpt is the bullet list, as readers expect of a
            # roundup.
            title = bank.ROUNDUP_TITLE.format(headline=Headline(bullets[0][language]))
            told[language] = (title, "", body)
        return told
