"""The referral wizard in a real browser: by keyboard alone, with and without JavaScript; axe-core
on every step, its error state, check answers, declaration and confirmation; and the exit control
leaving nothing of the referral in the tab or the server-side session.

reCAPTCHA: the test settings never load Google's script, so the declaration posts an empty token
(the 'no token' path, stored as unverified). For the verified path the test puts a token in the
hidden input, as Google's script would, and the verification call is mocked in this process
(the live server runs in a thread of it), so nothing is ever sent to Google.
"""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django_recaptcha.client import RecaptchaResponse

from referral_form.models import Referral
from referral_form.wizard import SESSION_KEY
from tests.referral_form.wizard_helpers import (
    VALID_ANSWERS,
    checklist_step_answers,
    stalking_answers,
)

from .conftest import NEUTRAL_TITLE
from .helpers import assert_no_axe_violations, focused_element, tab_until

pytestmark = pytest.mark.browser

NO_CHILDREN = {"has_children": "no"}
ADD_NONE = {"add_another": "no"}
DECLARATION = {"confirm": True}

# (URL path the step is on, the answers to give, the button that submits it), in order.
KEYBOARD_JOURNEY = [
    ("/refer/eligibility/", VALID_ANSWERS["eligibility"], "Continue"),
    ("/refer/checklist/", checklist_step_answers() | {"checklist_comments": "Q1: bruised arm"},
     "Continue"),
    ("/refer/criteria/", VALID_ANSWERS["criteria"], "Continue"),
    ("/refer/about-you/", VALID_ANSWERS["about-you"], "Continue"),
    ("/refer/person-at-risk/", VALID_ANSWERS["person-at-risk"], "Continue"),
    ("/refer/people-causing-harm/add/", VALID_ANSWERS["people-causing-harm"], "Continue"),
    ("/refer/people-causing-harm/", ADD_NONE, "Continue"),
    ("/refer/children/", NO_CHILDREN, "Continue"),
    ("/refer/what-happened/", VALID_ANSWERS["what-happened"], "Continue"),
    ("/refer/closed-marac/", VALID_ANSWERS["closed-marac"], "Continue"),
]

ACTIVE_ELEMENT = """() => {
    const el = document.activeElement;
    if (!el) { return {}; }
    return {
        tag: el.tagName.toLowerCase(),
        type: (el.getAttribute("type") || "").toLowerCase(),
        name: el.getAttribute("name") || "",
        value: el.value === undefined ? "" : String(el.value),
        checked: !!el.checked,
        text: (el.innerText || "").trim(),
    };
}"""


def active(page) -> dict:
    return page.evaluate(ACTIVE_ELEMENT)


def path_of(page, live_server) -> str:
    return page.url.removeprefix(live_server.url).split("?")[0]


def keyboard_fill(page, values: dict, *, submit: str, max_presses: int = 400) -> None:
    """Fill a form with Tab, arrow keys, Space and typing, then press Enter on `submit`.

    Radio groups: Tab lands on the group, arrow keys move (and select) within it, Space
    selects. Checkboxes: Space. Selects: arrow keys on the closed list. Text: typed.
    """
    remaining = dict(values)
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        element = active(page)
        name = element.get("name", "")
        if name in remaining:
            wanted = remaining.pop(name)
            if element["type"] == "radio":
                for _ in range(12):
                    if element["value"] == wanted:
                        break
                    page.keyboard.press("ArrowDown")
                    element = active(page)
                assert element["value"] == wanted, f"No option {wanted!r} in radio group {name}"
                page.keyboard.press("Space")
                assert active(page)["checked"], f"Space did not select {name}={wanted}"
            elif element["type"] == "checkbox":
                if bool(wanted) != element["checked"]:
                    page.keyboard.press("Space")
            elif element["tag"] == "select":
                for _ in range(20):
                    if element["value"] == wanted:
                        break
                    page.keyboard.press("ArrowDown")
                    element = active(page)
                assert element["value"] == wanted, f"Could not choose {wanted!r} in {name}"
            else:
                page.keyboard.type(wanted)
        elif not remaining and element.get("tag") == "button" and element["text"] == submit:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(
        f"Tabbed {max_presses} times on {page.url}; never reached "
        f"{sorted(remaining) or repr(submit)}"
    )


