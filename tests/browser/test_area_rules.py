"""One case per area in a real browser: the self-check routes and explains it as the area's own
document does, and the criteria guidance page shows the same rules (axe finds nothing)."""

import datetime

import pytest
from django.utils import timezone

from referral_form import rules

from .helpers import assert_no_axe_violations, referral_criteria_page

pytestmark = pytest.mark.browser


def use_area_rules(site, key):
    from home.models import MaracSettings
    from referral_form.models import AreaRuleSet

    settings = MaracSettings.for_site(site)
    settings.rule_set = AreaRuleSet.objects.get(key=key)
    settings.save()


def answer_checklist(page, checklist, yes):
    for index, question in enumerate(checklist.questions):
        value = "yes" if index < yes and not question.triggers_stalking else "no"
        page.check(f"input[name={question.id}][value={value}]")


def submit(page):
    with page.expect_navigation():
        page.locator("form#criteria-check-form button[type=submit]").click()


def route_tag(page, label):
    route = page.locator(".assessment-result__route", has_text=label)
    return route.locator(".tag").inner_text()


def test_kirklees_fifteen_ticks_is_visible_high_risk_at_a_full_marac(page, live_server,
                                                                      demo_content):
    use_area_rules(demo_content, "kirklees")
    page.goto(live_server.url + "/check-criteria/")
    main = page.locator("main").inner_text()
    assert "Suicide or self-harm" not in main  # Kent and Medway's route, not Kirklees's
    answer_checklist(page, rules.KIRKLEES.checklist, 15)
    page.check("input[name=professional_judgement][value=no]")
    page.check("input[name=escalating][value=no]")
    submit(page)
    assert route_tag(page, "Visible high risk") == "Met"
    assert route_tag(page, "Repeat incident") == "Not met"
    assert "pre-MARAC" not in page.locator("main").inner_text()
    assert_no_axe_violations(page)


def test_kent_and_medway_three_incidents_in_six_months_prompt_the_referrers_judgement(
        page, live_server, demo_content):
    use_area_rules(demo_content, "kent-medway")
    page.goto(live_server.url + "/check-criteria/")
    answer_checklist(page, rules.KENT_MEDWAY.checklist, 3)
    page.check("input[name=professional_judgement][value=no]")
    page.check("input[name=suicide_self_harm][value=no]")
    page.check("input[name=escalating][value=no]")
    today = timezone.localdate()
    for number, days_ago in enumerate((10, 40, 70), start=1):
        day = today - datetime.timedelta(days=days_ago)
        page.fill(f"input[name=incident_date_{number}]", f"{day.day}/{day.month}/{day.year}")
    submit(page)
    # Three events in six months do not meet the route by themselves: Kent asks services to
    # consider the potential for serious harm, and the referrer judges.
    assert route_tag(page, "Escalation") == "Not met"
    assert "Kent and Medway asks services to consider" in page.locator("main").inner_text()
    page.check("input[name=escalating][value=yes]")
    page.fill("textarea[name=escalation_details]", "Weekly now; it was monthly.")
    submit(page)
    assert route_tag(page, "Escalation") == "Met"
    assert_no_axe_violations(page)


def test_bristol_fifteen_ticks_goes_first_to_pre_marac(page, live_server, demo_content):
    use_area_rules(demo_content, "bristol")
    page.goto(live_server.url + "/check-criteria/")
    checklist = rules.BRISTOL.checklist
    assert page.locator("[data-checklist-count]").inner_text().endswith(
        f"out of {checklist.question_count} (threshold 14)")
    answer_checklist(page, checklist, 15)
    page.check("input[name=professional_judgement][value=no]")
    page.check("input[name=escalating][value=no]")
    submit(page)
    assert route_tag(page, "High risk assessment") == "Met"
    assert "likely to be discussed first at a pre-MARAC meeting" in (
        page.locator("main").inner_text())
    assert_no_axe_violations(page)


@pytest.mark.parametrize("key", ["kirklees", "kent-medway", "bristol"])
def test_the_criteria_page_shows_the_areas_own_rules(page, live_server, demo_content, key):
    use_area_rules(demo_content, key)
    rule_set = rules.SEEDED_RULE_SETS[key]
    page.goto(live_server.url + referral_criteria_page().get_url_parts()[2])
    rules_block = page.locator(".area-rules").inner_text()
    for route in rule_set.routes:
        assert rule_set.route_label(route) in rules_block
    assert ("Suicide or self-harm" in rules_block) is rule_set.uses("suicide_self_harm")
    assert ("pre-MARAC" in rules_block) is rule_set.premarac_enabled
    assert_no_axe_violations(page)
