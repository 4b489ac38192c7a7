"""A story's languages on the desk: translating it into another, marking an edition up to date
with its source, and the translation board (every story by language). Each only when the
newsroom publishes in more than one language."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from authors import languages

from .. import desk_editions, desk_views, translation_board, workflow
from ..models import Article


class TranslationViews:
    """The story admin's translation pages (mixed into ArticleAdmin, which routes them)."""

    def translate_view(self, request, object_id):
        """Start the story's edition in the language posted, and open it."""
        if request.method != "POST":
            return redirect("admin:articles_article_change", object_id)
        story = desk_views.story_or_404(request, object_id)
        back = (
            reverse("admin:articles_article_translations")
            if request.POST.get("from") == "board"
            else reverse("admin:articles_article_change", args=[story.pk])
        )
        language = request.POST.get("language", "")
        try:
            edition = workflow.translate(story, language, by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except workflow.EditionExists as error:
            if workflow.can_view(request.user, error.edition):
                self.message_user(request, f"{error} Here it is.", messages.INFO)
                return redirect("admin:articles_article_change", error.edition.pk)
            self.message_user(
                request,
                f"Not translated: {error} Another writer is translating it.",
                messages.ERROR,
            )
            return redirect(back)
        except workflow.WorkflowError as error:
            self.message_user(request, f"Not translated: {error}", messages.ERROR)
            return redirect(back)
        name = languages.english_name(edition.language)
        self.message_user(
            request,
            f"The {name} edition is started as a draft with the "
            f"{languages.english_name(story.language)} text in it: write the {name} over it, "
            "then submit it or publish it.",
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", edition.pk)

    def mark_up_to_date_view(self, request, object_id):
        """The edition says what its source says now: it is no longer stale."""
        if request.method != "POST":
            return redirect("admin:articles_article_change", object_id)
        edition = desk_views.story_or_404(request, object_id)
        try:
            workflow.mark_up_to_date(edition, by=request.user)
        except workflow.NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except workflow.WorkflowError as error:
            self.message_user(request, f"Not marked up to date: {error}", messages.ERROR)
        else:
            source = languages.english_name(edition.translated_from.language)
            self.message_user(
                request,
                f"Marked up to date with the {source} edition as it is now: it shows as stale "
                f"again when the {source} text changes.",
                messages.SUCCESS,
            )
        return redirect("admin:articles_article_change", object_id)

    def translations_view(self, request):
        """The translation board: every story by language, newest first, a page at a time."""
        if not desk_editions.several():
            raise Http404("The newsroom publishes in one language.")
        if not self.has_view_permission(request):
            raise PermissionDenied("You cannot open stories.")
        state = request.GET.get("state", "")
        language = request.GET.get("language", "")
        try:
            found, rows = translation_board.page(
                request.user, request.GET.get("page"), state=state, language=language
            )
        except translation_board.BadFilter as error:
            raise BadRequest(str(error)) from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Translations",
            "page": found,
            "rows": rows,
            "state": state,
            "language": language,
            "states": translation_board.STATES,
            "empty": translation_board.EMPTY[state],
            "languages": [(code, languages.english_name(code)) for code in languages.codes()],
            "can_translate": workflow.can_edit(request.user, Article()),
            "time_zone": settings.TIME_ZONE,
        }
        return TemplateResponse(request, "admin/articles/article/translations.html", context)
