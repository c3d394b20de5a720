"""axe-core on every screen of the coordinators' review area, as a coordinator sees it.

The referral list (plain, filtered, a search with no result), finding a person (blank, then with
errors), two records and the print layout, every action form (with two error states and two
confirmation steps), suspected spam and its confirmation, meeting agendas (list, one agenda, its
print layout), the twelve-month flag review and the admin dashboard with the MARAC panel.

Every page is checked whole (Wagtail's admin chrome included, nothing excluded) with the same
rule tags as the public pages. Every screen is visited in one test, and the violations of all of
them are reported together, so one run shows the whole picture.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guidance.models import MaracMeeting
from referral_form import review
from referral_form.models import Hearing, Referral
from tests.browser.helpers import axe_violations, format_violations, log_in
from tests.referral_form.factories import submit_referral

pytestmark = pytest.mark.browser

REFERRALS = "/admin/referral_form/referral/"
# Links in the page's main area that share a line with other text (not alone in a table cell,
# list item or line) and are not underlined. Wagtail's own panel anchors are its chrome.
TEXT_LINKS_WITHOUT_UNDERLINE = """() => [...document.querySelectorAll("main a")]
    .filter((a) => !a.classList.contains("button") && !a.closest(".w-panel__header"))
    .filter((a) => !getComputedStyle(a).textDecorationLine.includes("underline"))
    .filter((a) => {
        const line = [];
        for (const node of a.parentElement.childNodes) {
            if (node.nodeName === "BR") {
                if (line.includes(a)) break;
                line.length = 0;
            } else {
                line.push(node);
            }
        }
        const text = line.map((node) => node.textContent).join("").replace(/\\s+/g, " ");
        return text.trim().length > a.textContent.trim().length + 2;
    })
    .map((a) => a.textContent.trim())"""



@pytest.fixture
def cases(demo_content, coordinator):
    """A meeting with an accepted case, a repeat of it, an unverified referral, a suspected spam
    referral, and a case discussed over a year ago (so the flag review has a row)."""
    now = timezone.now()
    meeting = MaracMeeting.objects.create(starts_at=now + datetime.timedelta(days=10),
                                          referral_deadline=now + datetime.timedelta(days=3))
    accepted = submit_referral(received_at=now - datetime.timedelta(days=2))
    review.referral_accept(referral=accepted, forum="marac", meeting=meeting, user=coordinator)
    # The same person again, with a different person causing harm: a linked case (a repeat
    # needs a case heard at MARAC within the window).
    repeat = submit_referral(received_at=now - datetime.timedelta(hours=1),
                             harmer_name="Gareth Penhaligon")
    unverified = submit_referral(received_at=now - datetime.timedelta(hours=2), verified=False,
                                 first_name="Teodora", last_name="Lindqvist",
                                 date_of_birth="1979-09-03")
    spam = submit_referral(received_at=now - datetime.timedelta(hours=3),
                           spam_reason=Referral.SpamReason.HONEYPOT,
                           first_name="Zebedee", last_name="Quarrington",
                           date_of_birth="1990-01-01")
    long_ago = now - datetime.timedelta(days=430)
    old_meeting = MaracMeeting.objects.create(
        starts_at=long_ago + datetime.timedelta(days=10),
        referral_deadline=long_ago + datetime.timedelta(days=3))
    old = submit_referral(received_at=long_ago, first_name="Marguerite", last_name="Okonkwo",
                          date_of_birth="1970-02-28")
    Referral.objects.filter(pk=old.pk).update(status=Referral.Status.HEARD,
                                              meeting=old_meeting)
    Hearing.objects.create(referral=old, meeting=old_meeting,
                           heard_on=timezone.localtime(old_meeting.starts_at).date(),
                           meeting_kind=old_meeting.kind,
                           outcome=Hearing.Outcome.NO_FURTHER_ACTION)
    repeat.refresh_from_db()
    assert repeat.is_repeat or repeat.is_linked, "The second referral was not flagged"
    assert unverified.verification == Referral.Verification.UNVERIFIED
    assert spam.status == Referral.Status.SUSPECTED_SPAM
    return {"meeting": meeting, "accepted": accepted, "repeat": repeat,
            "unverified": unverified, "spam": spam}



def test_every_review_area_screen_has_no_axe_violations(page, live_server, coordinator, cases,
                                                        outside_requests):
    base = live_server.url
    found: dict[str, list[dict]] = {}
    not_underlined: dict[str, list[str]] = {}

    def check(name: str) -> None:
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        # Wagtail's admin links are told apart from the text around them by colour alone (3:1,
        # with only a colour change on hover), which axe leaves for review; ours are underlined.
        bare = page.evaluate(TEXT_LINKS_WITHOUT_UNDERLINE)
        if bare:
            not_underlined[name] = bare

    def action_url(action: str, referral: Referral) -> str:
        return f"{base}{REFERRALS}{action}/{referral.pk}/"

    def open_action(action: str, referral: Referral, title: str) -> None:
        # An action that is not available redirects to the record: make sure the form is shown.
        page.goto(action_url(action, referral))
        expect(page.locator("h1").first).to_contain_text(title)

    log_in(page, base)
    expect(page.get_by_role("heading", name="MARAC referrals")).to_be_visible()
    check("admin dashboard with the MARAC panel")

    page.goto(base + REFERRALS)
    expect(page.locator("main")).to_contain_text(cases["repeat"].reference)
    check("referral list")

    page.goto(f"{base}{REFERRALS}?status={Referral.Status.SUBMITTED}&flag=repeat")
    check("referral list filtered by status")

    page.goto(f"{base}{REFERRALS}?q=MRC-0000-000")
    check("reference search with no result")

    page.goto(base + REFERRALS + "find-person/")
    check("find a person")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    check("find a person, with errors")

    page.goto(f"{base}{REFERRALS}inspect/{cases['repeat'].pk}/")
    expect(page.locator("h1").first).to_contain_text(cases["repeat"].reference)
    check("record (repeat referral)")
    page.goto(f"{base}{REFERRALS}inspect/{cases['unverified'].pk}/")
    check("record (unverified referral)")
    page.goto(action_url("print", cases["repeat"]))
    check("record, print layout")

    open_action("accept", cases["repeat"], "Accept the referral")
    check("accept: form")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check before you confirm")).to_be_visible()
    check("accept: confirmation step")

    open_action("assign-meeting", cases["accepted"], "Assign a meeting")
    check("assign meeting: form")

    open_action("return", cases["repeat"], "Return to the referrer")
    check("return: form")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    check("return: form with an error")

    open_action("idva-referral", cases["unverified"], "Record the IDVA referral")
    check("record IDVA referral: form")
    open_action("close", cases["unverified"], "Close or withdraw")
    check("close: form")
    page.get_by_label("Close the referral").check()
    page.get_by_label("Another reason (explained in the note)").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_contain_text("Explain the reason")
    check("close: 'another reason' without a note")
    open_action("release", cases["spam"], "Release from suspected spam")
    check("release from spam: form")

    page.goto(base + REFERRALS + "suspected-spam/")
    expect(page.locator("main")).to_contain_text(cases["spam"].reference)
    check("suspected spam")
    page.get_by_role("button", name="Empty suspected spam").click()
    expect(page.get_by_role("button", name="Delete them all")).to_be_visible()
    check("suspected spam: confirm emptying")

    page.goto(base + "/admin/marac/agendas/")
    check("meeting agendas")
    page.goto(f"{base}/admin/marac/agendas/{cases['meeting'].pk}/")
    expect(page.locator("main")).to_contain_text(cases["accepted"].reference)
    check("agenda")
    page.goto(f"{base}/admin/marac/agendas/{cases['meeting'].pk}/print/")
    check("agenda, print layout")

    page.goto(base + "/admin/marac/flag-review/")
    expect(page.locator("main")).to_contain_text("Okonkwo")
    check("twelve-month flag review")

    # The check can fail: an unlabelled field added to the admin's main area is reported.
    page.evaluate("""() => document.querySelector("main").insertAdjacentHTML(
        "beforeend", '<input type="text" id="axe-canary">')""")
    canary = axe_violations(page)
    assert any("#axe-canary" in target for violation in canary
               for target in violation["targets"]), canary

    report = "\n".join(f"{name}:\n{format_violations(violations)}"
                       for name, violations in found.items())
    assert not found, f"axe-core found violations on {len(found)} screen(s):\n{report}"
    assert not not_underlined, f"Links told apart by colour alone: {not_underlined}"
    assert outside_requests == []
