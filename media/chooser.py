"""The image chooser: the desk's modal for picking a library image for any field that points at
one (a story's lead image, an author's portrait, an image in a story's body).

ImageAdmin serves these views under /admin/media/image/chooser/ (see `urls`), behind the
admin's login and the library's permissions; static/js/image-chooser.js drives them:

- `chooser/`              the panel: search, filters, upload and the first page of the grid
- `chooser/results/`      just the grid, for ?q=&filter=&before= (search, filters, "Load more")
- `chooser/upload/`       POST a file: the library's checks, then the details step (or errors)
- `chooser/<id>/`         GET: the image as JSON; POST: save its details, then the JSON
- `chooser/images/`       GET ?id=…&id=…: several images as JSON at once (the body editor's
                          pictures, when it meets one it was not given with the page)
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import ChooserUploadForm, ImageDetailsForm
from .models import Image, Rendition
from .previews import desk_rendition, preview_url
from .renditions import get_renditions, jobs_for
from .specs import ADMIN_PREVIEW, ADMIN_SPECS, ADMIN_THUMB
from .uploads import max_bytes
from .usage import unused

PAGE_SIZE = 24
# The most images one call to `chooser/images/` describes (a body rarely holds fifty).
MAX_DESCRIBED = 200
FILTERS = (
    ("recent", "Recent"),
    ("mine", "Uploaded by me"),
    ("unused", "Not used yet"),
)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def urls(model_admin) -> list:
    """The chooser's URL patterns, to put in front of ImageAdmin's own."""

    def view(function):
        def bound(request, *args, **kwargs):
            return function(request, model_admin, *args, **kwargs)

        return model_admin.admin_site.admin_view(bound)

    return [
        path("chooser/", view(panel), name="media_image_chooser"),
        path("chooser/results/", view(results), name="media_image_chooser_results"),
        path("chooser/upload/", view(upload), name="media_image_chooser_upload"),
        path("chooser/images/", view(images), name="media_image_chooser_images"),
        path("chooser/<int:image_id>/", view(image_detail), name="media_image_chooser_image"),
    ]


def describe(image: Image, *, make_preview: bool = False) -> dict:
    """What the chooser hands to the page: the contract of NewsroomImageChooser's onChoose.

    `preview_url` is the larger desk preview's address, or "" until it is made (by
    `make_preview`, which the grid does not ask for: it would make one for every picture).
    """
    thumbnail = desk_rendition(image, ADMIN_THUMB)
    return {
        "id": image.pk,
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "thumbnail_url": preview_url(image, thumbnail) if thumbnail else image.source_url,
        "preview_url": _large_preview_url(image, make=make_preview),
        "width": image.width,
        "height": image.height,
    }


def _large_preview_url(image: Image, *, make: bool) -> str:
    """The address of the desk's larger preview (pictures in the body editor), or ""."""
    if not image.file:
        return image.source_url
    if make:
        made = desk_rendition(image, ADMIN_PREVIEW)
    else:
        jobs = jobs_for(image, ADMIN_PREVIEW)
        made = get_renditions(image, jobs, create=False).get(jobs[0])
    return preview_url(image, made) if made is not None else ""


def describe_images(ids) -> dict[str, dict]:
    """`describe()` of each image in `ids` that exists, with its larger preview, keyed by its
    id as a string (JSON's keys). Two queries, the images and their desk previews, once the
    previews are made (the first time, one request makes them all, one after another)."""
    previews = Rendition.objects.filter(spec__in=ADMIN_SPECS)
    found = Image.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("renditions", queryset=previews)
    )
    return {str(image.pk): describe(image, make_preview=True) for image in found}


@dataclass(frozen=True)
class Cursor:
    """Where the next page of the grid starts: after this (created_at, id), newest first.

    Keyset paging, so an upload between two clicks on "Load more" neither repeats nor skips an
    image. Written as "<microseconds since 1970>.<id>".
    """

    created_at: datetime
    id: int

    @classmethod
    def after(cls, image: Image) -> "Cursor":
        return cls(image.created_at, image.pk)

    @classmethod
    def parse(cls, value: str) -> "Cursor":
        micros, dot, pk = value.partition(".")
        try:
            if not dot or not micros.isdigit() or not pk.isdigit():
                raise ValueError(value)
            return cls(EPOCH + timedelta(microseconds=int(micros)), int(pk))
        except (ValueError, OverflowError):
            raise BadRequest("This page of the image library does not exist.") from None

    def __str__(self) -> str:
        return f"{(self.created_at - EPOCH) // timedelta(microseconds=1)}.{self.id}"

    def filter(self, queryset):
        return queryset.filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.id)
        )


