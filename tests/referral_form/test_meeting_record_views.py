"""The meeting record, recording a hearing, marking actions done and the overdue actions list,
through the admin as a coordinator would; editors and other staff get 403."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from guidance.models import MaracMeeting
from referral_form import review
from referral_form.models import AgreedAction, Hearing, MeetingRecord, Referral
from tests.referral_form import test_report_views
from tests.referral_form.factories import submit_referral

# The same coordinator, editor and other staff as the reports' tests.
coordinator = test_report_views.coordinator
editor = test_report_views.editor
other_staff = test_report_views.other_staff


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def heard_case(db, coordinator):
    """A case on yesterday's MARAC, heard there with two actions, one overdue."""
    now = timezone.now()
    meeting = MaracMeeting.objects.create(
        kind=MaracMeeting.Kind.FULL, starts_at=now - datetime.timedelta(days=20),
        referral_deadline=now - datetime.timedelta(days=28))
    referral = submit_referral(received_at=now - datetime.timedelta(days=30))
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ACCEPTED_MARAC,
                                                   meeting=meeting)
    referral.refresh_from_db()
    day = timezone.localtime(meeting.starts_at).date()
    hearing = review.referral_record_hearing(
        referral=referral, outcome="actions_agreed", risks_noted="Threats to kill.",
        actions=[review.ActionAgreed("Police", "Flag the address", day),
                 review.ActionAgreed("Housing", "Fit extra locks",
                                     day + datetime.timedelta(days=60))],
        user=coordinator)
    return referral, meeting, hearing


def record_hearing_url(referral):
    return reverse("referral_form_referral_modeladmin_record_hearing", args=[referral.pk])


@pytest.mark.django_db
def test_the_meeting_record_shows_the_hearing_and_logs_the_view(client, coordinator,
                                                                heard_case):
    referral, meeting, _hearing = heard_case
    client.force_login(coordinator)
    html = client.get(reverse("marac_meeting_record", args=[meeting.pk])).content.decode()
    assert referral.reference in html and "Flag the address" in html
    assert "Threats to kill." in html
    assert "Overdue" in html
    assert ModelLogEntry.objects.filter(action="marac.meeting_record.view",
                                        user=coordinator).exists()


@pytest.mark.django_db
def test_agencies_present_and_the_circulated_mark_are_saved_and_logged(client, coordinator,
                                                                       heard_case):
    _referral, meeting, _hearing = heard_case
    client.force_login(coordinator)
    url = reverse("marac_meeting_record", args=[meeting.pk])
    client.post(url, {"form": "agencies", "agencies": "Police\n\nChildren's social care\n"})
    day = timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=5)
    client.post(url, {"form": "circulated", "circulated_on": day.strftime("%d/%m/%Y")})
    record = MeetingRecord.objects.get(meeting=meeting)
    assert record.agencies_present == ["Police", "Children's social care"]
    assert record.agenda_circulated_on == day
    assert {e.action for e in ModelLogEntry.objects.filter(user=coordinator)} >= {
        "marac.meeting_record.agencies", "marac.meeting_record.circulated"}
    # A date after the meeting: the message beside the field and in the summary; nothing saved.
    late = timezone.localdate() + datetime.timedelta(days=1)
    html = client.post(url, {"form": "circulated",
                             "circulated_on": late.strftime("%d/%m/%Y")}).content.decode()
    assert "There is a problem" in html and late.strftime("%d/%m/%Y") in html
    assert MeetingRecord.objects.get(meeting=meeting).agenda_circulated_on == day


@pytest.mark.django_db
def test_mark_an_action_done_and_the_overdue_list(client, coordinator, heard_case):
    referral, _meeting, hearing = heard_case
    client.force_login(coordinator)
    html = client.get(reverse("marac_overdue_actions")).content.decode()
    assert "Flag the address" in html and "Fit extra locks" not in html
    assert ModelLogEntry.objects.filter(action="marac.actions.overdue_view",
                                        object_id=str(referral.pk)).exists()
    overdue = hearing.actions.get(agency="Police")
    client.post(reverse("marac_action_done", args=[overdue.pk]), {"back": "overdue"})
    assert AgreedAction.objects.get(pk=overdue.pk).done_at is not None
    assert ModelLogEntry.objects.filter(action="marac.referral.action_done",
                                        object_id=str(referral.pk)).exists()
    assert "Flag the address" not in client.get(reverse("marac_overdue_actions")).content.decode()


