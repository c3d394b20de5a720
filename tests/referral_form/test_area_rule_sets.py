"""Each area's own rules: traced to its document, applied as its document says, never blended."""

import re
from datetime import date
from pathlib import Path

import pytest

from referral_form import rules
from referral_form.rules import BRISTOL, KENT_MEDWAY, KIRKLEES, Criterion, Forum

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TODAY = date(2026, 3, 2)


def seed_text(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return " ".join(path.read_text(encoding="utf-8").split())


def answers(checklist, yes):
    return {q.id: "yes" if i < yes else "no" for i, q in enumerate(checklist.questions)}


# Every value and where it comes from -------------------------------------------------------
# (area, value name, the value, the seed and section it comes from; None: the area's choice)

VALUE_SOURCES = [
    (KIRKLEES, "checklist_version", "dash-2009-27", ("003", "1.4")),
    (KIRKLEES, "visible_high_risk_count", 14, ("003", "2.1")),
    (KIRKLEES, "routes", (Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT,
                          Criterion.ESCALATION, Criterion.REPEAT), ("003", "2.1 and 2.6")),
    (KIRKLEES, "escalation_mode", "judgement", ("003", "2.1")),
    (KIRKLEES, "repeat_window_months", 12, ("003", "2.5")),
    (KIRKLEES, "repeat_counts_from", "previous_referral", ("003", "2.5")),
    (KIRKLEES, "standalone_indicator_ids",
     ("pregnant", "weapons", "threats_to_kill", "strangulation", "animal_cruelty"),
     ("003", "1.5")),
    (KIRKLEES, "idva_contact_days", 2, ("003", "4.4")),
    (KIRKLEES, "idva_day_kind", "calendar", None),
    (KIRKLEES, "agenda_circulation_working_days", 5, ("003", "5.2")),
    (KIRKLEES, "meeting_cadence", "At least once a month", ("003", "5.8")),
    (KIRKLEES, "flag_months", 12, ("003", "5.6")),
    (KIRKLEES, "premarac", None, None),
    (KENT_MEDWAY, "checklist_version", "dash-2009-27", None),
    (KENT_MEDWAY, "visible_high_risk_count", 14, ("000", "Referral Criteria")),
    (KENT_MEDWAY, "routes", (Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT,
                             Criterion.ESCALATION, Criterion.SUICIDE_SELF_HARM),
     ("000", "Referral Criteria")),
    (KENT_MEDWAY, "escalation_mode", "judgement", ("000", "Referral Criteria")),
    (KENT_MEDWAY, "escalation_incidents", 3, ("000", "Referral Criteria")),
    (KENT_MEDWAY, "escalation_window_months", 6, ("000", "Referral Criteria")),
    (KENT_MEDWAY, "standalone_indicator_ids",
     ("weapons", "other_person_threat", "strangulation", "very_frightened"),
     ("000", "Referral Criteria")),
    (KENT_MEDWAY, "idva_contact_days", None, None),
    (KENT_MEDWAY, "agenda_circulation_working_days", None, None),
    (KENT_MEDWAY, "repeat_window_months", None, None),
    (KENT_MEDWAY, "premarac", None, None),
    (BRISTOL, "checklist_version", "dash-24", ("004", "1) High Risk Assessment")),
    (BRISTOL, "visible_high_risk_count", 14, ("004", "1) High Risk Assessment")),
    (BRISTOL, "routes", (Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT,
                         Criterion.ESCALATION, Criterion.REPEAT),
     ("004", "criteria for referral into MARAC")),
    (BRISTOL, "escalation_mode", "judgement", ("004", "3) Potential Escalation")),
    (BRISTOL, "escalation_window_months", 12, ("004", "3) Potential Escalation")),
    (BRISTOL, "escalation_incidents", None, None),
    (BRISTOL, "repeat_window_months", 12, ("004", "4) Repeat Cases")),
    (BRISTOL, "repeat_counts_from", "first_marac", ("004", "4) Repeat Cases")),
    (BRISTOL, "repeat_incident_types", ("violence", "stalking", "sexual_abuse"),
     ("004", "4) Repeat Cases")),
    (BRISTOL, "premarac", rules.PreMaracRouting(band_low=14, band_high=15,
                                                escalation_first=True, repeat_first=True),
     ("004", "1) High Risk Assessment")),
    (BRISTOL, "meeting_cadence", "Twice a month", ("004", "What is a DVA MARAC?")),
    (BRISTOL, "idva_contact_days", None, None),
    (BRISTOL, "standalone_indicator_ids", (), None),
    (BRISTOL, "flag_months", None, None),
]


@pytest.mark.parametrize(("rule_set", "name", "value", "source"), VALUE_SOURCES,
                         ids=lambda v: v.key if isinstance(v, rules.RuleSet) else None)
def test_each_value_is_the_documents_and_says_where_it_comes_from(rule_set, name, value,
                                                                  source):
    assert getattr(rule_set, name) == value
    recorded = rule_set.source(name)
    if source is None:
        assert recorded.is_area_choice
        return
    assert (recorded.seed, recorded.section) == source
    # The quoted words really are in that document.
    quote = " ".join(recorded.quote.split())
    assert quote and quote in seed_text(recorded.seed), (name, quote)


@pytest.mark.parametrize("rule_set", rules.SEEDED_RULE_SETS.values(), ids=lambda r: r.key)
def test_every_quoted_source_is_found_in_its_seed(rule_set):
    for name, source in rule_set.sources.items():
        if not source.is_area_choice:
            assert " ".join(source.quote.split()) in seed_text(source.seed), name


@pytest.mark.parametrize("rule_set", rules.SEEDED_RULE_SETS.values(), ids=lambda r: r.key)
def test_every_value_an_area_sets_is_in_the_table(rule_set):
    """A value with no row above would be untraced: every set value must be listed."""
    listed = {name for rs, name, _value, _source in VALUE_SOURCES if rs is rule_set}
    for name in ("checklist_version", "visible_high_risk_count", "routes", "escalation_mode",
                 "escalation_incidents", "escalation_window_months", "repeat_window_months",
                 "repeat_counts_from", "repeat_incident_types", "standalone_indicator_ids",
                 "premarac", "idva_contact_days", "agenda_circulation_working_days",
                 "meeting_cadence", "flag_months"):
        value = getattr(rule_set, name)
        if value not in (None, "", ()):
            assert name in listed, f"{rule_set.key}.{name} has no row in VALUE_SOURCES"


@pytest.mark.parametrize("rule_set", rules.SEEDED_RULE_SETS.values(), ids=lambda r: r.key)
def test_seeded_rule_sets_are_sound_and_survive_storage(rule_set):
    assert rules.validate(rule_set) == {}
    assert rules.RuleSet.from_dict(rule_set.as_dict()) == rule_set
    for route in rule_set.routes:
        assert rule_set.route_definitions[route], route
    assert set(rule_set.route_definitions) == set(rule_set.routes)


def test_rule_sets_cannot_be_changed_in_place():
    with pytest.raises(AttributeError):
        KIRKLEES.visible_high_risk_count = 10
    with pytest.raises(TypeError):
        KIRKLEES.route_labels["repeat"] = "Anything"


def test_no_area_promises_the_blend_the_old_site_showed():
    # Kirklees: two days, not two working days; Kent and Bristol make no IDVA promise.
    assert KIRKLEES.idva_promise == "within 2 days"
    assert KENT_MEDWAY.idva_promise == "" and BRISTOL.idva_promise == ""
    # Only Kent and Medway has the suicide or self-harm route; it has no repeat route.
    assert [r.key for r in rules.SEEDED_RULE_SETS.values()
            if r.uses(Criterion.SUICIDE_SELF_HARM)] == ["kent-medway"]
    assert not KENT_MEDWAY.uses(Criterion.REPEAT)
    # No area's escalation is a count the system applies.
    assert not any(r.escalation_is_counted for r in rules.SEEDED_RULE_SETS.values())


# The 'done when' cases, one table of cases x areas -----------------------------------------

THREE_IN_SIX = (date(2026, 2, 20), date(2025, 12, 1), date(2025, 10, 5))
JUDGED = {"escalating": True, "escalation_details": "More often and more violent."}


def case_evidence(case, rule_set):
    if case == "15 ticks":
        return 15, rules.Evidence(today=TODAY)
    if case == "13 ticks and judgement":
        return 13, rules.Evidence(today=TODAY, professional_judgement=True,
                                  professional_judgement_rationale="Threats to kill, believed.")
    if case == "three incidents in six months":
        return 3, rules.Evidence(today=TODAY, incident_dates=THREE_IN_SIX)
    if case == "three incidents, judged escalating":
        return 3, rules.Evidence(today=TODAY, incident_dates=THREE_IN_SIX, **JUDGED)
    if case == "repeat":
        return 5, rules.Evidence(today=TODAY, last_marac_date=date(2025, 9, 10),
                                 new_incident_date=date(2026, 2, 25),
                                 repeat_incident_types=("violence",))
    raise AssertionError(case)


# (area, case, routes met, first meeting, words the explanation must carry)
CASES = [
    (KIRKLEES, "15 ticks", {Criterion.VISIBLE_HIGH_RISK}, Forum.MARAC, "threshold of 14"),
    (KIRKLEES, "13 ticks and judgement", {Criterion.PROFESSIONAL_JUDGEMENT}, Forum.MARAC,
     "high risk of serious harm"),
    (KIRKLEES, "three incidents in six months", set(), None, "not said that the abuse"),
    (KIRKLEES, "three incidents, judged escalating", {Criterion.ESCALATION}, Forum.MARAC,
     "escalating"),
    (KIRKLEES, "repeat", {Criterion.REPEAT}, Forum.MARAC, "the previous MARAC referral"),
    (KENT_MEDWAY, "15 ticks", {Criterion.VISIBLE_HIGH_RISK}, Forum.MARAC, "threshold of 14"),
    (KENT_MEDWAY, "13 ticks and judgement", {Criterion.PROFESSIONAL_JUDGEMENT}, Forum.MARAC,
     "high risk of serious harm"),
    (KENT_MEDWAY, "three incidents in six months", set(), None,
     "Kent and Medway asks services to consider the potential for serious harm"),
    (KENT_MEDWAY, "three incidents, judged escalating", {Criterion.ESCALATION}, Forum.MARAC,
     "3 or more domestic abuse events fall within 6 months"),
    (KENT_MEDWAY, "repeat", set(), None, None),
    (BRISTOL, "15 ticks", {Criterion.VISIBLE_HIGH_RISK}, Forum.PRE_MARAC,
     "first at a pre-MARAC meeting"),
    (BRISTOL, "13 ticks and judgement", {Criterion.PROFESSIONAL_JUDGEMENT}, Forum.MARAC,
     "high risk of serious harm"),
    (BRISTOL, "three incidents in six months", set(), None, "not said that the abuse"),
    (BRISTOL, "three incidents, judged escalating", {Criterion.ESCALATION}, Forum.PRE_MARAC,
     "escalating"),
    (BRISTOL, "repeat", {Criterion.REPEAT}, Forum.PRE_MARAC,
     "the first MARAC meeting about the person"),
]


@pytest.mark.parametrize(("rule_set", "case", "met", "forum", "explained"), CASES,
                         ids=lambda v: v.key if isinstance(v, rules.RuleSet) else None)
def test_each_case_is_routed_explained_and_triaged_as_the_areas_document_says(
        rule_set, case, met, forum, explained):
    checklist = rule_set.checklist
    yes, evidence = case_evidence(case, rule_set)
    assessment = rules.assess(checklist, answers(checklist, yes), evidence, rule_set)
    assert set(assessment.met) == met
    assert [r.criterion for r in assessment.results] == list(rule_set.routes)
    if forum is not None:
        assert assessment.suggested_forum == forum
    if explained:
        reasons = " ".join(r.reason for r in assessment.results)
        assert explained in reasons


def test_a_bristol_repeat_needs_one_of_the_kinds_of_incident_bristol_lists():
    evidence = rules.Evidence(today=TODAY, last_marac_date=date(2025, 9, 10),
                              new_incident_date=date(2026, 2, 25))
    result = rules.repeat(evidence, BRISTOL)
    assert not result.met
    assert "none of the kinds of incident Bristol counts" in result.reason
    assert rules.repeat(evidence, KIRKLEES).met  # Kirklees refers all repeat incidents


def test_bristol_repeat_window_counts_from_the_first_marac():
    first_marac = date(2025, 3, 1)
    inside = rules.Evidence(today=TODAY, last_marac_date=first_marac,
                            new_incident_date=date(2026, 3, 1),
                            repeat_incident_types=("stalking",))
    outside = rules.Evidence(today=TODAY, last_marac_date=first_marac,
                             new_incident_date=date(2026, 3, 2),
                             repeat_incident_types=("stalking",))
    assert rules.repeat(inside, BRISTOL).met
    assert not rules.repeat(outside, BRISTOL).met


@pytest.mark.parametrize(("rule_set", "expected"), [
    (KIRKLEES, ["pregnant", "weapons", "threats_to_kill", "strangulation", "animal_cruelty"]),
    (KENT_MEDWAY, ["very_frightened", "weapons", "strangulation", "other_person_threat"]),
    (BRISTOL, []),
])
def test_standalone_indicators_are_the_areas_own(rule_set, expected):
    checklist = rule_set.checklist
    every_yes = {q.id: "yes" for q in checklist.questions}
    found = [q.id for q in rules.standalone_indicators(checklist, every_yes, rule_set)]
    assert sorted(found) == sorted(expected)
    # And the four the old site added on its own are nowhere.
    assert not {"getting_worse", "sexual_abuse", "stalking"} & set(found)


@pytest.mark.parametrize(("rule_set", "steps"), [
    (KIRKLEES, ["safety_plan", "local_support", "safeguarding_lead", "coordinators"]),
    (KENT_MEDWAY, ["safeguarding_lead", "professionals_meeting", "local_support",
                   "coordinators"]),
    (BRISTOL, ["coordinators"]),
])
def test_below_threshold_advice_is_the_areas_own(rule_set, steps):
    assert [step.key for step in rules.advice_for(rule_set)] == steps


# Validation of an administrator's copy -----------------------------------------------------


@pytest.mark.parametrize(("changes", "field"), [
    ({"visible_high_risk_count": 25, "checklist_version": "dash-24"}, "visible_high_risk_count"),
    ({"visible_high_risk_count": 0}, "visible_high_risk_count"),
    ({"routes": ()}, "routes"),
    ({"routes": (Criterion.PROFESSIONAL_JUDGEMENT,)}, "routes"),
    ({"escalation_mode": "count", "escalation_incidents": None}, "escalation_incidents"),
    ({"escalation_mode": "count", "escalation_incidents": 3, "escalation_window_months": None},
     "escalation_window_months"),
    ({"repeat_window_months": 0}, "repeat_window_months"),
    ({"repeat_counts_from": ""}, "repeat_counts_from"),
    ({"standalone_indicator_ids": ("not_a_question",)}, "standalone_indicator_ids"),
    ({"premarac": rules.PreMaracRouting(band_low=16, band_high=15, escalation_first=True,
                                        repeat_first=True)}, "premarac"),
    ({"premarac": rules.PreMaracRouting(band_low=10, band_high=15, escalation_first=True,
                                        repeat_first=True)}, "premarac"),
    ({"idva_contact_days": 0}, "idva_contact_days"),
    ({"agenda_circulation_working_days": 40}, "agenda_circulation_working_days"),
    ({"below_threshold_advice": ("pray",)}, "below_threshold_advice"),
])
def test_validate_refuses_values_that_cannot_work(changes, field):
    errors = rules.validate(KIRKLEES.changed(**changes))
    assert field in errors
    assert re.search(r"\w", errors[field])
