"""One case through its whole life in a real browser: submitted, accepted, on a meeting's agenda,
heard there with two agreed actions, one action done, closed. Afterwards the meeting's record,
its agenda, the dashboard's counts and (a year on) the twelve-month flag review still show it.
axe-core runs on every new screen; the hearing's rows are added without JavaScript."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guidance.models import MaracMeeting
from referral_form.models import AgreedAction, Hearing, Referral
from tests.browser.helpers import assert_no_axe_violations, log_in
from tests.referral_form.factories import submit_referral

pytestmark = pytest.mark.browser


@pytest.fixture
def referral(demo_content):
    now = timezone.now()
    MaracMeeting.objects.create(starts_at=now + datetime.timedelta(days=10),
                                referral_deadline=now + datetime.timedelta(days=3))
    return submit_referral(received_at=now - datetime.timedelta(hours=1))


def the_meeting_takes_place(meeting: MaracMeeting) -> None:
    """Time passes: the meeting's hour arrives (the live server reads the real clock)."""
    now = timezone.now()
    MaracMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(hours=2),
        referral_deadline=now - datetime.timedelta(days=8))


def a_year_passes(referral: Referral) -> None:
    """Everything about the case moves 400 days into the past, as if a year had gone by."""
    shift = datetime.timedelta(days=400)
    referral = Referral.objects.get(pk=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(received_at=referral.received_at - shift)
    for hearing in Hearing.objects.filter(referral=referral).select_related("meeting"):
        MaracMeeting.objects.filter(pk=hearing.meeting_id).update(
            starts_at=hearing.meeting.starts_at - shift,
            referral_deadline=hearing.meeting.referral_deadline - shift)
        Hearing.objects.filter(pk=hearing.pk).update(heard_on=hearing.heard_on - shift)
        for action in hearing.actions.all():
            AgreedAction.objects.filter(pk=action.pk).update(due_on=action.due_on - shift)


def record_url(live_server, referral):
    return f"{live_server.url}/admin/referral_form/referral/inspect/{referral.pk}/"


def test_one_case_through_the_cycle(page, page_no_js, live_server, coordinator, referral,
                                    outside_requests):
    log_in(page, live_server.url)

    # Submitted -> accepted for MARAC, on the first meeting open when it arrived.
    page.goto(record_url(live_server, referral))
    expect(page.locator("main")).to_contain_text("New")
    page.get_by_role("link", name="Accept", exact=True).click()
    meeting = MaracMeeting.objects.get(pk=page.locator("select[name=meeting]").input_value())
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Accept the referral").click()
    page.wait_for_url(record_url(live_server, referral))
    page.goto(f"{live_server.url}/admin/marac/agendas/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text(referral.reference)

    # The meeting happens; the coordinator records the hearing with two actions, the second
    # row added with the 'Add another row' button of a browser without JavaScript.
    the_meeting_takes_place(meeting)
    meeting_day = timezone.localtime(MaracMeeting.objects.get(pk=meeting.pk).starts_at).date()
    # The form and its error state, checked by axe (which needs JavaScript to run).
    page.goto(record_url(live_server, referral))
    page.get_by_role("link", name="Record the hearing").click()
    page.wait_for_url(f"**/record-hearing/{referral.pk}/")
    expect(page.get_by_role("heading", name="Actions agreed")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(page)
    log_in(page_no_js, live_server.url)
    page_no_js.goto(record_url(live_server, referral))
    page_no_js.get_by_role("link", name="Record the hearing").click()
    page_no_js.get_by_label("Actions agreed").check()
    page_no_js.get_by_label("Risks noted (optional)").fill("Threats to kill; stalking at work.")
    page_no_js.locator("#id_action_1_agency").fill("Police")
    page_no_js.locator("#id_action_1_what").fill("Flag the address for an urgent response")
    page_no_js.locator("#id_action_1_due").fill(f"{meeting_day:%d/%m/%Y}")
    page_no_js.get_by_role("button", name="Add another row").click()
    expect(page_no_js.locator("#id_action_1_agency")).to_have_value("Police")
    page_no_js.locator("#id_action_2_agency").fill("Housing")
    page_no_js.locator("#id_action_2_what").fill("Fit extra locks")
    # A mistake first: the message beside the field and in the summary, the rest kept.
    page_no_js.locator("#id_action_2_due").fill("31/02/2030")
    page_no_js.get_by_role("button", name="Continue").click()
    expect(page_no_js.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page_no_js.locator("#id_action_2_what")).to_have_value("Fit extra locks")
    later = meeting_day + datetime.timedelta(days=60)
    page_no_js.locator("#id_action_2_due").fill(f"{later:%d/%m/%Y}")
    page_no_js.get_by_role("button", name="Continue").click()
    expect(page_no_js.get_by_role("heading", name="Check before you confirm")).to_be_visible()
    page_no_js.get_by_role("button", name="Record the hearing").click()
    page_no_js.wait_for_url(record_url(live_server, referral))
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.HEARD

    # The meeting record: agencies present, one action marked done.
    page.goto(f"{live_server.url}/admin/marac/meetings/{meeting.pk}/record/")
    page.get_by_label("Agencies present").fill("Police\nHousing\nIDVA service")
    page.get_by_role("button", name="Save the agencies present").click()
    expect(page.locator("main")).to_contain_text("IDVA service")
    page.get_by_role("button", name=f"Mark action 1 for {referral.reference} done").click()
    expect(page.locator("main")).to_contain_text("marked done")
    assert_no_axe_violations(page)
    assert [a.done_at is not None for a in AgreedAction.objects.order_by("position")] == [
        True, False]

    # Closed as heard at the meeting.
    page.goto(record_url(live_server, referral))
    page.get_by_role("link", name="Close or withdraw").click()
    page.get_by_label("Close the referral").check()
    page.get_by_label("Heard at the meeting and the actions are complete").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Close the referral").click()
    page.wait_for_url(record_url(live_server, referral))
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.CLOSED

    # Still on the meeting's record and agenda, and in every count.
    page.goto(f"{live_server.url}/admin/marac/meetings/{meeting.pk}/record/")
    main = page.locator("main")
    expect(main).to_contain_text(referral.reference)
    expect(main).to_contain_text("Fit extra locks")
    expect(main).to_contain_text("Flag the address for an urgent response")
    page.goto(f"{live_server.url}/admin/marac/agendas/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text(referral.reference)
    page.goto(f"{live_server.url}/admin/marac/agendas/")
    meeting.refresh_from_db()
    row = page.locator("tr", has=page.get_by_role("link", name=str(meeting), exact=True))
    expect(row.locator("td").nth(3)).to_have_text("1")
    page.goto(f"{live_server.url}/admin/")
    panel = page.locator("dl.marac-dashboard")
    expect(panel).to_contain_text("Cases heard in the last twelve months")
    expect(panel.locator("div", has_text="Cases heard in the last twelve months")
           .locator("dd")).to_have_text("1")
    expect(panel).to_contain_text("None overdue (1 not yet done)")
    assert_no_axe_violations(page)

    # A year on, the flag review lists the case, counted from the day it was heard.
    a_year_passes(referral)
    page.goto(f"{live_server.url}/admin/marac/flag-review/")
    expect(page.locator("main")).to_contain_text(referral.reference)
    page.goto(f"{live_server.url}/admin/marac/overdue-actions/")
    expect(page.locator("main")).to_contain_text("Fit extra locks")
    assert_no_axe_violations(page)
    assert outside_requests == []
