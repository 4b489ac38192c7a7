from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from . import chooser
from .changelists import SafeChangeListMixin
from .forms import ImageForm
from .models import RIGHTS_WARNING_DAYS, Image, Rendition
from .permissions import may_change_image
from .previews import desk_rendition, preview_img, preview_url
from .renditions import specs_in_use, warm
from .specs import ADMIN_PREVIEW, ADMIN_SPECS, ADMIN_THUMB
from .usage import used_by, with_use_counts


class MissingInfoFilter(admin.SimpleListFilter):
    title = "missing information"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return (
            ("any", "Alt text or credit"),
            ("alt", "Alt text"),
            ("credit", "Credit"),
        )

    def queryset(self, request, queryset):
        match self.value():
            case "any":
                return queryset.missing_alt_or_credit()
            case "alt":
                return queryset.filter(alt_text="")
            case "credit":
                return queryset.filter(credit="")
        return queryset


class RightsFilter(admin.SimpleListFilter):
    title = "usage rights"
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return (
            ("attention", f"Expired or expiring within {RIGHTS_WARNING_DAYS} days"),
            ("expiring", f"Expiring within {RIGHTS_WARNING_DAYS} days"),
            ("expired", "Expired"),
            ("none", "No expiry date"),
        )

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "attention":
                return queryset.rights_attention(today)
            case "expiring":
                return queryset.filter(
                    rights_expire_on__gte=today,
                    rights_expire_on__lte=today + timedelta(days=RIGHTS_WARNING_DAYS),
                )
            case "expired":
                return queryset.filter(rights_expire_on__lt=today)
            case "none":
                return queryset.filter(rights_expire_on__isnull=True)
        return queryset