@pytest.mark.django_db
def test_the_dashboard_shows_overdue_actions(client, coordinator, heard_case):
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("marac_overdue_actions") in html
    assert "<strong>1</strong> overdue</a> of 2 not yet done" in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "other_staff"])
def test_everyone_else_gets_403(client, who, heard_case, request):
    referral, meeting, hearing = heard_case
    client.force_login(request.getfixturevalue(who))
    action = hearing.actions.first()
    for response in (
        client.get(reverse("marac_meeting_record", args=[meeting.pk])),
        client.post(reverse("marac_meeting_record", args=[meeting.pk]),
                    {"form": "agencies", "agencies": "Police"}),
        client.get(reverse("marac_overdue_actions")),
        client.post(reverse("marac_action_done", args=[action.pk])),
        client.get(record_hearing_url(referral)),
    ):
        assert response.status_code == 403
    assert AgreedAction.objects.get(pk=action.pk).done_at is None
    assert not MeetingRecord.objects.exists()


@pytest.fixture
def on_agenda(db):
    now = timezone.now()
    meeting = MaracMeeting.objects.create(
        kind=MaracMeeting.Kind.PRE, starts_at=now - datetime.timedelta(hours=3),
        referral_deadline=now - datetime.timedelta(days=8))
    referral = submit_referral(received_at=now - datetime.timedelta(days=10))
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.ACCEPTED_PRE_MARAC,
                                                   meeting=meeting)
    referral.refresh_from_db()
    return referral, meeting


@pytest.mark.django_db
def test_record_hearing_add_another_row_keeps_what_was_typed(client, coordinator, on_agenda):
    referral, _meeting = on_agenda
    client.force_login(coordinator)
    url = record_hearing_url(referral)
    html = client.get(url).content.decode()
    assert 'name="action_1_agency"' in html and 'name="action_2_agency"' not in html
    assert "Referred on to a full MARAC" in html  # a pre-MARAC meeting can refer on
    typed = {"rows": "1", "outcome": "actions_agreed", "risks_noted": "Stalking at work.",
             "action_1_agency": "Police", "action_1_what": "Check bail conditions",
             "action_1_due": "not a date", "add_row": "1"}
    html = client.post(url, typed).content.decode()
    assert 'name="action_2_agency"' in html
    assert 'value="Police"' in html and "Check bail conditions" in html
    assert 'value="not a date"' in html and "Stalking at work." in html
    assert "There is a problem" not in html  # adding a row does not judge the form
    assert not Hearing.objects.exists()


@pytest.mark.django_db
def test_record_hearing_errors_beside_the_row_and_in_the_summary(client, coordinator,
                                                                 on_agenda):
    referral, _meeting = on_agenda
    client.force_login(coordinator)
    html = client.post(record_hearing_url(referral), {
        "rows": "2", "outcome": "actions_agreed", "action_1_agency": "Police",
        "action_1_what": "", "action_1_due": "", "action_2_agency": "", "action_2_what": "",
        "action_2_due": ""}).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_action_1_what"' in html and "Enter what was agreed for action 1" in html
    assert 'href="#id_action_1_due"' in html
    assert 'value="Police"' in html
    assert not Hearing.objects.exists()


@pytest.mark.django_db
def test_record_hearing_through_the_confirmation(client, coordinator, on_agenda):
    referral, meeting = on_agenda
    client.force_login(coordinator)
    day = timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=7)
    data = {"rows": "2", "outcome": "actions_agreed", "risks_noted": "",
            "action_1_agency": "Police", "action_1_what": "Visit",
            "action_1_due": day.strftime("%d/%m/%Y"),
            "action_2_agency": "IDVA service", "action_2_what": "Safety plan",
            "action_2_due": day.strftime("%d/%m/%Y")}
    html = client.post(record_hearing_url(referral), data).content.decode()
    assert "Check before you confirm" in html and "IDVA service: Safety plan" in html
    response = client.post(record_hearing_url(referral), {**data, "confirmed": "1"})
    assert response.status_code == 302
    hearing = Hearing.objects.get(referral=referral)
    assert [a.agency for a in hearing.actions.all()] == ["Police", "IDVA service"]
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.HEARD
