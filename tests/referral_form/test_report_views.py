"""The coordinators' report views through the test client: who may see them, what they show,
what the CSV holds, and the audit log entries they write."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from referral_form.models import Referral
from tests.referral_form.test_reports import (
    ACCEPTED,
    PRE,
    at,
    discussed,
    make_meeting,
    make_referral,
)

MEETING_DAY = datetime.date(2026, 3, 17)
REPORT_URLS = [
    ("marac_reports_agendas", False),
    ("marac_reports_agenda", True),
    ("marac_reports_agenda_print", True),
    ("marac_reports_agenda_csv", True),
    ("marac_reports_flag_review", False),
]


def make_user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(username=username, password="x",
                                                 email=f"{username}@example.org", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def coordinator(django_user_model):
    # The review_referral permission comes from referral_form migration 0003.
    return make_user(django_user_model, "coordinator", "MARAC coordinators")


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "editor", "Editors")


@pytest.fixture
def other_staff(django_user_model):
    """Staff with admin access but outside the coordinators group."""
    user = make_user(django_user_model, "staff", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def agenda(db):
    meeting = make_meeting(MEETING_DAY)
    marac = make_referral(received=at(datetime.date(2026, 3, 2)), status=ACCEPTED,
                          meeting=meeting, first_name="Alex", last_name="Example")
    pre = make_referral(received=at(datetime.date(2026, 3, 3)), status=PRE, meeting=meeting,
                        first_name="Robin", last_name="Sample")
    return meeting, marac, pre


def url_for(name, needs_meeting, meeting):
    return reverse(name, args=[meeting.pk]) if needs_meeting else reverse(name)


def test_coordinators_group_has_the_review_permission(coordinator):
    assert coordinator.has_perm("referral_form.review_referral")


@pytest.mark.django_db
@pytest.mark.parametrize("name, needs_meeting", REPORT_URLS)
def test_reports_answer_coordinators(client, coordinator, agenda, name, needs_meeting):
    client.force_login(coordinator)
    response = client.get(url_for(name, needs_meeting, agenda[0]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("name, needs_meeting", REPORT_URLS)
@pytest.mark.parametrize("who", ["editor", "other_staff"])
def test_reports_refuse_editors_and_other_staff(client, request, agenda, who, name,
                                               needs_meeting):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url_for(name, needs_meeting, agenda[0]))
    assert response.status_code == 403
    assert b"Alex" not in response.content
    assert not ModelLogEntry.objects.filter(action__startswith="marac.").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name, needs_meeting", REPORT_URLS)
def test_reports_send_anonymous_users_to_log_in(client, agenda, name, needs_meeting):
    response = client.get(url_for(name, needs_meeting, agenda[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.django_db
def test_unknown_meeting_is_404_for_coordinators(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("marac_reports_agenda", args=[999])).status_code == 404
    assert client.get(reverse("marac_reports_agenda_csv", args=[999])).status_code == 404


@pytest.mark.django_db
def test_agenda_page_shows_cases_in_order_and_the_circulation_date(client, coordinator, agenda):
    meeting, marac, pre = agenda
    waiting = make_referral(received=at(datetime.date(2026, 3, 4)), meeting=meeting,
                            first_name="Ash")
    client.force_login(coordinator)
    response = client.get(reverse("marac_reports_agenda", args=[meeting.pk]))
    html = response.content.decode()
    assert "Tuesday 10 March 2026" in html  # five working days before Tuesday 17 March
    assert html.index(marac.reference) < html.index(pre.reference)
    assert "Alex Example" in html and "Robin Sample" in html
    assert "Assigned but not yet accepted" in html and waiting.reference in html
    assert reverse("marac_reports_agenda_csv", args=[meeting.pk]) in html


@pytest.mark.django_db
def test_agenda_view_is_logged_without_personal_details(client, coordinator, agenda):
    meeting, marac, pre = agenda
    client.force_login(coordinator)
    client.get(reverse("marac_reports_agenda", args=[meeting.pk]))
    entry = ModelLogEntry.objects.get(action="marac.agenda.view")
    assert entry.user_id == coordinator.pk
    assert entry.object_id == str(meeting.pk)
    assert entry.data["references"] == [marac.reference, pre.reference]
    assert entry.data["layout"] == "screen"
    assert "Alex" not in str(entry.data)


@pytest.mark.django_db
def test_printable_agenda_holds_each_referral_in_full_and_is_logged(client, coordinator, agenda):
    meeting, marac, pre = agenda
    client.force_login(coordinator)
    response = client.get(reverse("marac_reports_agenda_print", args=[meeting.pk]))
    html = response.content.decode()
    assert "The person at risk" in html and "Person causing harm 1" in html
    assert "Jordan Example" in html and "1 Test Street, Testtown" in html
    assert 'class="marac-print__case" id="case-2"' in html
    entry = ModelLogEntry.objects.get(action="marac.agenda.view")
    assert entry.data["layout"] == "print"


@pytest.mark.django_db
def test_csv_export_content_and_audit_entry(client, coordinator, agenda):
    meeting, marac, pre = agenda
    client.force_login(coordinator)
    response = client.get(reverse("marac_reports_agenda_csv", args=[meeting.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == \
        'attachment; filename="agenda-marac-2026-03-17.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Item", "Forum", "Reference", "Received", "Person at risk"]
    assert [row[:5] for row in rows[1:]] == [
        ["1", "MARAC", marac.reference, "02/03/2026 10:00", "Alex Example"],
        ["2", "Pre-MARAC", pre.reference, "03/03/2026 10:00", "Robin Sample"],
    ]
    entry = ModelLogEntry.objects.get(action="marac.agenda.export")
    assert entry.user_id == coordinator.pk
    assert entry.object_id == str(meeting.pk)
    assert entry.data["references"] == [marac.reference, pre.reference]
    assert not ModelLogEntry.objects.filter(action="marac.agenda.view").exists()


@pytest.mark.django_db
def test_flag_review_lists_old_cases_and_logs_each_one_shown(client, coordinator):
    old = discussed(datetime.date(2024, 5, 14), received_days_before=13,
                    first_name="Flagged", last_name="Person")
    recent = discussed(datetime.date(2026, 1, 13), received_days_before=11,
                       first_name="Current", last_name="Case")
    client.force_login(coordinator)
    html = client.get(reverse("marac_reports_flag_review")).content.decode()
    assert old.reference in html and "Flagged Person" in html
    assert recent.reference not in html
    entries = ModelLogEntry.objects.filter(action="marac.flags.view")
    assert [(e.object_id, e.user_id) for e in entries] == [(str(old.pk), coordinator.pk)]


@pytest.mark.django_db
def test_agenda_index_lists_meetings_with_counts(client, coordinator, agenda):
    client.force_login(coordinator)
    response = client.get(reverse("marac_reports_agendas"))
    html = response.content.decode()
    assert reverse("marac_reports_agenda", args=[agenda[0].pk]) in html
    assert "Alex" not in html  # the index names meetings, never people


@pytest.mark.django_db
def test_dashboard_panel_and_menu_only_for_coordinators(client, coordinator, editor):
    make_referral(received=at(datetime.date(2026, 3, 2)), first_name="New")
    client.force_login(coordinator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "MARAC referrals" in html and "New referrals to review" in html
    assert reverse("marac_reports_agendas") in html  # in the MARAC menu
    assert reverse("marac_reports_flag_review") in html
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "New referrals to review" not in html
    assert reverse("marac_reports_flag_review") not in html


@pytest.mark.django_db
def test_dashboard_counts_new_referrals(client, coordinator):
    for name in ("One", "Two", "Three"):
        make_referral(received=at(datetime.date(2026, 3, 2)), first_name=name)
    make_referral(received=at(datetime.date(2026, 3, 2)), first_name="Spam",
                  status=Referral.Status.SUSPECTED_SPAM)
    client.force_login(coordinator)
    response = client.get(reverse("wagtailadmin_home"))
    panel = response.content.decode().split('id="marac-coordinator-dashboard', 1)[1]
    assert "?status=submitted\">3</a>" in panel


def test_log_action_labels_are_registered():
    log_registry.scan_for_actions()  # the registry reads the hooks lazily, on first use
    assert log_registry.get_action_label("marac.agenda.view") == "View meeting agenda"
    assert log_registry.get_action_label("marac.agenda.export") == "Export meeting agenda"
    assert log_registry.get_action_label("marac.flags.view") == "View twelve-month flag review"
