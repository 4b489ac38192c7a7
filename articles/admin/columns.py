"""The story list: its columns (a status badge that names a schedule gone wrong, the
thumbnail, the bylines, the times) and, for a newsroom in more than one language, each story's
language, a filter by language and the way to the translation board."""

import functools

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from authors import languages
from media.admin import preview_img

from .. import desk_editions, desk_schedule, desk_time
from ..models import Article

STATUS_COLOURS = {
    Article.Status.DRAFT: "#6b7280",
    Article.Status.IN_REVIEW: "#b45309",
    Article.Status.SCHEDULED: "#1d4ed8",
    Article.Status.PUBLISHED: "#15803d",
    Article.Status.UNPUBLISHED: "#b91c1c",
}


class LanguageFilter(admin.SimpleListFilter):
    """The story list by language, in the languages' English names."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, languages.english_name(code)) for code in languages.codes()]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class StoryColumns:
    """The story admin's list (mixed into ArticleAdmin)."""

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-badge" style="background:{}">{}</span>',
            STATUS_COLOURS.get(obj.status, "#6b7280"),
            obj.get_status_display(),
        )

    def get_list_filter(self, request):
        if desk_editions.several():
            return (LanguageFilter, *self.list_filter)
        return self.list_filter

    @admin.display(description="Language", ordering="language")
    def language_name(self, obj):
        return languages.english_name(obj.language)

    def get_list_display(self, request):
        # The status column names scheduled stories that have not gone out and why; the
        # scheduler's heartbeat is read once per page, and only when a row needs it.
        pulse = functools.cache(desk_schedule.scheduler)

        @admin.display(description="Status", ordering="status")
        def status(obj):
            late = desk_schedule.is_overdue(obj) or obj.schedule_problem
            if obj.status != Article.Status.SCHEDULED or not late:
                return self.status_badge(obj)
            return format_html(
                '<span class="status-badge" style="background:{}">{}</span>'
                ' <span class="status-note">{}</span>',
                STATUS_COLOURS[Article.Status.UNPUBLISHED],
                "Could not go out" if obj.schedule_problem else "Overdue",
                desk_schedule.notice(obj, pulse()),
            )

        columns = super().get_list_display(request)
        columns = tuple(status if column == "status_badge" else column for column in columns)
        if desk_editions.several():
            # Beside the headline: which edition each row is.
            at = columns.index("headline") + 1
            columns = (*columns[:at], "language_name", *columns[at:])
        return columns

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return preview_img(obj.lead_image)

    @admin.display(description="Bylines")
    def byline_names(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    @admin.display(description="Headline", ordering="title")
    def headline(self, obj):
        # Two lines at most (CSS line clamp); the whole headline in the tooltip.
        return format_html(
            '<span class="story-headline" title="{}">{}</span>', obj.title, obj.title
        )

    @admin.display(description="Published", ordering="published_at")
    def published(self, obj):
        return desk_time.time_tag(obj.published_at, "—")

    @admin.display(description="Edited", ordering="modified_at")
    def edited(self, obj):
        return desk_time.time_tag(obj.modified_at, "—")

    def changelist_view(self, request, extra_context=None):
        # The list's way to the translation board (change_list_object_tools.html).
        extra_context = extra_context or {}
        if desk_editions.several():
            extra_context["translations_url"] = reverse("admin:articles_article_translations")
        return super().changelist_view(request, extra_context)
