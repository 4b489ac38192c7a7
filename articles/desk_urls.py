from django.contrib import admin
from django.urls import path

from . import preferences

app_name = "desk"

urlpatterns = [
    path(
        "",
        admin.site.admin_view(preferences.notification_preferences),
        name="notifications",
    ),
]
