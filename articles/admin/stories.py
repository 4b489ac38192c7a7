"""The story desk: the change form (writing column, side panel, desk actions), the story
list (its columns in columns.py) and its bulk actions. Every save and move goes through the
workflow; permissions are the workflow's answers."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.csp import csp_override

from authors import languages
from authors.models import Author
from media.autocomplete import SafeAutocompleteMixin
from media.changelists import SafeChangeListMixin
from media.models import Rendition
from media.specs import ADMIN_THUMB
from media.widgets import ImageChooserWidget

from .. import (
    blocks,
    body_editor,
    desk_actions,
    desk_comments,
    desk_editions,
    desk_form,
    desk_schedule,
    desk_time,
    desk_views,
    embeds,
    plaintext,
    presence,
    preview,
    richtext,
    search,
    workflow,
    working_copies,
)
from ..models import Article, ArticleAuthor
from .bylines import ArticleAuthorInline
from .columns import StoryColumns
from .revisions import RevisionViews
from .roundup import RoundupView
from .translations import TranslationViews
from .unsaved import UnsavedTextViews, desk_page

# The story form's body editor needs the request's nonce for its import map.
ADMIN_CSP = body_editor.EDITOR_CSP


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
            "lead_image_alt",
        )
        widgets = {
            "body": body_editor.BodyEditorWidget(),
            "lead_image": ImageChooserWidget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        elif "slug" in self.fields:
            # A new story's address is made from its headline (workflow.free_slug), in Latin
            # letters: Django's prepopulated slug knew nothing of Ukrainian ("Київ" → "kiyiv").
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Leave it empty to make it from the headline."
        if "title" in self.fields:
            # A textarea so a long headline wraps; desk-form.js keeps Enter from adding lines.
            title = self.fields["title"]
            title.label = "Headline"
            title.widget = forms.Textarea(
                attrs={"rows": 1, "maxlength": title.max_length, "placeholder": "Headline"}
            )
        if "dek" in self.fields:
            self.fields["dek"].widget.attrs.update(rows=2, placeholder="Standfirst")
        if "language" in self.fields:
            # Chosen once, for a new story (ArticleAdmin.get_fieldsets): an edition's language
            # is what it is written in, and its other languages are editions of their own.
            self.fields["language"] = forms.ChoiceField(
                label="Language",
                choices=[(code, languages.english_name(code)) for code in languages.codes()],
                initial=languages.main(),
                help_text="The language you write this story in. It cannot be changed later: "
                "translate the story into another language instead.",
            )
        if self.instance.pk and "slug" in self.fields:
            self.fields["slug"].help_text = (
                "The end of the story's address on the site: /news/this-part/. Until the story "
                "is scheduled or published it follows the headline; once changed here, it "
                "stays as you set it."
            )
        if "tags" in self.fields:
            # static/js/tag-suggest.js asks the admin's autocomplete view for matching tags.
            self.fields["tags"].widget.attrs["data-autocomplete-url"] = reverse(
                "admin:autocomplete"
            )
            self.fields[
                "tags"
            ].help_text = "Separate tags with commas; existing tags are suggested as you type."

    def clean_title(self):
        title = " ".join(plaintext.one_line(self.cleaned_data["title"]).split())
        if not title:
            raise ValidationError("Write a headline: this one has no letters.", code="required")
        return title

    def clean_body(self):
        """Sanitise, take a snapshot of new embeds, and note what readers will not see."""
        body, self.embed_notes = embeds.add_snapshots(
            richtext.sanitise(self.cleaned_data.get("body", ""))
        )
        self.block_notes = blocks.problems(body)
        return body

    def clean(self):
        cleaned = super().clean()
        new_story = not self.instance.pk and cleaned.get("title") and "body" not in self.errors
        if new_story and not workflow.starts_a_draft(cleaned["title"], cleaned.get("body", "")):
            self.add_error(
                "body",
                ValidationError(
                    f"A new story is kept once it has {workflow.DRAFT_NEEDS}: write its "
                    "first lines, then save.",
                    code="draft_needs_text",
                ),
            )
        # A desk action with malformed fields refuses the whole post: nothing is saved.
        action = self.data.get("_workflow")
        if action and (refused := desk_actions.problem(action, self.data)):
            raise ValidationError(refused, code="desk_action")
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
class ArticleAdmin(
    StoryColumns,
    RevisionViews,
    RoundupView,
    TranslationViews,
    UnsavedTextViews,
    SafeAutocompleteMixin,
    SafeChangeListMixin,
    admin.ModelAdmin,
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = (
        "thumbnail",
        "headline",
        "section",
        "status_badge",
        "byline_names",
        "published",
        "edited",
    )
    list_display_links = ("thumbnail", "headline")
    list_per_page = 50
    list_filter = ("status", "section", "bylines__author", "tags")
    list_select_related = ("section", "lead_image")
    # What the search box looks through (get_search_results, with the stories' search index);
    # Django shows the box, and lets other pages' story choosers search, when this is set.
    search_fields = ("title", "dek", "body_text", "tags__name", "bylines__author__name")
    search_help_text = "Finds stories with every word in the headline, text, tags or bylines."
    date_hierarchy = "published_at"
    autocomplete_fields = ("section",)
    inlines = (ArticleAuthorInline,)

    class Media:
        js = ("js/tag-suggest.js",)

    actions = ("submit_selected", "publish_selected")
    readonly_fields = (
        "status_badge",
        "published_at",
        "significant_update_at",
    )
    # The story form (templates/admin/articles/article/change_form.html) puts the first
    # fieldset in the writing column and the others in the side panel.
    fieldsets = (
        (None, {"fields": ("title", "dek", "body", "base_version")}),
        ("Placement", {"fields": ("section", "tags")}),
        # The chooser shows the chosen picture with its alt text and credit.
        ("Lead image", {"fields": ("lead_image", "lead_image_caption", "lead_image_alt")}),
    )
    advanced_fieldset = ("Advanced", {"fields": ("slug",), "classes": ("collapse",)})

    def get_fieldsets(self, request, obj=None):
        # The address is the editors' business; a writer's story takes it from the headline.
        fieldsets = self.fieldsets
        if obj is None and desk_editions.several():
            # A new story's language, chosen once (ArticleForm).
            (main, placement, *rest) = fieldsets
            name, options = placement
            fieldsets = (
                main,
                (name, {**options, "fields": ("language", *options["fields"])}),
                *rest,
            )
        if workflow.is_editor(request.user):
            fieldsets = (*fieldsets, self.advanced_fieldset)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only (a writer viewing a submitted story): the body as text, not markup.
        return [
            (name, {**options, "fields": _swap(options["fields"], "body", "body_html")})
            for name, options in fieldsets
        ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ArticleAuthorInline) and request.method == "GET" and not obj.pk:
            # A new story carries its writer's byline: shown here, and kept by the workflow
            # even when the story is first saved by autosave.
            author = Author.objects.filter(user=request.user).first()
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "role": ArticleAuthor.Role.BY}]
        return kwargs

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("bylines__author")
        match = request.resolver_match
        if match and match.url_name in ("articles_article_changelist", "autocomplete"):
            # Lists and choosers show only stories this user may open (see has_view_permission).
            queryset = workflow.viewable(request.user, queryset)
        if match and match.url_name == "articles_article_changelist":
            # Every row's thumbnail in one query.
            thumbnails = Rendition.objects.filter(spec=ADMIN_THUMB)
            queryset = queryset.prefetch_related(
                Prefetch("lead_image__renditions", queryset=thumbnails)
            )
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """Stories with every word of the search in their headline, standfirst or text (the
        search index: no scan of every body), a tag or a byline, the last word as typed so
        far; among those the list already holds (workflow.viewable, the filters)."""
        if not search_term.strip():
            return queryset, False
        match = search.desk_match(search_term, using=queryset.db)
        if match is None:  # no letter or digit to look for
            return queryset.none(), False
        # Subqueries, not joins: a story with two matching tags is still one row.
        return queryset.filter(match), False

    # Permissions: the workflow decides; the admin only asks it.

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.can_view(request.user, obj))

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

    @admin.display(description="Body")
    def body_html(self, obj):
        # Our sanitiser's own output, so it is safe to show as HTML.
        return format_html(
            '<div class="readonly-body">{}</div>', mark_safe(richtext.sanitise(obj.body))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            readonly = (*readonly, "body_html")
        return readonly

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
        # Saved for real: the autosaved text is spent (a new story's too).
        working_copies.forget(user=request.user, article=form.instance)
        if not change:
            working_copies.forget(user=request.user, article=None)
        # Blocks readers will not see, shown above the editor after the save; embeds saved
        # without a preview, said quietly (readers still get them).
        for note in getattr(form, "block_notes", ()):
            self.message_user(request, f"Body: {note}", messages.WARNING)
        for note in getattr(form, "embed_notes", ()):
            self.message_user(request, note, messages.INFO)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None:
            # "Restore" on the form: open it with the autosaved text instead of the saved one.
            self.restore_text(request, article)
        return article

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "restore" in request.GET:
            copy = working_copies.offer(user=request.user, article=None)
            if copy is not None:
                initial.update({f: copy.data[f] for f in working_copies.FIELDS if f in copy.data})
        return initial

    @method_decorator(csp_override(ADMIN_CSP))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            article = self.get_object(request, object_id)
            # Django refuses a story this user may not see after this point: build nothing
            # for it (the desk context makes thumbnails and checks the user in) before then.
            if article is not None and self.has_view_or_change_permission(request, article):
                extra_context.update(self.desk_context(request, article))
        else:
            extra_context.update(self.new_story_context(request))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def new_story_context(self, request):
        primary, _ = desk_form.actions(None, request.user, can_edit=True)
        restoring = "restore" in request.GET
        offer = working_copies.offer(user=request.user, article=None)
        return {
            "primary_action": primary,
            "checklist_ticks": desk_form.checklist_ticks(Article()),
            "social_card": desk_form.social_card(None),
            "restore_offer": None if restoring else offer,
            "restore_offer_at": desk_time.short(offer.updated_at) if offer else "",
            "restored": restoring,
            "desk_page": desk_page(request, offer if restoring else None),
            "autosave_url": reverse("admin:articles_article_autosave_new"),
            "discard_url": reverse("admin:articles_article_discard_new"),
            "time_zone": settings.TIME_ZONE,
        }

    def desk_context(self, request, article):
        user = request.user
        transitions = workflow.allowed_transitions(article, user)
        can_edit = workflow.can_edit(user, article)
        primary, secondary = desk_form.actions(article, user, can_edit=can_edit)
        action_forms = {t.name: desk_actions.form_for(t.name) for t in transitions}
        if "schedule" in action_forms and article.status == Article.Status.SCHEDULED:
            action_forms["schedule"].initial["at"] = article.published_at
        return {
            "primary_action": primary,
            "secondary_actions": secondary,
            "action_forms": action_forms,
            "comment_form": desk_actions.form_for("submit"),
            "checklist": workflow.publish_checklist(article),
            "checklist_ticks": desk_form.checklist_ticks(article),
            "social_card": desk_form.social_card(article),
            "editing_now": presence.others(article.pk, user),
            **self.unsaved_context(request, article, can_edit=can_edit),
            "autosave_url": reverse("admin:articles_article_autosave", args=[article.pk])
            if can_edit
            else "",
            "discard_url": reverse("admin:articles_article_discard", args=[article.pk]),
            "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
            "comment_url": reverse("admin:articles_article_comment", args=[article.pk]),
            "comment_threads": desk_comments.threads(article),
            "events": article.events.select_related("actor")[:50],
            "revision_count": article.revisions.count(),
            "preview_url": request.build_absolute_uri(preview.preview_url(article)),
            "preview_days": preview.PREVIEW_MAX_AGE.days,
            "can_revoke_preview": workflow.can_revoke_preview_links(user, article),
            "can_update": workflow.may(user, article, "significant_update"),
            "corrections": article.corrections.all(),
            "time_zone": settings.TIME_ZONE,
            # Until the writer submits it again, the editor's request heads the form.
            "change_request": workflow.changes_requested(article),
            "can_withdraw": workflow.may(user, article, "withdraw"),
            "schedule_notice": desk_schedule.notice(article, desk_schedule.scheduler())
            if article.status == Article.Status.SCHEDULED
            else "",
            # The story's languages (None for a newsroom in one): the panel's box, and the
            # source's changes at the top of a stale edition.
            "story_languages": desk_editions.for_form(article, user),
            "show_source_changes": "changes" in request.GET,
        }

    def response_change(self, request, obj):
        name = request.POST.get("_workflow")
        if not name:
            return super().response_change(request, obj)
        self.run_desk_action(request, obj, name)
        return HttpResponseRedirect(request.path)

    def run_desk_action(self, request, article, name):
        # The form refused unknown actions before saving; "moved on" is for safety only.
        transition = workflow.TRANSITIONS.get(name)
        done = transition.done if transition else "moved on"
        try:
            desk_actions.run(name, article, by=request.user, data=request.POST)
        except workflow.WorkflowError as error:
            self.message_user(request, f"Saved. Not {done}: {_reason(error)}", messages.ERROR)
            return
        article.refresh_from_db()
        if article.status == Article.Status.SCHEDULED and name == "schedule":
            done = f"scheduled for {desk_time.moment(article.published_at)}"
        self.message_user(request, f"Saved and {done}.", messages.SUCCESS)
        if name == "unpublish" and (note := workflow.withdrawal_note(article)):
            self.message_user(request, note, messages.INFO)

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

    # The desk's own pages: autosave, presence, comments; revisions (RevisionViews), preview
    # links, the roundup tool (RoundupView).

    def get_urls(self):
        wrap = self.admin_site.admin_view
        # (route, view, URL name after "articles_article_"), each behind admin_view.
        desk_pages = [
            ("autosave/", desk_views.autosave, "autosave_new"),
            ("autosave/discard/", desk_views.discard, "discard_new"),
            ("<int:object_id>/autosave/", desk_views.autosave, "autosave"),
            ("<int:object_id>/autosave/discard/", desk_views.discard, "discard"),
            ("<int:object_id>/presence/", desk_views.presence_view, "presence"),
            ("<int:object_id>/conflict/", desk_views.conflict_view, "conflict"),
            ("<int:object_id>/comments/", desk_views.comment_view, "comment"),
            ("<int:object_id>/revisions/", self.revisions_view, "revisions"),
            ("<int:object_id>/revisions/<int:revision_id>/restore/", self.restore_view, "restore"),
            ("<int:object_id>/preview/revoke/", self.revoke_preview_view, "preview_revoke"),
            ("<int:object_id>/withdraw/", self.withdraw_view, "withdraw"),
            ("<int:object_id>/translate/", self.translate_view, "translate"),
            ("<int:object_id>/up-to-date/", self.mark_up_to_date_view, "mark_up_to_date"),
            ("translations/", self.translations_view, "translations"),
            ("compose-roundup/", self.compose_roundup_view, "compose_roundup"),
            ("blocks/stories/", body_editor.stories_view, "block_stories"),
        ]
        pages = [path(r, wrap(view), name=f"articles_article_{n}") for r, view, n in desk_pages]
        return pages + super().get_urls()

    def withdraw_view(self, request, object_id):
        """The writer takes their submitted story back (the form is read-only for them in
        review, so this is a button of its own)."""
        if request.method != "POST":
            return redirect("admin:articles_article_change", object_id)
        article = desk_views.story_or_404(request, object_id)
        try:
            workflow.withdraw(article, by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except workflow.WorkflowError as error:
            self.message_user(request, f"Not withdrawn: {_reason(error)}", messages.ERROR)
        else:
            self.message_user(
                request,
                "Withdrawn from review: the story is a draft again and yours to change. "
                "Submit it again when it is ready.",
                messages.SUCCESS,
            )
        return redirect("admin:articles_article_change", object_id)

    def revoke_preview_view(self, request, object_id):
        if request.method != "POST":
            return redirect("admin:articles_article_change", object_id)
        article = desk_views.story_or_404(request, object_id)
        try:
            workflow.revoke_preview_links(article, by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        self.message_user(
            request,
            "Preview links revoked: links shared before no longer open. "
            "The new link is in the Workflow panel.",
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", object_id)


def _reason(error: workflow.WorkflowError) -> str:
    """Why a move was refused, to follow "Not published:"."""
    if isinstance(error, workflow.ChecklistFailed):
        return "it still needs " + ", ".join(error.missing) + "."
    text = str(error)
    return text[:1].lower() + text[1:]


def _swap(fields, old, new):
    return tuple(
        _swap(f, old, new) if isinstance(f, (list, tuple)) else (new if f == old else f)
        for f in fields
    )
