from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = "Media library"

    # For backup's import_site, which reaches the apps through the registry: what the
    # library accepts as a restored original, by the rules of an upload.
    def original_name_problem(self, name: str) -> str | None:
        from .models import original_name_problem

        return original_name_problem(name)

    def check_original(self, name: str, data: bytes) -> None:
        """Raise ValidationError unless the library would accept `data` stored as `name`."""
        from .uploads import check_original

        check_original(name, data)

    def max_original_bytes(self) -> int:
        from .uploads import max_bytes

        return max_bytes()
