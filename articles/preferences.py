"""The desk page where each user chooses which notification emails they get."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from . import notifications, workflow
from .models import NotificationPreference

# Editors hear about every story; writers only about their own.
EDITOR_FIELDS = ("review_requests", "schedule_failed")


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ("review_requests", "changes_requested", "published", "schedule_failed")

    def __init__(self, *args, editor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name in EDITOR_FIELDS:
            if editor:
                self.fields[name].help_text = ""
            else:
                del self.fields[name]


def notification_preferences(request):
    preference = notifications.preferences_for(request.user)
    editor = workflow.is_editor(request.user)
    form = PreferencesForm(request.POST or None, instance=preference, editor=editor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("desk:notifications")
    context = {
        **admin.site.each_context(request),
        "title": "Email notifications",
        "form": form,
        "has_email": bool(request.user.email),
    }
    return TemplateResponse(request, "admin/notification_preferences.html", context)
