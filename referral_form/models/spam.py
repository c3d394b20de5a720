"""Suspected spam over the per-address daily cap: only a count is kept, never the submission."""

from django.db import models


class SpamTally(models.Model):
    """How many suspected-spam submissions were counted but not stored, per day and reason."""

    day = models.DateField()
    reason = models.CharField(max_length=20)
    dropped = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "reason"],
                                               name="unique_spam_tally_day_reason")]
        ordering = ["-day", "reason"]

    def __str__(self) -> str:
        return f"{self.day}: {self.dropped} {self.reason}"
