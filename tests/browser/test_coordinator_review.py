"""A coordinator logs in, finds a referral by its reference, accepts it for a meeting, and sees it
on that meeting's agenda."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guidance.models import MaracMeeting
from referral_form.models import Referral
from tests.browser.helpers import log_in
from tests.referral_form.factories import submit_referral

pytestmark = pytest.mark.browser




@pytest.fixture
def referral(demo_content):
    now = timezone.now()
    MaracMeeting.objects.create(starts_at=now + datetime.timedelta(days=10),
                                referral_deadline=now + datetime.timedelta(days=3))
    return submit_referral(received_at=now - datetime.timedelta(hours=1))



def test_coordinator_accepts_a_referral_for_a_meeting_and_finds_it_on_the_agenda(
        page, live_server, coordinator, referral, outside_requests):
    log_in(page, live_server.url)

    page.goto(live_server.url + "/admin/referral_form/referral/")
    # Typed the way it might be read out over the phone: lower case, spaces for dashes.
    page.fill("#id_q", referral.reference.lower().replace("-", " "))
    page.locator("#changelist-search button[type=submit]").click()
    page.wait_for_url("**/admin/referral_form/referral/?q=*")
    page.get_by_role("link", name=referral.reference).click()
    page.wait_for_url(f"**/admin/referral_form/referral/inspect/{referral.pk}/")
    expect(page.locator("h1").first).to_contain_text(referral.reference)

    page.get_by_role("link", name="Accept", exact=True).click()
    page.wait_for_url(f"**/admin/referral_form/referral/accept/{referral.pk}/")
    expect(page.locator("input[name=forum][value=marac]")).to_be_checked()  # the suggestion
    meeting_id = page.locator("select[name=meeting]").input_value()
    assert meeting_id, "No meeting was chosen by default"
    meeting = MaracMeeting.objects.get(pk=meeting_id)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check before you confirm")).to_be_visible()
    page.get_by_role("button", name="Accept the referral").click()

    page.wait_for_url(f"{live_server.url}/admin/referral_form/referral/inspect/{referral.pk}/")
    expect(page.get_by_text("accepted for MARAC meeting")).to_be_visible()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED_MARAC
    assert referral.meeting == meeting

    page.goto(f"{live_server.url}/admin/marac/agendas/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text(referral.reference)
    assert outside_requests == []
