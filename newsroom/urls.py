from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from articles.desk_views import view_on_site
from public import front_editor
from public.views import healthz, readyz

# Rendered without the database, so it works when the database is what failed.
handler500 = "public.views.server_error"

admin.site.site_header = f"{settings.SITE_NAME} desk"
admin.site.site_title = f"{settings.SITE_NAME} desk"
admin.site.index_title = "Newsroom"

urlpatterns = [
    # Before the desk's own URLs: the second sign-in step lives under /admin/.
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/notifications/", include("articles.desk_urls")),
    # In place of the admin's own "View on site" redirect (same address, so its links lead
    # here), which answers for any object, a draft's slug included.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    # The front-page editor: drawn with the public site's cards, so it lives in public/.
    *(
        path(f"admin/front-page/{route}", admin.site.admin_view(view), name=name)
        for route, view, name in (
            ("", front_editor.editor, "front_editor"),
            ("board/", front_editor.board, "front_editor_board"),
            ("preview/", front_editor.preview, "front_editor_preview"),
            ("stories/", front_editor.stories, "front_editor_stories"),
        )
    ),
    path("admin/", admin.site.urls),
    # Answered by public.middleware.HealthCheckMiddleware before URL resolution; named here
    # for reverse() and the URL map.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("public.urls")),
]

if settings.MEDIA_URL.startswith("/") and not settings.AWS_STORAGE_BUCKET_NAME:
    # Uploaded media from var/media/ for the embedded setup; production serves it from storage.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

# Keep last: old Ghost addresses (/<slug>/, /tag/<slug>/, /rss/…) redirect to ours.
urlpatterns += [path("", include("ghost.redirects"))]
