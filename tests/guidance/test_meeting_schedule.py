"""The meeting schedule shows upcoming meetings only: never cancelled or past ones."""

import datetime

import pytest
from django.utils import timezone

from guidance.models import MaracMeeting
from tests.guidance.factories import MaracMeetingFactory, MeetingSchedulePageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


def at(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def schedule(home_page):
    return MeetingSchedulePageFactory(parent=home_page)


def meeting(starts_at, **kwargs):
    return MaracMeetingFactory(
        starts_at=starts_at, referral_deadline=starts_at - datetime.timedelta(days=7), **kwargs
    )


def test_upcoming_meetings_at_a_given_time(schedule):
    past = meeting(at(2026, 2, 23))
    cancelled = meeting(at(2026, 3, 9), cancelled=True)
    later = meeting(at(2026, 3, 23))
    sooner = meeting(at(2026, 3, 9, 14, 0), kind=MaracMeeting.Kind.PRE)
    upcoming = list(schedule.upcoming_meetings(now=NOW))
    assert upcoming == [sooner, later]
    assert past not in upcoming and cancelled not in upcoming


def test_schedule_page_lists_future_meetings_with_deadline_and_agenda_date(client, schedule):
    shown = meeting(at(2090, 1, 5, 9, 30), notes="Pre-meeting briefing at 9am")
    meeting(at(2000, 1, 5), notes="Held long ago")
    meeting(at(2090, 1, 12), cancelled=True, notes="Cancelled meeting")
    html = client.get(schedule.url).content.decode()
    assert (
        '<caption id="meetings-caption">Upcoming meetings and referral deadlines</caption>' in html
    )
    assert '<th scope="col">Referral deadline</th>' in html
    assert "Thursday 5 January 2090 at 9:30am" in html
    assert "Thursday 29 December 2089 at 9:30am" in html  # the referral deadline
    # Five working days before Thursday 5 January 2090.
    assert shown.agenda_circulation_date == datetime.date(2089, 12, 29)
    assert '<time datetime="2089-12-29">Thursday 29 December 2089</time>' in html
    assert "Pre-meeting briefing at 9am" in html
    assert "Held long ago" not in html
    assert "Cancelled meeting" not in html
    assert html.count("<tr>") == 2  # the header row and one meeting


def test_schedule_page_without_meetings_says_so(client, schedule):
    meeting(at(2000, 1, 5))
    html = client.get(schedule.url).content.decode()
    assert "No meetings are scheduled at the moment." in html
    assert "<table" not in html
