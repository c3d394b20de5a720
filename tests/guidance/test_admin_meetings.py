"""Coordinators keep MARAC meetings in the admin; access comes from model permissions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.models import MaracMeeting
from guidance.wagtail_hooks import MaracMeetingAdmin
from tests.guidance.factories import MaracMeetingFactory
from tests.guidance.helpers import make_admin_user_with, make_editor

pytestmark = pytest.mark.django_db

INDEX = "guidance_maracmeeting_modeladmin_index"
CREATE = "guidance_maracmeeting_modeladmin_create"


def test_admin_class_options():
    assert MaracMeetingAdmin.menu_label == "Meetings"
    assert MaracMeetingAdmin.model is MaracMeeting
    assert MaracMeetingAdmin.list_display == (
        "starts_at",
        "kind",
        "referral_deadline",
        "agenda_circulation_date",
        "cancelled",
    )
    assert MaracMeetingAdmin.list_filter == ("kind", "cancelled")


def test_a_user_with_meeting_permissions_sees_the_list_with_columns(client):
    MaracMeetingFactory(
        starts_at=timezone.make_aware(datetime.datetime(2090, 1, 5, 10)),
        referral_deadline=timezone.make_aware(datetime.datetime(2089, 12, 29, 17)),
    )
    client.force_login(
        make_admin_user_with(
            "coordinator", "view_maracmeeting", "add_maracmeeting", "change_maracmeeting"
        )
    )
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Meeting date and time",
        "Kind",
        "Referral deadline",
        "Agenda circulation date",
        "Cancelled",
    ):
        assert heading in html
    assert "2090" in html
    assert client.get(reverse(INDEX), {"kind": "pre"}).status_code == 200
    assert client.get(reverse(INDEX), {"cancelled__exact": "1"}).status_code == 200


def test_a_coordinator_can_add_a_meeting_and_a_bad_deadline_is_refused(client):
    client.force_login(
        make_admin_user_with(
            "coordinator", "view_maracmeeting", "add_maracmeeting", "change_maracmeeting"
        )
    )
    data = {
        "kind": "full",
        "starts_at": "2090-01-05 10:00",
        "referral_deadline": "2090-01-06 10:00",
        "location": "Online",
        "notes": "",
    }
    response = client.post(reverse(CREATE), data)
    assert response.status_code == 200
    assert "The referral deadline must be before the meeting." in response.content.decode()
    assert not MaracMeeting.objects.exists()

    data["referral_deadline"] = "2089-12-29 17:00"
    response = client.post(reverse(CREATE), data)
    assert response.status_code == 302
    assert MaracMeeting.objects.get().kind == "full"


def test_page_editors_without_meeting_permissions_are_refused(client):
    client.force_login(make_editor())
    response = client.get(reverse(INDEX))
    assert response.status_code in (302, 403)
    assert not MaracMeeting.objects.exists()