def chooser_images(user, *, query: str = "", show: str = "recent"):
    """The images the grid lists, newest first."""
    images = Image.objects.order_by("-created_at", "-id")
    if query:
        images = images.search(query)
    if show == "mine":
        images = images.filter(uploaded_by=user)
    elif show == "unused":
        images = unused(images)
    return images


def _grid(request) -> dict:
    # PostgreSQL takes no NUL character in text, so a search drops it rather than fail.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    show = request.GET.get("filter") or "recent"
    if show not in dict(FILTERS):
        raise BadRequest("Unknown filter.")
    images = chooser_images(request.user, query=query, show=show)
    before = request.GET.get("before")
    if before:
        images = Cursor.parse(before).filter(images)
    thumbnails = Rendition.objects.filter(spec=ADMIN_THUMB)
    page = list(
        images.prefetch_related(Prefetch("renditions", queryset=thumbnails))[: PAGE_SIZE + 1]
    )
    more = None
    if len(page) > PAGE_SIZE:
        page = page[:PAGE_SIZE]
        cursor = Cursor.after(page[-1])
        more = urlencode({"q": query, "filter": show, "before": str(cursor)})
    return {
        "items": [_item(image) for image in page],
        "query": query,
        "show": show,
        "is_first_page": not before,
        "more_url": f"{reverse('admin:media_image_chooser_results')}?{more}" if more else "",
    }


def _item(image: Image) -> dict:
    description = describe(image)
    return {"image": image, "description": description, "json": json.dumps(description)}


def _require_view(request, model_admin, image=None) -> None:
    if not model_admin.has_view_permission(request, image):
        raise PermissionDenied


@require_GET
def panel(request, model_admin):
    """The whole chooser (search, filters, upload, first page of the grid), for the modal."""
    _require_view(request, model_admin)
    context = {
        **_grid(request),
        "filters": FILTERS,
        "can_upload": model_admin.has_add_permission(request),
        "upload_form": ChooserUploadForm(),
        "max_upload_bytes": max_bytes(),
    }
    return TemplateResponse(request, "media/chooser.html", context)


@require_GET
def results(request, model_admin):
    """One page of the grid: the search, a filter, or the page after ?before=."""
    _require_view(request, model_admin)
    return TemplateResponse(request, "media/chooser.html#results", _grid(request))


@require_GET
def images(request, model_admin):
    """Several images at once, as `describe()` gives each: {"images": {"<id>": {…}}}. Ids that
    name no image are left out."""
    _require_view(request, model_admin)
    ids = request.GET.getlist("id")
    if not ids or len(ids) > MAX_DESCRIBED or not all(_is_id(value) for value in ids):
        raise BadRequest(f"Name between 1 and {MAX_DESCRIBED} images by their numbers.")
    return JsonResponse({"images": describe_images({int(value) for value in ids})})


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) < 2**31


@require_POST
def upload(request, model_admin):
    """Store an uploaded file (after the library's checks) and ask for its details."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ChooserUploadForm(request.POST, request.FILES)
    if form.is_valid():
        image = form.save(commit=False)
        image.uploaded_by = request.user
        try:
            image.save()
        except ValidationError as error:  # the same file, uploaded a moment ago by someone else
            form.add_error("file", error)
        else:
            model_admin.log_addition(request, image, [{"added": {}}])
            return _details(request, image, ImageDetailsForm(instance=image), status=201)
    duplicate = form.duplicate
    if duplicate is not None and not model_admin.has_view_permission(request, duplicate):
        duplicate = None
    context = {
        "upload_form": form,
        "duplicate": _item(duplicate) if duplicate else None,
        "max_upload_bytes": max_bytes(),
    }
    return TemplateResponse(request, "media/chooser_upload.html", context, status=400)


@require_http_methods(["GET", "POST"])
def image_detail(request, model_admin, image_id):
    """GET: the image as the chooser hands it over. POST: save its details, then the same."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        raise Http404("No such image.")
    _require_view(request, model_admin, image)
    if request.method == "POST":
        if not model_admin.has_change_permission(request, image):
            raise PermissionDenied
        form = ImageDetailsForm(request.POST, instance=image)
        if not form.is_valid():
            return _details(request, image, form, status=400)
        # The library's own save: the uploader recorded, crops remade for a new focal point.
        model_admin.save_model(request, form.save(commit=False), form, change=True)
        model_admin.log_change(
            request, image, model_admin.construct_change_message(request, form, None)
        )
    return JsonResponse(describe(image))


def _details(request, image, form, status=200):
    preview = desk_rendition(image, ADMIN_PREVIEW)
    context = {
        "image": image,
        "form": form,
        "preview": preview,
        "preview_url": preview_url(image, preview) if preview else "",
    }
    return TemplateResponse(request, "media/chooser_details.html", context, status=status)
