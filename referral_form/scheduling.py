"""Working-day arithmetic and which meeting a referral is heading for."""

import datetime

from django.utils import timezone

from guidance.models import MaracMeeting
from guidance.models.meetings import working_days_before

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


def idva_referral_due(received_at: datetime.datetime, rule_set) -> datetime.date | None:
    """When the area promises the referral reaches the IDVA service (None if it promises no
    time: Kirklees says within two days, 003 4.4; Kent and Medway and Bristol give none)."""
    if rule_set.idva_contact_days is None:
        return None
    day = timezone.localtime(received_at).date()
    if rule_set.idva_day_kind == "working":
        return add_working_days(day, rule_set.idva_contact_days)
    return day + datetime.timedelta(days=rule_set.idva_contact_days)


def next_open_meeting(*, at: datetime.datetime, kind: str = MaracMeeting.Kind.FULL):
    """The first meeting whose referral deadline has not passed at `at`."""
    return MaracMeeting.objects.open_for_referrals(at=at).filter(kind=kind).first()
