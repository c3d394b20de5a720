"""The criteria self-check and the wizard's checklist in a real browser: live count, results,
errors, accessibility, and the same behaviour without JavaScript."""

import pytest

from referral_form import rules

from .helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

CHECKLIST = rules.get_checklist(rules.DEFAULT_CHECKLIST_VERSION)


def answer(page, question_id, value):
    page.check(f"input[name={question_id}][value={value}]")


def count_text(page):
    return page.locator("[data-checklist-count]").inner_text()


def test_self_check_counts_live_and_shows_an_accessible_result(page, live_server, demo_content,
                                                               outside_requests):
    page.goto(live_server.url + "/check-criteria/")
    assert_no_axe_violations(page)
    scored = [q for q in CHECKLIST.questions if not q.triggers_stalking]
    for question in scored[:14]:
        answer(page, question.id, "yes")
    assert count_text(page).startswith("14 'yes' answers")
    answer(page, scored[0].id, "not_known")  # 'Not known' never counts
    assert count_text(page).startswith("13 'yes' answers")
    answer(page, scored[0].id, "yes")
    for question in CHECKLIST.questions:
        if not page.locator(f"input[name={question.id}]:checked").count():
            answer(page, question.id, "no")
    page.check("input[name=professional_judgement][value=no]")
    page.check("input[name=escalating][value=no]")
    page.locator("form#criteria-check-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Visible high risk" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    assert outside_requests == []


def test_self_check_error_state_is_accessible_and_keeps_answers(page, live_server, demo_content):
    page.goto(live_server.url + "/check-criteria/")
    first = CHECKLIST.questions[0].id
    answer(page, first, "yes")
    page.locator("form#criteria-check-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.locator(f"input[name={first}][value=yes]").is_checked()
    assert_no_axe_violations(page)


def test_self_check_works_without_javascript(page_no_js, live_server, demo_content):
    page = page_no_js
    page.goto(live_server.url + "/check-criteria/")
    for question in CHECKLIST.questions:
        answer(page, question.id, "no")
    page.check("input[name=professional_judgement][value=yes]")
    page.fill("textarea[name=professional_judgement_rationale]", "Strangulation and weapons")
    page.check("input[name=escalating][value=no]")
    page.locator("form#criteria-check-form button[type=submit]").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Professional judgement" in main
    assert "0 'yes' answers" in main


def test_wizard_checklist_counts_live(page, live_server, demo_content):
    page.goto(live_server.url + "/refer/eligibility/")
    for name in ("lives_in_area", "aged_16_or_over", "domestic_abuse"):
        page.check(f"input[name={name}][value=yes]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/refer/checklist/")
    assert count_text(page).startswith("0 'yes' answers")
    for question in CHECKLIST.questions[:3]:
        answer(page, question.id, "yes")
    assert count_text(page).startswith("3 'yes' answers out of 27 (threshold 14)")
