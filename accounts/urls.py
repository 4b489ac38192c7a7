from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
]
