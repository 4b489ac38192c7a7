from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"

    def ready(self):
        from media import specs

        from .models import Author

        # Portraits are shown square around their focal point: made ahead of time.
        specs.warm_for(Author._meta.get_field("avatar"), (specs.AVATAR,))