@admin.register(Image)
class ImageAdmin(SafeChangeListMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = (
        "thumbnail",
        "title",
        "credit_line",
        "dimensions",
        "rights",
        "uses",
        "created_at",
    )
    list_display_links = ("thumbnail", "title")
    list_filter = (MissingInfoFilter, RightsFilter, "licence")
    search_fields = ("title", "caption", "credit")
    date_hierarchy = "created_at"
    list_per_page = 50
    readonly_fields = (
        "focal_point_picker",
        "usage",
        "dimensions",
        "size",
        "content_hash",
        "uploader",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("file", "title", "alt_text", "caption", "credit")}),
        ("Rights", {"fields": ("source", "licence", "rights_expire_on")}),
        (
            "Focal point",
            {
                "fields": ("focal_point_picker", ("focal_x", "focal_y")),
                "description": "Crops for cards, lead images and avatars keep this point in "
                "frame. Click the most important part of the picture, a face for example.",
            },
        ),
        ("Where it is used", {"fields": ("usage",)}),
        (
            "File details",
            {
                "fields": (
                    "dimensions",
                    "size",
                    "content_hash",
                    "uploader",
                    "created_at",
                    "updated_at",
                ),
                "classes": ("collapse",),
            },
        ),
    )

    class Media:
        css = {"all": ("css/admin-media.css",)}
        js = ("js/focal-point.js",)

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/<str:spec>/",
            self.admin_site.admin_view(self.preview_view),
            name="media_image_preview",
        )
        return [preview, *chooser.urls(self), *super().get_urls()]

    def preview_view(self, request, object_id, spec):
        """One of the desk's previews of an image, for signed-in staff who may see the image."""
        if spec not in ADMIN_SPECS:
            raise Http404("No such preview.")
        image = self.get_object(request, unquote(object_id))
        if image is None:
            raise Http404("No such image.")
        if not self.has_view_permission(request, image):
            raise PermissionDenied
        rendition = desk_rendition(image, spec)
        if rendition is None:
            raise Http404("This image has no preview.")
        response = FileResponse(rendition.file.open("rb"), content_type=rendition.mime_type)
        # The URL names the rendition it shows (?v=), so the browser may keep it, shared caches not.
        patch_cache_control(response, private=True, max_age=24 * 60 * 60)
        return response

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and match.url_name == "media_image_changelist":
            thumbnails = Rendition.objects.filter(spec=ADMIN_THUMB)
            queryset = with_use_counts(queryset).prefetch_related(
                Prefetch("renditions", queryset=thumbnails)
            )
        return queryset

    # Writers see an image they may not change read-only (the view permission still applies).
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_change_image(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_change_image(request.user, obj))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("focal_x", "focal_y"):
            kwargs["widget"] = forms.NumberInput(
                attrs={"step": "0.001", "min": "0", "max": "1", "data-focal": db_field.name[-1]}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if {"file", "focal_x", "focal_y"} & set(form.changed_data):
            # Make what pages will show now, so no reader waits for the encoder.
            transaction.on_commit(lambda: warm(obj, specs_in_use(obj)), robust=True)

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return preview_img(obj)

    @admin.display(description="Credit", ordering="credit")
    def credit_line(self, obj):
        if not obj.credit:
            return format_html('<span class="media-flag">{}</span>', "No credit")
        return obj.credit

    @admin.display(description="Uploaded by")
    def uploader(self, obj):
        # People by their full name, as everywhere on the desk.
        person = obj.uploaded_by
        return (person.get_full_name() or person.get_username()) if person else "—"

    @admin.display(description="Size")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    @admin.display(description="File size")
    def size(self, obj):
        return filesizeformat(obj.file_size)

    @admin.display(description="Rights", ordering="rights_expire_on")
    def rights(self, obj):
        if obj.rights_expire_on is None:
            return "—"
        days = (obj.rights_expire_on - timezone.localdate()).days
        if days < 0:
            return format_html(
                '<span class="media-flag">Expired {}</span>',
                date_format(obj.rights_expire_on, "j M Y"),
            )
        if days <= RIGHTS_WARNING_DAYS:
            label = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            return format_html('<span class="media-warn">Expires {}</span>', label)
        return date_format(obj.rights_expire_on, "j M Y")

    @admin.display(description="Uses", ordering="uses")
    def uses(self, obj):
        return getattr(obj, "uses", "—")

    @admin.display(description="Focal point")
    def focal_point_picker(self, obj):
        preview = desk_rendition(obj, ADMIN_PREVIEW) if obj.pk else None
        if preview is None:
            return "Save the image first, then click it here to set its focal point."
        return format_html(
            '<div class="focal-picker" data-focal-picker tabindex="0" role="group" '
            'aria-label="Focal point: click the picture or use the arrow keys">'
            '<img src="{}" alt="{}" width="{}" height="{}" draggable="false">'
            '<span class="focal-marker" style="left: {}%; top: {}%" aria-hidden="true"></span>'
            "</div>",
            preview_url(obj, preview),
            obj.alt_text,
            preview.width,
            preview.height,
            round(obj.focal_x * 100, 1),
            round(obj.focal_y * 100, 1),
        )

    # "Used by" names only what the user asking may open, so its field is made per request:
    # a function of the image, named by both the fieldsets and the read-only fields (the admin
    # matches the two by identity). `usage` above is its place and its label.
    @admin.display(description="Used by")
    def usage(self, obj):
        return "—"

    def get_fieldsets(self, request, obj=None):
        usage = self._usage_for(request)
        return [
            (name, {**options, "fields": _swap(options["fields"], usage)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        return _swap(super().get_readonly_fields(request, obj), self._usage_for(request))

    def _usage_for(self, request):
        made = request.__dict__.get("_image_usage_field")
        if made is None:

            @admin.display(description="Used by")
            def usage(obj):
                if not obj.pk:
                    return "—"
                lines = _usage_lines(used_by(obj, request.user))
                if not lines:
                    return "Not used by any story or author yet."
                return format_html(
                    '<ul class="media-usage">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
                )

            made = request.__dict__["_image_usage_field"] = usage
        return made

    def get_deleted_objects(self, objs, request):
        """The delete page lists each image with where it is used (as "Used by" does, for this
        user): deleting takes it off those stories and pages. A story's picture rows go with
        the image; they are not listed as things of their own."""
        _, count, perms_needed, protected = super().get_deleted_objects(objs, request)
        listed = []
        for image in objs:
            listed.append(format_html("{}: {}", capfirst(Image._meta.verbose_name), image))
            lines = _usage_lines(used_by(image, request.user))
            if lines:
                listed.append(
                    [format_html("{} (it will disappear from there)", line) for line in lines]
                )
        label = Image._meta.verbose_name_plural
        return listed, {label: count.get(label, 0)}, perms_needed, protected


def _swap(fields, usage) -> tuple:
    """`fields` (names, or tuples of names on one line) with "usage" replaced by `usage`."""
    swapped = []
    for name in fields:
        if isinstance(name, (list, tuple)):
            name = _swap(name, usage)
        elif name == "usage":
            name = usage
        swapped.append(name)
    return tuple(swapped)


def _usage_lines(found) -> list:
    """One line per use the user may see by name, then a count of the rest."""
    lines = [
        format_html(
            '<a href="{}">{}</a> <span class="help">({} · {})</span>',
            _admin_url(use.subject),
            str(use.subject),
            use.subject._meta.verbose_name,
            use.how,
        )
        for use in found.shown
    ]
    for (singular, plural), n in sorted(found.hidden.items()):
        lines.append(format_html("{} {} you cannot open", n, singular if n == 1 else plural))
    return lines


def _admin_url(row) -> str:
    try:
        return reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])
    except NoReverseMatch:
        return row.get_absolute_url() if hasattr(row, "get_absolute_url") else "#"
