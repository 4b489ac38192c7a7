"""The desk for live stories and the front page: a compact posting page per live story, the
posts' own list and change form (every write through the workflow), and the front-page slots.

Writers and editors post; editors start and end coverage, change or delete anyone's post and
arrange the front page. When the story's edition in another language is live too, a key event
can go to it at the same moment, in that language's words. Imported by articles/admin/ so
Django's autodiscovery finds it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.csp import csp_override

from authors import languages
from authors.models import Author
from media.autocomplete import SafeAutocompleteMixin
from media.changelists import SafeChangeListMixin

from . import blocks, body_editor, workflow
from .desk_views import story_or_404
from .models import FrontPageSlot, LivePost

RECENT_POSTS = 50


def _is_newsroom(request) -> bool:
    """Writers and editors: the people who post."""
    return request.user.is_active and request.user.has_perm("articles.add_article")


def _post_body(form) -> str:
    """The body as the workflow will check it, so an empty one is a form error here."""
    body = form.cleaned_data["body"]
    try:
        workflow.check_post_body(body)
    except workflow.WorkflowError as error:
        raise forms.ValidationError(str(error)) from None
    return body


class PostForm(forms.Form):
    """A new post; with `editions` (other live editions of the story), for each a choice to
    post the key event there too and its words in that language."""

    headline = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"placeholder": "Optional"})
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "autofocus": True}),
        help_text="Plain text (a blank line starts a new paragraph) or simple HTML.",
        error_messages={"required": "Write the post before sending it."},
    )
    is_key_event = forms.BooleanField(label="Key event", required=False)
    is_pinned = forms.BooleanField(label="Pin to the top", required=False)

    clean_body = _post_body
    POST_FIELDS = ("headline", "body", "is_key_event", "is_pinned")

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = list(editions)
        for edition in self.editions:
            code, name = edition.language, languages.english_name(edition.language)
            self.fields[f"also_{code}"] = forms.BooleanField(
                label=f"Also post this key event to the {name} edition", required=False
            )
            self.fields[f"headline_{code}"] = forms.CharField(
                label=f"Headline in {name}",
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"placeholder": "Optional", "lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=f"Post in {name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
            )

    def edition_fields(self) -> list[dict]:
        """Each other edition's fields, for the template."""
        return [
            {
                "name": languages.english_name(edition.language),
                **{
                    part: self[f"{part}_{edition.language}"]
                    for part in ("also", "headline", "body")
                },
            }
            for edition in self.editions
        ]

    def clean(self):
        cleaned = super().clean()
        offered = {edition.language for edition in self.editions}
        for code in languages.codes():
            if self.data.get(f"also_{code}") and code not in offered:
                name = languages.english_name(code)
                raise forms.ValidationError(
                    f"The {name} edition takes no posts now (its live coverage is off, or you "
                    f"may not post there): nothing was posted. Post here alone, or start its "
                    f"coverage first."
                )
        for edition in self.editions:
            code, name = edition.language, languages.english_name(edition.language)
            if not cleaned.get(f"also_{code}"):
                continue
            # What goes to both editions is a key event in both.
            cleaned["is_key_event"] = True
            try:
                workflow.check_post_body(cleaned.get(f"body_{code}", ""))
            except workflow.WorkflowError:
                self.add_error(
                    f"body_{code}",
                    f"Write the post in {name}, or untick “Also post this key event to the "
                    f"{name} edition”.",
                )
        return cleaned

    def post(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.POST_FIELDS}

    def also(self) -> list:
        """The key event in the other editions chosen, in their own words."""
        return [
            workflow.EditionPost(
                edition,
                self.cleaned_data[f"body_{edition.language}"],
                self.cleaned_data[f"headline_{edition.language}"],
            )
            for edition in self.editions
            if self.cleaned_data.get(f"also_{edition.language}")
        ]


class LivePostChangeForm(forms.ModelForm):
    class Meta:
        model = LivePost
        fields = ("headline", "body", "author", "is_key_event", "is_pinned")
        # The post as readers see it, in the story's editor (text only in its toolbar).
        widgets = {"body": body_editor.BodyEditorWidget(config=body_editor.LIVE_POST_EDITOR)}
        help_texts = {"body": "As readers will see it. Enter starts a new paragraph."}

    clean_body = _post_body


