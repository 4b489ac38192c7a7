"""Which rows use an image: every foreign key (or many-to-many) to `Image` outside this app.

Found from the models themselves, so a new kind of use (a gallery, a revision) shows up in the
library's usage list without changes here.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
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
