from django.apps import AppConfig


class GhostConfig(AppConfig):
    name = "ghost"