def press_enter_on(page, text: str) -> None:
    """Tab to the link or button with this text and press Enter."""
    tab_until(page, lambda el: el["text"] == text, max_presses=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def complete_referral_by_keyboard(page, live_server, *, before_sending=None) -> Referral:
    """From the home page to the confirmation, using nothing but the keyboard."""
    page.goto(live_server.url + "/")
    tab_until(page, lambda el: el["href"] == "/refer/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page, live_server) == "/refer/"
    press_enter_on(page, "Start now")

    for path, answers, button in KEYBOARD_JOURNEY:
        assert path_of(page, live_server) == path, f"expected {path}, on {page.url}"
        keyboard_fill(page, answers, submit=button)

    assert path_of(page, live_server) == "/refer/check-answers/"
    assert "Alex" in page.content()
    press_enter_on(page, "Continue to the declaration")
    assert path_of(page, live_server) == "/refer/declaration/"
    if before_sending:
        before_sending(page)
    keyboard_fill(page, DECLARATION, submit="Send referral")

    assert path_of(page, live_server) == "/refer/confirmation/"
    assert page.get_by_role("heading", level=1).inner_text() == "Referral sent"
    reference = page.locator(".panel__reference").inner_text().strip()
    return Referral.objects.get(reference=reference)


def test_keyboard_referral_with_javascript_is_stored_verified(
    page, live_server, demo_content, outside_requests
):
    """JavaScript on, a token as Google's script would leave it, verification mocked: verified."""
    verdict = RecaptchaResponse(is_valid=True, extra_data={"score": 0.9}, action="referral")

    def put_token(tab):
        tab.evaluate("document.querySelector('input[name=captcha]').value = 'browser-token'")

    with mock.patch("django_recaptcha.client.submit", return_value=verdict) as submit:
        referral = complete_referral_by_keyboard(page, live_server, before_sending=put_token)
    assert submit.call_count == 1
    assert submit.call_args.kwargs["recaptcha_response"] == "browser-token"
    assert referral.verification == Referral.Verification.VERIFIED
    assert referral.bot_check_verdict == "passed"
    assert referral.spam_reason == ""
    assert Referral.objects.count() == 1
    # Submitting deleted the answers from the server-side session.
    assert all(SESSION_KEY not in s.get_decoded() for s in Session.objects.all())
    assert outside_requests == []


def test_keyboard_referral_without_javascript_is_stored_unverified(
    page_no_js, live_server, demo_content, outside_requests
):
    """JavaScript off: no token is sent, and the referral is still stored and confirmed."""
    with mock.patch(
        "django_recaptcha.client.submit", side_effect=AssertionError("no token: no call")
    ):
        referral = complete_referral_by_keyboard(page_no_js, live_server)
    assert referral.verification == Referral.Verification.UNVERIFIED
    assert referral.bot_check_verdict == "no_token"
    assert referral.spam_reason == ""
    assert Referral.objects.count() == 1
    assert outside_requests == []


# --- axe-core on every step, its error state, and the pages around the wizard -------------


def fill(page, values: dict) -> None:
    for name, value in values.items():
        field = page.locator(f"[name='{name}']")
        kind = (field.first.get_attribute("type") or "").lower()
        tag = field.first.evaluate("el => el.tagName.toLowerCase()")
        if kind == "radio":
            page.locator(f"input[name='{name}'][value='{value}']").check()
        elif kind == "checkbox":
            field.set_checked(bool(value))
        elif tag == "select":
            field.select_option(value)
        else:
            field.fill(value)


def submit_form(page, button: str = "Continue") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def check_page_and_error_state(page, live_server, path: str, *, button: str = "Continue"):
    """axe on the step as first shown, then on its error state after an empty submit."""
    assert path_of(page, live_server) == path, f"expected {path}, on {page.url}"
    assert_no_axe_violations(page)
    submit_form(page, button)
    assert path_of(page, live_server) == path, f"an empty {path} was accepted"
    assert page.locator(".error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_no_axe_violations(page)


AXE_JOURNEY = [
    ("/refer/eligibility/", VALID_ANSWERS["eligibility"]),
    ("/refer/checklist/", checklist_step_answers(stalking=True)
     | {"checklist_comments": "Q8: follows her to work"}),
    ("/refer/stalking/", stalking_answers()),
    ("/refer/criteria/", VALID_ANSWERS["criteria"]),
    ("/refer/about-you/", VALID_ANSWERS["about-you"]),
    ("/refer/person-at-risk/", VALID_ANSWERS["person-at-risk"]),
    ("/refer/people-causing-harm/add/", VALID_ANSWERS["people-causing-harm"]),
    ("/refer/people-causing-harm/", ADD_NONE),
    ("/refer/children/", {"has_children": "yes"}),
    ("/refer/children/add/", VALID_ANSWERS["children"]),
    ("/refer/children/", ADD_NONE),
    ("/refer/what-happened/", VALID_ANSWERS["what-happened"]),
    ("/refer/closed-marac/", VALID_ANSWERS["closed-marac"]),
]


def test_every_step_and_its_error_state_pass_axe(page, live_server, demo_content, outside_requests):
    page.goto(live_server.url + "/refer/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Start now").click()
    page.wait_for_url("**/refer/eligibility/")

    for path, answers in AXE_JOURNEY:
        check_page_and_error_state(page, live_server, path)
        fill(page, answers)
        submit_form(page)
        assert path_of(page, live_server) != path, f"{path} did not accept valid answers"

    # The list page with an entry, and the page confirming a removal.
    page.goto(live_server.url + "/refer/people-causing-harm/")
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/refer/people-causing-harm/0/remove/")
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/refer/check-answers/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Continue to the declaration").click()
    page.wait_for_url("**/refer/declaration/")
    check_page_and_error_state(page, live_server, "/refer/declaration/", button="Send referral")
    fill(page, DECLARATION)
    submit_form(page, "Send referral")

    assert path_of(page, live_server) == "/refer/confirmation/"
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/refer/confirmation/copy/")
    assert_no_axe_violations(page)
    assert Referral.objects.count() == 1
    assert outside_requests == []


def test_pages_off_the_main_path_pass_axe(page, live_server, demo_content, outside_requests):
    """Not eligible, below the threshold, and the expired-session page."""
    page.goto(live_server.url + "/refer/eligibility/")
    fill(page, {**VALID_ANSWERS["eligibility"], "aged_16_or_over": "no"})
    submit_form(page)
    assert path_of(page, live_server) == "/refer/not-eligible/"
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/refer/eligibility/")
    fill(page, VALID_ANSWERS["eligibility"])
    submit_form(page)
    fill(page, checklist_step_answers(yes_count=3))
    submit_form(page)
    fill(page, VALID_ANSWERS["criteria"])
    submit_form(page)
    assert path_of(page, live_server) == "/refer/below-threshold/"
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/refer/session-expired/")
    assert_no_axe_violations(page)
    assert outside_requests == []


# --- the exit control ---------------------------------------------------------------------


def start_referral_to_person_at_risk(page, live_server) -> str:
    """Answer the steps up to 'the person at risk'; return the session key holding them."""
    page.goto(live_server.url + "/refer/eligibility/")
    for _path, answers in (
        AXE_JOURNEY[0],
        (None, checklist_step_answers()),
        AXE_JOURNEY[3],
        AXE_JOURNEY[4],
    ):
        fill(page, answers)
        submit_form(page)
    assert path_of(page, live_server) == "/refer/person-at-risk/"
    fill(page, {"first_name": "Zebediah", "last_name": "Quartermain"})
    key = next(
        c["value"] for c in page.context.cookies(live_server.url) if c["name"] == "sessionid"
    )
    assert SESSION_KEY in Session.objects.get(session_key=key).get_decoded()
    return key


def assert_referral_gone(page, live_server, neutral_site, key: str) -> None:
    page.wait_for_url(neutral_site.url)
    assert page.title() == NEUTRAL_TITLE
    html = page.content()
    for trace in ("MARAC", "Sam Referrer", "Zebediah", "person at risk", "/refer/"):
        assert trace not in html, f"{trace!r} is still in the tab after exiting"
    # The server no longer holds the answers under the old session key (or any other).
    old = Session.objects.filter(session_key=key).first()
    assert old is None or SESSION_KEY not in old.get_decoded()
    assert all(SESSION_KEY not in s.get_decoded() for s in Session.objects.all())
    # Back does not bring the step (or anything typed) back.
    page.go_back()
    html = page.content()
    assert path_of(page, live_server) != "/refer/person-at-risk/"
    for trace in ("Sam Referrer", "Northfield Housing", "Zebediah", "The person at risk"):
        assert trace not in html, f"{trace!r} came back after exiting and pressing Back"


def test_exit_on_a_wizard_step_forgets_the_referral(
    page, live_server, demo_content, neutral_site, outside_requests
):
    key = start_referral_to_person_at_risk(page, live_server)
    page.get_by_role("link", name="Exit this page").click()
    assert_referral_gone(page, live_server, neutral_site, key)
    assert outside_requests == []


def test_exit_by_keyboard_without_javascript_forgets_the_referral(
    page_no_js, live_server, demo_content, neutral_site, outside_requests
):
    key = start_referral_to_person_at_risk(page_no_js, live_server)
    # Focus is in the form: go back up the page by keyboard to the exit control.
    for _ in range(60):
        page_no_js.keyboard.press("Shift+Tab")
        if focused_element(page_no_js)["href"] == "/exit/":
            break
    assert focused_element(page_no_js)["href"] == "/exit/"
    page_no_js.keyboard.press("Enter")
    assert_referral_gone(page_no_js, live_server, neutral_site, key)
    assert outside_requests == []
