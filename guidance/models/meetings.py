"""MARAC meetings, which the coordinators keep in the admin."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

AGENDA_CIRCULATION_WORKING_DAYS = 5


def working_days_before(day: datetime.date, working_days: int) -> datetime.date:
    """The date `working_days` working days (Monday to Friday) before `day`."""
    current = day
    remaining = working_days
    while remaining:
        current -= datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


class MaracMeetingQuerySet(models.QuerySet):
    def upcoming(self, *, now: datetime.datetime):
        return self.filter(starts_at__gte=now, cancelled=False).order_by("starts_at")

    def open_for_referrals(self, *, at: datetime.datetime):
        """Meetings whose referral deadline has not passed at `at`, soonest first."""
        return self.filter(referral_deadline__gte=at, cancelled=False).order_by("starts_at")


class MaracMeeting(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "MARAC"
        PRE = "pre", "Pre-MARAC"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FULL)
    starts_at = models.DateTimeField("meeting date and time")
    referral_deadline = models.DateTimeField(
        help_text="Referrals received after this go to the following meeting."
    )
    location = models.CharField(
        max_length=200, default="Online (joining details sent with the agenda)",
        help_text="Shown publicly: never an address that could identify anyone.",
    )
    cancelled = models.BooleanField(default=False)
    notes = models.TextField(blank=True, help_text="Shown on the public schedule.")

    objects = MaracMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "MARAC meeting"

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} {local:%-d %B %Y}"

    def clean(self):
        if self.starts_at and self.referral_deadline and self.referral_deadline >= self.starts_at:
            raise ValidationError(
                {"referral_deadline": "The referral deadline must be before the meeting."}
            )

    @property
    def agenda_circulation_date(self) -> datetime.date:
        """The agenda goes out at least five working days before the meeting."""
        return working_days_before(
            timezone.localtime(self.starts_at).date(), AGENDA_CIRCULATION_WORKING_DAYS
        )
