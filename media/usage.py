"""Which rows use an image: every foreign key (or many-to-many) to `Image` outside this app.

Found from the models themselves, so a new kind of use (a gallery, a revision) shows up in the
library's usage list without changes here.

Whether a use is public (readers can see it now or at a set time) is asked of the using model,
without importing its app, through its `image_use_is_public`: a filter (Q) on its rows, a
boolean for all of them, or a method asked of each row. Without it, a row is public when its
model has a `status` field set to "published" or "scheduled".
"""

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


def usages(image: Image, limit: int = 50) -> list[tuple[object, str]]:
    """Up to `limit` (object, how it uses the image) pairs, e.g. (<Article>, "lead image")."""
    found = []
    for field in references():
        rows = field.model._default_manager.filter(**{field.name: image})[: limit - len(found)]
        found.extend((row, field.verbose_name) for row in rows)
        if len(found) >= limit:
            break
    return found


PUBLIC_STATUSES = ("published", "scheduled")
PUBLIC_HOOK = "image_use_is_public"


def in_public_use(image: Image) -> bool:
    """Whether a published or scheduled story, an author or another public row uses `image`."""
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