@admin.register(LivePost)
class LivePostAdmin(SafeAutocompleteMixin, SafeChangeListMixin, admin.ModelAdmin):
    form = LivePostChangeForm
    list_display = ("published_at", "summary_line", "article", "author", "flags", "state")
    list_display_links = ("published_at", "summary_line")
    list_select_related = ("article", "author")
    list_filter = ("is_key_event", "is_pinned")
    search_fields = ("headline", "body", "article__title")
    autocomplete_fields = ("author",)
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        # The list and its search show posts only on stories this user may open.
        return workflow.on_viewable(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return _is_newsroom(request)

    def has_view_permission(self, request, obj=None):
        allowed = _is_newsroom(request)
        return allowed and (obj is None or workflow.can_view(request.user, obj.article))

    def has_add_permission(self, request):
        return False  # posts are written on the story's posting page

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return _is_newsroom(request)
        return obj.deleted_at is None and workflow.can_change_post(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deleting hides a post and keeps it: the posting page's button

    # Writers byline posts as themselves (workflow.may_byline): their choice is their own
    # profile, or the byline an editor gave the post; editors search every author.

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if workflow.is_editor(request.user) else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "author" in form.base_fields and not workflow.is_editor(request.user):
            choices = Q(user=request.user)
            if obj is not None and obj.author_id is not None:
                choices |= Q(pk=obj.author_id)
            form.base_fields["author"].queryset = Author.objects.filter(choices)
        return form

    @admin.display(description="Post")
    def summary_line(self, obj):
        return obj.summary

    @admin.display(description="Flags")
    def flags(self, obj):
        return ", ".join(
            label
            for flag, label in ((obj.is_key_event, "key event"), (obj.is_pinned, "pinned"))
            if flag
        )

    @admin.display(description="State")
    def state(self, obj):
        if obj.deleted_at:
            return "Deleted"
        return "Edited" if obj.edited_at else "Posted"

    @method_decorator(csp_override(body_editor.EDITOR_CSP))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        current = LivePost.objects.get(pk=obj.pk)
        try:
            workflow.edit_live_post(current, by=request.user, **changes)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None

    def response_change(self, request, obj):
        self.message_user(request, "Post updated; the earlier version is kept.", messages.SUCCESS)
        return redirect("admin:articles_livepost_live", obj.article_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("live/<int:article_id>/", wrap(self.live_view), name="articles_livepost_live"),
            *super().get_urls(),
        ]

    def live_view(self, request, article_id):
        """The posting page of one story: coverage on/off, a quick post form, the latest posts."""
        if not _is_newsroom(request):
            raise PermissionDenied
        article = story_or_404(request, article_id)
        editions = workflow.key_event_editions(article, by=request.user)
        form = PostForm(editions=editions)
        if request.method == "POST":
            done = self._act(request, article, editions)
            if done is True:
                return redirect("admin:articles_livepost_live", article.pk)
            form = done
        posts = list(
            article.live_posts.select_related("author", "created_by").order_by(
                "-published_at", "-id"
            )[:RECENT_POSTS]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Live: {article.title}",
            "article": article,
            "form": form,
            "posts": posts,
            "can_post": workflow.can_post_live(request.user, article),
            "is_editor": workflow.is_editor(request.user),
            "story_url": reverse("admin:articles_article_change", args=[article.pk]),
            # Editions that could take a key event once their coverage is on.
            "idle_editions": [
                {"name": languages.english_name(e.language), "pk": e.pk}
                for e in workflow.other_editions(article)
                if e not in editions and not e.is_live and workflow.can_view(request.user, e)
            ],
        }
        for post in posts:
            post.can_change = post.deleted_at is None and workflow.can_change_post(
                request.user, post
            )
        return TemplateResponse(request, "admin/articles/livepost/live.html", context)

    def _act(self, request, article, editions):
        """Run the posted action; True when done, or the post form with its errors."""
        action = request.POST.get("action")
        try:
            if action == "start":
                workflow.start_coverage(article, by=request.user)
                self.message_user(request, "Live coverage is on.", messages.SUCCESS)
            elif action == "end":
                workflow.end_coverage(article, by=request.user)
                self.message_user(request, "Live coverage ended.", messages.SUCCESS)
            elif action == "delete":
                post_id = request.POST.get("post", "")
                if not blocks.is_id(post_id):
                    raise BadRequest("Choose a post to delete.")
                post = get_object_or_404(LivePost, pk=post_id, article=article)
                workflow.delete_live_post(post, by=request.user)
                self.message_user(request, "Post deleted (the desk keeps it).", messages.SUCCESS)
            elif action == "post":
                form = PostForm(request.POST, editions=editions)
                if not form.is_valid():
                    return form
                self._post(request, article, form)
            else:
                raise BadRequest("The posting page has no such action.")
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        return True

    def _post(self, request, article, form) -> None:
        also = form.also()
        if not also:
            workflow.add_live_post(article, by=request.user, **form.post())
            self.message_user(request, "Posted.", messages.SUCCESS)
            return
        post = form.post()
        del post["is_key_event"]
        workflow.post_key_event(article, by=request.user, also=also, **post)
        names = " and the ".join(languages.english_name(a.edition.language) for a in also)
        self.message_user(
            request,
            f"Posted as a key event here and in the {names} edition, at the same time.",
            messages.SUCCESS,
        )


@admin.register(FrontPageSlot)
class FrontPageSlotAdmin(SafeAutocompleteMixin, SafeChangeListMixin, admin.ModelAdmin):
    """The front page's arranged places: the desk's "Front page slots" opens the front-page
    editor (public.front_editor), which sets them through the workflow."""

    list_display = ("slot", "article", "until", "holding", "set_by")
    list_select_related = ("article", "set_by")
    autocomplete_fields = ("article",)
    ordering = ("language", "slot")

    def _editor(self, request):
        return workflow.is_editor(request.user)

    def get_list_display(self, request):
        # Each language's front page has its own places.
        return ("language", *self.list_display) if languages.others() else self.list_display

    def has_module_permission(self, request):
        return self._editor(request)

    def has_view_permission(self, request, obj=None):
        return self._editor(request)

    def has_add_permission(self, request):
        return False  # the front-page editor sets places, through the workflow

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect("front_editor")

    @admin.display(description="On the front page now")
    def holding(self, obj):
        if obj.is_active:
            return format_html('<strong style="color:#15803d">{}</strong>', "Yes")
        return "No: the newest stories fill it"
