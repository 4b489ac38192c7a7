from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csp import csp_override
from django_prose_editor.widgets import AdminProseEditorWidget

from media.admin import preview_img
from media.models import Rendition
from media.specs import ADMIN_PREVIEW, ADMIN_THUMB

from . import desk_actions, preview, workflow
from .models import Article, ArticleAuthor, ArticleRevision, Banner, Correction, Section

# The rich-text editor loads its modules through an import map, an inline script that CSP
# allows only with the request's nonce (the admin's templates add it). Public pages keep the
# site-wide policy without nonces, so their cached copies stay valid.
ADMIN_CSP = {**settings.SECURE_CSP}
ADMIN_CSP["script-src"] = [CSP.SELF, CSP.NONCE]

BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "History": True,
    }
}

# Actions shown as plain "Save and …" buttons; schedule, unpublish and the published story's
# tools have fields of their own in the template.
BUTTONS = ("submit", "request_changes", "publish", "schedule", "cancel_schedule", "republish")

STATUS_COLOURS = {
    Article.Status.DRAFT: "#6b7280",
    Article.Status.IN_REVIEW: "#b45309",
    Article.Status.SCHEDULED: "#1d4ed8",
    Article.Status.PUBLISHED: "#15803d",
    Article.Status.UNPUBLISHED: "#b91c1c",
}


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

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)


def _editable(request, obj) -> bool:
    return obj is None or workflow.can_edit(request.user, obj)


