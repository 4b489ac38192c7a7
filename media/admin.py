from django.contrib import admin
from django.utils.html import format_html

from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "title", "credit", "width", "height", "created_at")
    search_fields = ("title", "caption", "credit", "alt_text")
    readonly_fields = ("width", "height", "file_size", "uploaded_by", "created_at")

    @admin.display(description="Image")
    def thumbnail(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="96" style="height:auto;border-radius:3px">', obj.file.url
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
