"""What readers may see of the stories: the rule, written once, as data.

A story is visible when it is published and its publication time has come: a published story
whose time is ahead is embargoed, and its address answers 404 until then. Listings (the front
page, sections, tags, authors, the News Feed, related stories, feeds) show stories only, not
standing pages (About, Contact…), which have an address but are never listed.

Each condition is (field, comparison, value), NOW standing for the moment of the question.
The forms the code needs are derived from these tuples, so they cannot drift apart: a `Q`
for the ORM (`ArticleQuerySet.published()`, `stories()`, `listed()`), an SQL condition for
the statements readers' pages are read with (public.reading.sql), and a check of one story in
Python (`Article.is_published`).
"""

from collections.abc import Mapping, Sequence

from django.db.models import Q
from django.utils import timezone


class _Now:
    def __repr__(self) -> str:
        return "NOW"


NOW = _Now()

PUBLISHED = ("status", "=", "published")  # Article.Status.PUBLISHED
TIME_HAS_COME = ("published_at", "<=", NOW)
STORY = ("kind", "=", "story")  # Article.Kind.STORY: not a standing page

# A story readers may open.
VISIBLE = (PUBLISHED, TIME_HAS_COME)
# A story listings show.
LISTED = (PUBLISHED, TIME_HAS_COME, STORY)

Rule = Sequence[tuple[str, str, object]]
_LOOKUPS = {"=": "exact", "<=": "lte"}


def _ordered(rule: Rule) -> tuple[list, list]:
    """The equalities, then the ranges. A caller's keyset bound goes between them: SQLite
    ranges an index on the first bound on its column it meets, so a cursor's bound must come
    before "now" for page 5,000 to cost what page 1 costs."""
    return [c for c in rule if c[1] == "="], [c for c in rule if c[1] != "="]


def q(rule: Rule, *, now=None, bound: Q | None = None, prefix: str = "") -> Q:
    """The rule as an ORM filter; `prefix` for a relation ("article__"), `bound` a cursor's."""
    now = now or timezone.now()
    equal, ranges = _ordered(rule)
    found = Q()
    for field, comparison, value in equal:
        found &= Q(**{f"{prefix}{field}__{_LOOKUPS[comparison]}": value})
    if bound is not None:
        found &= bound
    for field, comparison, value in ranges:
        found &= Q(**{f"{prefix}{field}__{_LOOKUPS[comparison]}": now if value is NOW else value})
    return found


def sql(rule: Rule, alias: str, connection, *, now=None, bound: str = "", bound_params=()):
    """The rule as an SQL condition on the stories table under `alias`, for `connection`
    (its quoting, its form of a time), with `bound` (SQL and its parameters) placed as in
    `q()`. Returns (condition, parameters)."""
    now = now or timezone.now()
    quote = connection.ops.quote_name
    equal, ranges = _ordered(rule)
    parts, params = [], []
    for field, comparison, value in equal:
        parts.append(f"{alias}.{quote(field)} {comparison} %s")
        params.append(value)
    if bound:
        parts.append(bound)
        params += bound_params
    for field, comparison, value in ranges:
        parts.append(f"{alias}.{quote(field)} {comparison} %s")
        params.append(connection.ops.adapt_datetimefield_value(now if value is NOW else value))
    return " AND ".join(parts), params


def holds(rule: Rule, story, now=None) -> bool:
    """Whether one story (an instance, or its values by field name) meets the rule (an empty
    publication time never has come)."""
    now = now or timezone.now()
    for field, comparison, value in rule:
        found = story[field] if isinstance(story, Mapping) else getattr(story, field)
        value = now if value is NOW else value
        if found is None or not (found == value if comparison == "=" else found <= value):
            return False
    return True
