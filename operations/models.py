from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of a background process (operations.heartbeats).

    One row per kind of process, not per process: two schedulers share the row, and it stays
    fresh while either runs, which is what matters (scheduled stories go out).
    """

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()
    # How often the process promised to beat: it is late after twice this, plus a grace.
    every_seconds = models.FloatField()
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