class ArticleForm(forms.ModelForm):
    # The version the editor started from; a newer one in the database means a conflict.
    base_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "This form is out of date: reload the story."},
    )

    class Meta:
        model = Article
        fields = (
            "title",
            "slug",
            "dek",
            "body",
            "section",
            "tags",
            "lead_image",
            "lead_image_caption",
        )
        widgets = {"body": AdminProseEditorWidget(config=BODY_EDITOR)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if "tags" in self.fields:
            # static/js/tag-suggest.js asks the admin's autocomplete view for matching tags.
            self.fields["tags"].widget.attrs["data-autocomplete-url"] = reverse(
                "admin:autocomplete"
            )
            self.fields[
                "tags"
            ].help_text = "Separate tags with commas; existing tags are suggested as you type."

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "base_version" not in self.errors:
            try:
                # Locks the row until the admin's transaction ends, so the check holds; the
                # workflow checks again when it saves.
                workflow.check_version(self.instance, cleaned.get("base_version"))
            except workflow.EditConflict as conflict:
                raise ValidationError(str(conflict), code="conflict") from None
            except workflow.WorkflowError as error:
                raise ValidationError(str(error), code="no_version") from None
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = (
        "thumbnail",
        "title",
        "status_badge",
        "section",
        "byline_names",
        "published_at",
        "modified_at",
    )
    list_display_links = ("thumbnail", "title")
    list_filter = ("status", "section", "bylines__author", "tags")
    list_select_related = ("section", "lead_image")
    search_fields = ("title", "dek", "slug", "bylines__author__name")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("section", "lead_image")
    inlines = (ArticleAuthorInline,)

    class Media:
        js = ("js/tag-suggest.js",)

    actions = ("submit_selected", "publish_selected")
    readonly_fields = (
        "status_badge",
        "published_at",
        "significant_update_at",
        "lead_image_preview",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "dek", "body", "base_version")}),
        ("Placement", {"fields": ("section", "tags")}),
        ("Lead image", {"fields": ("lead_image", "lead_image_preview", "lead_image_caption")}),
        (
            "Publication",
            {"fields": ("status_badge", "published_at", "significant_update_at")},
        ),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("bylines__author")
        match = request.resolver_match
        if match and match.url_name == "articles_article_changelist":
            # Every row's thumbnail in one query.
            thumbnails = Rendition.objects.filter(spec=ADMIN_THUMB)
            queryset = queryset.prefetch_related(
                Prefetch("lead_image__renditions", queryset=thumbnails)
            )
        return queryset

    # Permissions: the workflow decides; the admin only asks it.

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Takedown, not deletion, for anything readers have seen or will see.
        if obj is not None and obj.was_ever_public:
            return False
        return super().has_delete_permission(request, obj) and _editable(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # The bulk delete would not ask about each story; drafts are deleted from their page.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    # Columns.

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="status-badge" style="background:{}">{}</span>',
            STATUS_COLOURS.get(obj.status, "#6b7280"),
            obj.get_status_display(),
        )

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return preview_img(obj.lead_image)

    @admin.display(description="Lead image")
    def lead_image_preview(self, obj):
        if not obj.lead_image:
            return "No lead image yet."
        image = obj.lead_image
        return format_html(
            "{}<br>Alt text: {} · Credit: {}",
            preview_img(image, ADMIN_PREVIEW, css_class="media-preview"),
            image.alt_text or "missing",
            image.credit or "missing",
        )

    @admin.display(description="Bylines")
    def byline_names(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all())

    # Saving goes through the workflow: version check, bookkeeping, a revision per save.

    def save_model(self, request, obj, form, change):
        # Saved in save_related, with the tags and bylines, as one workflow save.
        pass

    def save_related(self, request, form, formsets, change):
        workflow.save_article(
            form.instance,
            by=request.user,
            expected_version=form.cleaned_data.get("base_version") if change else None,
            save_related=lambda: super(ArticleAdmin, self).save_related(
                request, form, formsets, change
            ),
        )

    @method_decorator(csp_override(ADMIN_CSP))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            article = self.get_object(request, object_id)
            if article is not None:
                extra_context.update(self.desk_context(request, article))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def desk_context(self, request, article):
        user = request.user
        transitions = workflow.allowed_transitions(article, user)
        return {
            "transitions": [t for t in transitions if t.name in BUTTONS],
            "action_forms": {t.name: desk_actions.form_for(t.name) for t in transitions},
            "comment_form": desk_actions.form_for("submit"),
            "checklist": workflow.publish_checklist(article),
            "events": article.events.select_related("actor")[:50],
            "revision_count": article.revisions.count(),
            "preview_url": request.build_absolute_uri(preview.preview_url(article)),
            "preview_days": preview.PREVIEW_MAX_AGE.days,
            "can_update": workflow.may(user, article, "significant_update"),
            "corrections": article.corrections.all(),
            "time_zone": settings.TIME_ZONE,
        }

    def response_change(self, request, obj):
        name = request.POST.get("_workflow")
        if not name:
            return super().response_change(request, obj)
        self.run_desk_action(request, obj, name)
        return HttpResponseRedirect(request.path)

    def run_desk_action(self, request, article, name):
        try:
            desk_actions.run(name, article, by=request.user, data=request.POST)
        except workflow.WorkflowError as error:
            self.message_user(request, f"Saved, but not moved on: {error}", messages.ERROR)
            return
        article.refresh_from_db()
        self.message_user(
            request,
            f"Saved. “{article.title}” is now {article.get_status_display().lower()}.",
            messages.SUCCESS,
        )

    # Changelist actions, through the same workflow functions.

    def _bulk(self, request, queryset, move, verb):
        done, refused = 0, []
        for article in queryset:
            try:
                with transaction.atomic():
                    move(article, by=request.user)
                done += 1
            except workflow.WorkflowError as error:
                refused.append(f"“{article.title}”: {error}")
        if done:
            self.message_user(request, f"{verb} {done} stories.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(permissions=["change"], description="Submit selected drafts for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.submit, "Submitted")

    @admin.action(permissions=["publish"], description="Publish selected stories now")
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.publish, "Published")

    # Revisions, a diff between two, restore; the roundup tool.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/revisions/",
                wrap(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "compose-roundup/",
                wrap(self.compose_roundup_view),
                name="articles_article_compose_roundup",
            ),
            *super().get_urls(),
        ]

    def revisions_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revisions = list(article.revisions.select_related("created_by"))
        by_id = {r.pk: r for r in revisions}
        old, new, diff = _picked(by_id, request.GET, "a"), _picked(by_id, request.GET, "b"), None
        if old and new:
            if old.created_at > new.created_at:
                old, new = new, old
            diff = workflow.revision_diff(old, new)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Revisions of “{article.title}”",
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
            "can_restore": workflow.can_edit(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return redirect("admin:articles_article_revisions", object_id=object_id)
        revision = get_object_or_404(ArticleRevision, pk=revision_id, article_id=object_id)
        try:
            restored = workflow.restore_revision(revision, by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        self.message_user(
            request,
            f"Restored version {revision.version} as version {restored.revision.version}.",
            messages.SUCCESS,
        )
        if restored.left_out:
            self.message_user(
                request,
                "Not restored, kept as it is now: " + "; ".join(restored.left_out) + ".",
                messages.WARNING,
            )
        return redirect("admin:articles_article_change", object_id)

    def compose_roundup_view(self, request):
        if request.method != "POST":
            return redirect("admin:index")
        try:
            article = workflow.compose_roundup(by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        self.message_user(
            request, "Roundup drafted: trim the bullets, then submit it.", messages.SUCCESS
        )
        return redirect("admin:articles_article_change", article.pk)


def _picked(revisions: dict, params, key):
    value = params.get(key, "")
    return revisions.get(int(value)) if value.isdigit() else None


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("article", "text", "created_at", "created_by")
    list_select_related = ("article", "created_by")
    search_fields = ("text", "article__title")
    autocomplete_fields = ("article",)
    readonly_fields = ("created_by",)

    def has_add_permission(self, request):
        # Added from the story's page, through the workflow, so an event is recorded.
        return False


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ("text", "live_badge", "starts_at", "ends_at", "article")
    list_select_related = ("article",)
    autocomplete_fields = ("article",)
    search_fields = ("text",)
    date_hierarchy = "starts_at"

    @admin.display(description="Live now")
    def live_badge(self, obj):
        return "Live" if obj.is_live() else ("Ended" if obj.ends_at <= timezone.now() else "Later")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# The live desk and the front page (kept apart from the story's change form).
from . import live_admin  # noqa: E402, F401
