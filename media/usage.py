"""Where an image is used, and whether readers see it: the library's one rule for both.

Every place a picture can appear is a foreign key to `Image` from a row outside this app: a
story's lead and social image, an author's portrait, and the pictures a story shows in its
text (inline pictures, galleries, embed thumbnails, pictures in live posts), which articles
keeps as rows of its own (articles.models.ArticlePicture, in step with every save). The keys
are found from the models themselves, so a new kind of use (another table of pictures) shows
up here, in "Used by", in "Not used yet" and in the writers' rule without changes here. A
picture named only in some text, with no such row, would be invisible to all of them: that
is why bodies get a table rather than a search of their HTML.

Each using model may say, without this app importing it:

- `image_use_is_public`: whether a row shows the image to readers (now, or at a set time): a
  filter (Q) on its rows, a boolean for all of them, or a method asked of each row. Without
  it, a row is public when its model has a `status` of "published" or "scheduled".
- `image_use_of`: the name of a foreign key, when a row is a place inside another object (a
  picture in a story's body): the library names that object, not the row.
- `describe_image_use()`: how a row uses the image ("gallery picture"); else the field's name.

Who may read which titles is the owning app's rule (a writer never learns the headline of a
colleague's draft): it registers it with `register_viewer`; a model that does not is shown to
those who may view its rows at all.
"""

import dataclasses
from collections import Counter
from collections.abc import Callable

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Image, Rendition


def references() -> list:
    """The model fields that point at Image, e.g. Article.lead_image and Author.avatar."""
    return [
        relation.field
        for relation in Image._meta.get_fields(include_hidden=True)
        if relation.is_relation
        and relation.auto_created
        and not relation.concrete
        and relation.related_model is not Rendition
    ]


@dataclasses.dataclass(frozen=True)
class Use:
    """One object using an image, and how: (<Article: Budget vote>, "gallery picture")."""

    subject: object
    how: str


def usages(image: Image, limit: int = 50) -> list[Use]:
    """Up to `limit` uses of `image`, each object and way once."""
    found: list[Use] = []
    for reference in references():
        model = reference.model
        owner = getattr(model, "image_use_of", None)
        rows = model._default_manager.filter(**{reference.name: image}).order_by("pk")
        if owner:
            rows = rows.select_related(owner)
        for row in rows[: limit - len(found)]:
            describe = getattr(row, "describe_image_use", None)
            use = Use(
                getattr(row, owner) if owner else row,
                describe() if describe else str(reference.verbose_name),
            )
            if use not in found:
                found.append(use)
        if len(found) >= limit:
            break
    return found


# Who may open which rows: model -> viewable(user, queryset) -> the rows `user` may open.
_viewers: dict[type, Callable] = {}


def register_viewer(model, viewable: Callable) -> None:
    """Say which rows of `model` a user may open on the desk (its app's own rule), so the
    library lists only those by name."""
    _viewers[model] = viewable


@dataclasses.dataclass
class UsedBy:
    """What the library tells a user about an image's uses."""

    shown: list[Use] = dataclasses.field(default_factory=list)
    # Objects the user may not open, counted by their model's names: {("story", "stories"): 2}
    hidden: Counter = dataclasses.field(default_factory=Counter)


def used_by(image: Image, user, limit: int = 50) -> UsedBy:
    """The uses of `image` that `user` may see by name; the others only counted."""
    result = UsedBy()
    found = usages(image, limit)
    by_model: dict[type, set] = {}
    for use in found:
        by_model.setdefault(type(use.subject), set()).add(use.subject.pk)
    visible = {
        model: set(_viewable(model, user, pks).values_list("pk", flat=True))
        for model, pks in by_model.items()
    }
    hidden = set()
    for use in found:
        if use.subject.pk in visible[type(use.subject)]:
            result.shown.append(use)
        elif (key := (type(use.subject), use.subject.pk)) not in hidden:
            hidden.add(key)
            opts = use.subject._meta
            result.hidden[(str(opts.verbose_name), str(opts.verbose_name_plural))] += 1
    return result


def _viewable(model, user, pks):
    rows = model._default_manager.filter(pk__in=pks)
    viewer = _viewers.get(model)
    if viewer is not None:
        return viewer(user, rows)
    opts = model._meta
    return rows if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") else rows.none()


PUBLIC_STATUSES = ("published", "scheduled")
PUBLIC_HOOK = "image_use_is_public"


def in_public_use(image: Image) -> bool:
    """Whether anything readers see (or will see at a set time) shows `image`: a published or
    scheduled story (its lead, social or body pictures, its live posts), an author…"""
    if image.pk is None:
        return False
    return any(_public_rows_use(field, image) for field in references())


def _public_rows_use(field, image: Image) -> bool:
    model = field.model
    rows = model._default_manager.filter(**{field.name: image})
    hook = getattr(model, PUBLIC_HOOK, None)
    if isinstance(hook, Q):
        return rows.filter(hook).exists()
    if callable(hook):
        return any(row.image_use_is_public() for row in rows.iterator(chunk_size=200))
    if hook is not None:
        return bool(hook) and rows.exists()
    if _has_field(model, "status"):
        return rows.filter(status__in=PUBLIC_STATUSES).exists()
    return False


def _has_field(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).concrete
    except FieldDoesNotExist:
        return False


def with_use_counts(queryset):
    """Annotate `uses`: how many rows refer to each image (one subquery per kind of use)."""
    total = Value(0, output_field=IntegerField())
    for field in references():
        count = (
            field.model._default_manager.filter(**{field.name: OuterRef("pk")})
            .order_by()
            .values(field.name)
            .annotate(count=Count("pk"))
            .values("count")
        )
        total = total + Coalesce(Subquery(count, output_field=IntegerField()), 0)
    return queryset.annotate(uses=total)


def unused(queryset):
    """The images in `queryset` that no story, author or other row refers to."""
    return with_use_counts(queryset).filter(uses=0)
