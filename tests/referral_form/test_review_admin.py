"""The review area through the test client, as a coordinator (editors: test_review_access.py)."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from guidance.models import MaracMeeting
from referral_form.models import Referral
from referral_form.wagtail_hooks import ReferralAdmin
from tests.referral_form.factories import submit_referral
from tests.referral_form.test_review_services import heard_at_marac

pytestmark = pytest.mark.django_db

PREFIX = "referral_form_referral_modeladmin_"


def url(name, referral=None):
    return reverse(PREFIX + name, args=[referral.pk] if referral else [])


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def coordinator(client):
    user = get_user_model().objects.create_user("coord", "coord@example.org", "pw",
                                                first_name="Cora", last_name="Ordinator")
    user.groups.add(Group.objects.get(name="MARAC coordinators"))
    client.force_login(user)
    return user


@pytest.fixture
def meeting():
    now = timezone.now()
    return MaracMeeting.objects.create(starts_at=now + datetime.timedelta(days=10),
                                       referral_deadline=now + datetime.timedelta(days=3))


@pytest.fixture
def referral():
    return submit_referral(received_at=timezone.now() - datetime.timedelta(hours=1),
                           verified=False)


def logged(referral, verb, user):
    return ModelLogEntry.objects.filter(object_id=str(referral.pk), user=user,
                                        action=f"marac.referral.{verb}").count()


class TestList:
    def test_columns_flags_and_overdue_idva_referrals(self, client, coordinator):
        overdue = submit_referral(received_at=local(2026, 1, 5, 9))
        html = client.get(url("index")).content.decode()
        for heading in ("Reference", "Received", "Criteria", "DASH score", "Status", "Flags",
                        "Meeting", "IDVA referral"):
            assert heading in html
        assert overdue.reference in html
        assert "Visible high risk" in html and "16" in html
        assert "Overdue: was due 7 January 2026" in html  # text, not colour only

    def test_newest_first_and_spam_left_out(self, client, coordinator):
        older = submit_referral(received_at=local(2026, 1, 5, 9))
        newer = submit_referral(received_at=local(2026, 2, 5, 9))
        spam = submit_referral(received_at=local(2026, 2, 6, 9), spam_reason="honeypot")
        html = client.get(url("index")).content.decode()
        assert html.index(newer.reference) < html.index(older.reference)
        assert spam.reference not in html
        spam_html = client.get(url("index"), {"status": "suspected_spam"}).content.decode()
        assert spam.reference in spam_html and newer.reference not in spam_html
        assert spam.reference in client.get(url("spam")).content.decode()

    @pytest.mark.parametrize(("params", "shown"), [
        ({"status": "submitted"}, {"high", "judgement"}),
        ({"status": "accepted_marac"}, {"accepted"}),
        ({"criteria": "professional_judgement"}, {"judgement"}),
        ({"criteria": "visible_high_risk"}, {"high", "accepted"}),
        ({"flag": "unverified"}, {"judgement"}),
        ({"flag": "repeat"}, set()),
        ({"received_at__gte": "2026-02-01 00:00:00+00:00",
          "received_at__lt": "2026-03-01 00:00:00+00:00"}, {"judgement"}),
    ])
    def test_filters(self, client, coordinator, params, shown):
        made = {
            "high": submit_referral(received_at=local(2026, 1, 5, 9), first_name="Ada"),
            "judgement": submit_referral(received_at=local(2026, 2, 5, 9), yes=4,
                                         professional_judgement=True, verified=False,
                                         first_name="Bea"),
            "accepted": submit_referral(received_at=local(2026, 3, 5, 9), first_name="Cy"),
        }
        Referral.objects.filter(pk=made["accepted"].pk).update(status="accepted_marac")
        response = client.get(url("index"), params)
        assert response.status_code == 200
        html = response.content.decode()
        assert {key for key, r in made.items() if r.reference in html} == shown

    @pytest.mark.parametrize("params", [
        {"received_at__gte": "garbage"}, {"meeting__id__exact": "x"},
        {"person_at_risk_lookup": "0" * 64}, {"narrative__icontains": "a"}, {"p": "abc"},
        {"status": "bogus"}, {"o": "zz"},
    ])
    def test_bad_or_unknown_parameters_never_fail(self, client, coordinator, referral, params):
        response = client.get(url("index"), params, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain in ([], [(url("index"), 302)])
        assert referral.reference in response.content.decode()

    def test_meeting_filter(self, client, coordinator, meeting):
        on_agenda = submit_referral()
        other = submit_referral(first_name="Zelda")
        Referral.objects.filter(pk=on_agenda.pk).update(meeting=meeting)
        html = client.get(url("index"), {"meeting__id__exact": meeting.pk}).content.decode()
        assert on_agenda.reference in html and other.reference not in html

    def test_search_by_reference(self, client, coordinator):
        wanted = submit_referral()
        other = submit_referral(first_name="Zelda")
        html = client.get(url("index"), {"q": wanted.reference.lower().replace("-", " ")}
                          ).content.decode()
        assert wanted.reference in html and other.reference not in html
        html = client.get(url("index"), {"q": "MRC-AAAA-AAAA"}).content.decode()
        assert 'No referral has the reference "MRC-AAAA-AAAA"' in html

    def test_a_constant_number_of_queries_whatever_the_page_size(
            self, client, coordinator, monkeypatch, meeting):
        for index in range(50):
            referral = submit_referral(received_at=local(2026, 1, 5, 9) +
                                       datetime.timedelta(hours=index),
                                       first_name=f"Person{index}")
            Referral.objects.filter(pk=referral.pk).update(meeting=meeting)
        counts = {}
        for size in (5, 50):
            monkeypatch.setattr(ReferralAdmin, "list_per_page", size)
            client.get(url("index"))  # warm caches (permissions, site settings)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url("index"))
            rows = set(re.findall(r"/admin/referral_form/referral/inspect/\d+/",
                                  response.content.decode()))
            assert len(rows) == size
            counts[size] = len(queries)
        assert counts[5] == counts[50]

    def test_find_a_person_by_name_and_date_of_birth_is_a_post(self, client, coordinator):
        wanted = submit_referral()
        other = submit_referral(first_name="Zelda")
        page = client.get(url("find_person")).content.decode()
        assert 'method="post"' in page
        response = client.post(url("find_person"), {"name": "rosalind achterberg",
                                                     "date_of_birth": "17/04/1988"})
        html = response.content.decode()
        assert wanted.reference in html and other.reference not in html
        assert "1 referral found" in html

    def test_find_a_person_with_bad_input_explains_beside_the_field(self, client, coordinator):
        response = client.post(url("find_person"), {"name": "", "date_of_birth": "31/02/1988"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert html.count("Enter the person&#x27;s full name") == 2  # summary and field
        assert html.count("The date of birth must be a real date") == 2


class TestRecord:
    def test_the_record_shows_everything_and_is_logged(self, client, coordinator, referral):
        earlier = heard_at_marac(submit_referral(received_at=local(2025, 12, 1, 9)),
                                 datetime.date(2025, 12, 10))
        referral = submit_referral(verified=False)
        assert referral.is_repeat
        response = client.get(url("inspect", referral))
        html = response.content.decode()
        for text in ("Referral criteria", "About the referrer", "The person at risk",
                     "Person causing harm 1", "Child or dependant 1", "What has happened",
                     "Closed MARAC", "Risk checklist (DASH 2009", "16 &#x27;yes&#x27; answers",
                     "version dash-2009-27", "Status history", "Submitted online",
                     "Rosalind", "Achterberg", "Unverified", "Repeat", "Linked referrals",
                     "Print layout", "Accept", "Return to referrer", "Record IDVA referral",
                     "Close or withdraw", "Suggested meeting"):
            assert text in html, text
        assert f'href="{url("inspect", earlier)}"' in html
        assert logged(referral, "view", coordinator) == 1

    def test_the_print_layout_has_no_admin_chrome_and_is_logged(self, client, coordinator,
                                                               referral):
        html = client.get(url("print", referral)).content.decode()
        assert "@media print" in html and "Rosalind" in html
        assert "sidebar" not in html and "wagtail" not in html.lower()
        assert logged(referral, "print", coordinator) == 1


class TestActions:
    def test_accept_with_confirmation_assigns_the_default_meeting(self, client, coordinator,
                                                                 referral, meeting):
        form = client.get(url("accept", referral)).content.decode()
        assert "Suggested: MARAC meeting" in form
        assert f'value="{meeting.pk}" selected' in form  # the default meeting
        confirm = client.post(url("accept", referral), {"forum": "marac",
                                                        "meeting": meeting.pk})
        assert "Check before you confirm" in confirm.content.decode()
        referral.refresh_from_db()
        assert referral.status == Referral.Status.SUBMITTED  # nothing happens before confirming
        done = client.post(url("accept", referral), {"forum": "marac", "meeting": meeting.pk,
                                                     "confirmed": "1"})
        assert done.status_code == 302 and done["Location"] == url("inspect", referral)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.ACCEPTED_MARAC
        assert referral.meeting == meeting
        assert logged(referral, "accept", coordinator) == 1

    def test_a_form_error_has_a_summary_and_a_message_beside_the_field(self, client,
                                                                      coordinator, referral):
        response = client.post(url("accept", referral), {"confirmed": "1"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert html.count("Select MARAC or pre-MARAC") == 2
        referral.refresh_from_db()
        assert referral.status == Referral.Status.SUBMITTED

    def test_return_warns_refuses_personal_details_and_emails_the_reference(
            self, client, coordinator, referral, django_capture_on_commit_callbacks):
        form = client.get(url("return", referral)).content.decode()
        assert "Do not type names, dates of birth" in form
        bad = client.post(url("return", referral), {
            "reason": "incomplete", "message": "Rosalind needs a new address", "confirmed": "1"})
        assert "contains a name from the referral" in bad.content.decode()
        assert not mail.outbox
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("return", referral), {"reason": "not_meeting_criteria",
                                                  "message": "Please call us.",
                                                  "confirmed": "1"})
        referral.refresh_from_db()
        assert referral.status == Referral.Status.RETURNED
        assert len(mail.outbox) == 1 and referral.reference in mail.outbox[0].body
        assert "Achterberg" not in mail.outbox[0].body
        assert logged(referral, "return", coordinator) == 1

    def test_record_the_idva_referral_and_close(self, client, coordinator, referral):
        today = timezone.localdate().strftime("%d/%m/%Y")
        client.post(url("idva_referral", referral), {"referred_on": today, "confirmed": "1"})
        referral.refresh_from_db()
        assert referral.idva_referred_at is not None
        assert logged(referral, "idva_referral", coordinator) == 1
        client.post(url("close", referral), {"outcome": "closed", "reason": "duplicate",
                                             "note": "", "confirmed": "1"})
        referral.refresh_from_db()
        assert referral.status == Referral.Status.CLOSED
        # No action is offered, or accepted, on a closed referral.
        response = client.get(url("accept", referral))
        assert response.status_code == 302
        assert "Accept</a>" not in client.get(url("inspect", referral)).content.decode()

    def test_release_and_empty_spam(self, client, coordinator):
        kept = submit_referral(spam_reason="honeypot")
        binned = submit_referral(spam_reason="rate_limit", first_name="Zelda")
        client.post(url("release", kept))
        assert Referral.objects.get(pk=kept.pk).status == Referral.Status.SUSPECTED_SPAM
        client.post(url("release", kept), {"confirmed": "1"})
        assert Referral.objects.get(pk=kept.pk).status == Referral.Status.SUBMITTED
        confirm = client.post(url("spam")).content.decode()
        assert "Delete all 1 suspected spam referral?" in confirm
        assert Referral.objects.filter(pk=binned.pk).exists()
        client.post(url("spam"), {"confirmed": "1"})
        assert not Referral.objects.filter(pk=binned.pk).exists()
        assert Referral.objects.filter(pk=kept.pk).exists()


def test_the_marac_menu_holds_referrals_meetings_and_hooked_items(rf, coordinator):
    from wagtail import hooks
    from wagtail.admin.menu import MenuItem

    from referral_form.wagtail_hooks import MARAC_MENU_HOOK, MaracAdminGroup

    request = rf.get("/admin/")
    request.user = coordinator

    def extra_item():
        return MenuItem("Agenda", "/admin/agenda/", name="agenda")

    with hooks.register_temporarily(MARAC_MENU_HOOK, extra_item):
        group = MaracAdminGroup().get_menu_item()
        items = group.menu.menu_items_for_request(request)
    assert group.label == "MARAC" and group.name == "marac"
    labels = [item.label for item in items]
    assert labels[:2] == ["Referrals", "Meetings"] and labels[-1] == "Agenda"


def test_the_marac_menu_is_in_the_admin_for_coordinators(client, coordinator):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for text in ('"label": "MARAC"', '"label": "Referrals"', url("index"),
                 reverse("guidance_maracmeeting_modeladmin_index")):
        assert text in html
