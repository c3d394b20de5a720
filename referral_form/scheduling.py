"""Working-day arithmetic and which meeting a referral is heading for."""

import datetime

from django.utils import timezone

from guidance.models import MaracMeeting
from guidance.models.meetings import working_days_before

IDVA_REFERRAL_WORKING_DAYS = 2

__all__ = ["add_working_days", "idva_referral_due", "next_open_meeting", "working_days_before"]


def add_working_days(day: datetime.date, working_days: int) -> datetime.date:
    """The date `working_days` working days (Monday to Friday) after `day`."""
    current = day
    remaining = working_days
    while remaining:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def idva_referral_due(received_at: datetime.datetime) -> datetime.date:
    """Referrals go to the IDVA service within two working days of receipt."""
    return add_working_days(timezone.localtime(received_at).date(), IDVA_REFERRAL_WORKING_DAYS)


def next_open_meeting(*, at: datetime.datetime, kind: str = MaracMeeting.Kind.FULL):
    """The first meeting whose referral deadline has not passed at `at`."""
    return MaracMeeting.objects.open_for_referrals(at=at).filter(kind=kind).first()
