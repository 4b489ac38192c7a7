from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What operators rely on: heartbeats of the background processes, readiness, `doctor`.

    A bottom app: it imports no other app of the project, so any of them may use it.
    """

    name = "operations"
    verbose_name = "Operations"
