"""The front page's arranged places, held by editors until a set time."""

from django.db import models
from django.utils import timezone

from authors import languages

from .. import visibility
from .fields import desk_user
from .stories import Article


class FrontPageSlotQuerySet(models.QuerySet):
    def active(self, now=None):
        """Slots whose hold has not run out and whose story readers may see."""
        now = now or timezone.now()
        return self.filter(
            visibility.q(visibility.VISIBLE, now=now, prefix="article__"), until__gt=now
        )


class FrontPageSlot(models.Model):
    """An editor's choice for a place on one language's front page, held until a set time;
    when it runs out (or the slot is empty) that language's newest stories fill the place."""

    class Slot(models.TextChoices):
        LIVE = "live", "Live strip (above everything)"
        LEAD = "lead", "Lead story"
        TOP_1 = "top1", "Top story 1"
        TOP_2 = "top2", "Top story 2"
        TOP_3 = "top3", "Top story 3"
        TOP_4 = "top4", "Top story 4"

    # Each language has a front page of its own: the same places, its own stories.
    language = models.CharField(
        max_length=12,
        default=languages.main,
        help_text="The front page this place is on: the one in this language.",
    )
    slot = models.CharField(max_length=10, choices=Slot)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A published story (for the live strip, a live story).",
    )
    until = models.DateTimeField(
        help_text="The story holds the place until then; afterwards the newest stories fill it."
    )
    set_by = desk_user(editable=False)
    set_at = models.DateTimeField(auto_now=True)

    objects = FrontPageSlotQuerySet.as_manager()

    class Meta:
        ordering = ["language", "slot"]
        verbose_name = "front page slot"
        constraints = [
            models.UniqueConstraint(fields=["language", "slot"], name="one_slot_per_language")
        ]

    def __str__(self):
        return f"{self.get_slot_display()}: {self.article}"

    @property
    def is_active(self) -> bool:
        return self.until > timezone.now() and self.article.is_published
