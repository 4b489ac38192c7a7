from django.contrib import admin
from django.utils.html import format_html

from .models import Article, ArticleAuthor, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ("author",)
    fields = ("author", "role", "position")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "status_badge", "section", "published_at", "modified_at")
    list_filter = ("status", "section")
    list_select_related = ("section",)
    search_fields = ("title", "dek", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "lead_image")
    inlines = (ArticleAuthorInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "dek", "body")}),
        ("Placement", {"fields": ("section", "tags")}),
        ("Lead image", {"fields": ("lead_image", "lead_image_caption")}),
        ("Publication", {"fields": ("status", "published_at", "significant_update_at")}),
    )

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status status-{}">{}</span>', obj.status, obj.get_status_display()
        )
