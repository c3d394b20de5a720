"""The record of a meeting: agencies present, the agenda-circulated mark and the cases heard
there with their actions. Plain functions called by the admin views and the tests.

Every change is written to Wagtail's audit log against the meeting, with who made it; log data
holds dates, counts and agency names, never anything about a person.
"""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.log_actions import log

from guidance.models import MaracMeeting
from referral_form.models import AgreedAction, Hearing, MeetingRecord
from referral_form.review import ReviewError

RECORD_VIEW_ACTION = "marac.meeting_record.view"
AGENCIES_ACTION = "marac.meeting_record.agencies"
CIRCULATED_ACTION = "marac.meeting_record.circulated"
OVERDUE_VIEW_ACTION = "marac.actions.overdue_view"
LOG_ACTIONS = {
    RECORD_VIEW_ACTION: ("View meeting record", "Meeting record viewed"),
    AGENCIES_ACTION: ("Record agencies present", "Agencies present recorded"),
    CIRCULATED_ACTION: ("Mark agenda circulated", "Agenda marked as circulated"),
    OVERDUE_VIEW_ACTION: ("View overdue actions", "Seen on the overdue actions list"),
}


def record_for(meeting: MaracMeeting) -> MeetingRecord:
    """The meeting's record (unsaved and empty until something is recorded)."""
    return MeetingRecord.objects.filter(meeting=meeting).first() or MeetingRecord(meeting=meeting)


def hearings_at(meeting: MaracMeeting) -> list[Hearing]:
    """The cases heard at the meeting with their actions, in the order they were recorded."""
    return list(Hearing.objects.filter(meeting=meeting).select_related("referral")
                .prefetch_related(Prefetch("actions",
                                           queryset=AgreedAction.objects.order_by("position")))
                .order_by("recorded_at", "pk"))


@transaction.atomic
def record_agencies_present(*, meeting: MaracMeeting, agencies: list[str], user,
                            now: datetime.datetime | None = None) -> MeetingRecord:
    now = now or timezone.now()
    record = record_for(meeting)
    record.agencies_present = [" ".join(a.split())[:200] for a in agencies if a.strip()]
    record.updated_at = now
    record.save()
    log(meeting, AGENCIES_ACTION, user=user,
        data={"meeting": str(meeting), "agencies": len(record.agencies_present)})
    return record


@transaction.atomic
def mark_agenda_circulated(*, meeting: MaracMeeting, circulated_on: datetime.date, user,
                           now: datetime.datetime | None = None) -> MeetingRecord:
    """Record the day the agenda went to the agencies: not in the future, not after the
    meeting."""
    now = now or timezone.now()
    if circulated_on > timezone.localtime(now).date():
        raise ReviewError("The date the agenda was sent cannot be in the future.",
                          field="circulated_on")
    if circulated_on > timezone.localtime(meeting.starts_at).date():
        raise ReviewError("The agenda cannot have been sent after the meeting.",
                          field="circulated_on")
    record = record_for(meeting)
    record.agenda_circulated_on = circulated_on
    record.updated_at = now
    record.save()
    log(meeting, CIRCULATED_ACTION, user=user,
        data={"meeting": str(meeting), "circulated_on": circulated_on.isoformat()})
    return record


def log_record_viewed(*, meeting: MaracMeeting, hearings: list[Hearing], user) -> None:
    log(meeting, RECORD_VIEW_ACTION, user=user,
        data={"meeting": str(meeting), "references": [h.referral.reference for h in hearings]})

