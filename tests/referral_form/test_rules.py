"""The referral rules: checklists, counting, each route, the forum suggestion and dates."""

from dataclasses import replace
from datetime import date

import pytest

from referral_form import rules
from referral_form.rules import (
    CHECKLISTS,
    DEFAULT_CHECKLIST_VERSION,
    Answer,
    Criterion,
    Evidence,
    assess,
    escalation,
    get_checklist,
    months_after,
    months_before,
    professional_judgement,
    repeat,
    stalking_applies,
    standalone_indicators,
    suicide_self_harm,
    visible_high_risk,
    yes_count,
)

TODAY = date(2025, 8, 31)

# A rule set with every route and counted escalation, to test each route's arithmetic apart
# from any one area (the seeded areas are tested in test_area_rule_sets.py).
ALL_ROUTES = rules.KIRKLEES.changed(
    key="every-route", area_name="Test area", routes=tuple(Criterion),
    escalation_mode=rules.EscalationMode.COUNT, escalation_incidents=3,
    escalation_window_months=6, repeat_counts_from=rules.RepeatCountsFrom.LAST_MARAC,
    standalone_indicator_ids=("very_frightened", "weapons", "strangulation"),
    sources={},
)


def rule_set_with(*, dash_threshold=14, escalation_incidents=3, escalation_window_months=6,
                  repeat_window_months=12, premarac_enabled=False, premarac_band_low=14,
                  premarac_band_high=15, checklist_version="dash-2009-27"):
    premarac = (rules.PreMaracRouting(band_low=premarac_band_low, band_high=premarac_band_high,
                                      escalation_first=True, repeat_first=True)
                if premarac_enabled else None)
    return ALL_ROUTES.changed(
        visible_high_risk_count=dash_threshold, escalation_incidents=escalation_incidents,
        escalation_window_months=escalation_window_months,
        repeat_window_months=repeat_window_months, premarac=premarac,
        checklist_version=checklist_version)
DASH_27 = get_checklist("dash-2009-27")
DASH_24 = get_checklist("dash-24")


def answers_with(checklist, yes=0, not_known=0):
    """The first `yes` questions 'yes', the next `not_known` 'not known', the rest 'no'."""
    answers = {}
    for index, question in enumerate(checklist.questions):
        if index < yes:
            answers[question.id] = Answer.YES
        elif index < yes + not_known:
            answers[question.id] = Answer.NOT_KNOWN
        else:
            answers[question.id] = Answer.NO
    return answers


def evidence(**kwargs):
    kwargs.setdefault("today", TODAY)
    return Evidence(**kwargs)


# Checklists -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "count"), [("dash-2009-27", 27), ("dash-24", 24)]
)
def test_each_checklist_has_its_questions_unique_ids_one_trigger_and_ten_stalking(version, count):
    checklist = CHECKLISTS[version]
    assert checklist.version == version
    assert len(checklist.questions) == count
    assert [q.number for q in checklist.questions] == list(range(1, count + 1))
    ids = [q.id for q in checklist.questions + checklist.stalking_questions]
    assert len(ids) == len(set(ids))
    assert [q.id for q in checklist.questions if q.triggers_stalking] == ["stalking"]
    assert "constantly text, call, contact, follow, stalk or harass you" in (
        checklist.stalking_trigger.text
    )
    assert len(checklist.stalking_questions) == 10
    assert {q.section for q in checklist.stalking_questions} == {"stalking"}
    assert not any(q.triggers_stalking for q in checklist.stalking_questions)
    assert {q.section for q in checklist.questions} <= {
        "current_situation", "children_dependants", "history", "abuser",
    }
    assert all(q.text and q.guidance for q in checklist.questions + checklist.stalking_questions)


def test_the_24_question_trigger_uses_the_standard_wording():
    assert DASH_24.stalking_trigger.text == (
        "Does (…) constantly text, call, contact, follow, stalk or harass you?"
    )


def test_sections_group_the_27_as_printed_in_appendix_one():
    groups = {g.key: [q.number for q in g.questions] for g in DASH_27.sections()}
    assert groups == {
        "current_situation": list(range(1, 9)),
        "children_dependants": list(range(9, 13)),
        "history": list(range(13, 23)),
        "abuser": list(range(23, 28)),
    }
    labels = [g.label for g in DASH_27.sections()]
    assert labels == [
        "Current situation", "Children and dependants", "Domestic abuse history",
        "The person causing harm",
    ]


def test_default_version_and_unknown_version():
    assert DEFAULT_CHECKLIST_VERSION == "dash-2009-27"
    assert get_checklist(DEFAULT_CHECKLIST_VERSION) is DASH_27
    with pytest.raises(ValueError, match="Unknown checklist version 'dash-99'"):
        get_checklist("dash-99")
    with pytest.raises(ValueError):
        get_checklist(None)


def test_a_checklist_with_duplicate_ids_is_refused():
    question = DASH_27.questions[0]
    with pytest.raises(ValueError, match="duplicate"):
        rules.Checklist(
            version="broken", label="Broken",
            questions=(question, replace(question, number=2), DASH_27.stalking_trigger),
            stalking_questions=(),
        )


# Counting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, 0),
        ({"injury": "yes"}, 1),
        ({"injury": "not_known", "weapons": "not_known"}, 0),
        ({"injury": "no"}, 0),
        ({"injury": "YES", "weapons": "Yes", "pregnant": " yes"}, 0),
        ({"injury": "yes", "made_up_question": "yes", "victim_frightened": "yes"}, 1),
        ({"injury": True}, 0),
    ],
)
def test_yes_count_counts_only_exact_yes_on_known_scored_questions(answers, expected):
    assert yes_count(DASH_27, answers) == expected


def test_questions_only_in_the_27_do_not_count_on_the_24():
    answers = {"hurt_children": "yes", "other_children": "yes", "injury": "yes"}
    assert yes_count(DASH_27, answers) == 3
    assert yes_count(DASH_24, answers) == 1


@pytest.mark.parametrize(
    ("value", "applies"), [("yes", True), ("no", False), ("not_known", False), (None, False)]
)
def test_stalking_applies_only_when_the_trigger_is_yes(value, applies):
    answers = {} if value is None else {"stalking": value}
    assert stalking_applies(DASH_27, answers) is applies
    assert stalking_applies(DASH_24, answers) is applies


def test_standalone_indicators_answered_yes_in_question_order():
    answers = {"weapons": "yes", "very_frightened": "yes", "injury": "yes",
               "strangulation": "not_known"}
    assert [q.id for q in standalone_indicators(DASH_27, answers, ALL_ROUTES)] == [
        "very_frightened", "weapons",
    ]


# Visible high risk ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "not_known", "threshold", "met", "reason"),
    [
        (13, 0, 14, False, "13 'yes' answers: below the threshold of 14."),
        (14, 0, 14, True, "14 'yes' answers: at or above the threshold of 14."),
        (15, 0, 14, True, "15 'yes' answers: at or above the threshold of 14."),
        (13, 10, 14, False, "13 'yes' answers: below the threshold of 14."),
        (0, 27, 14, False, "0 'yes' answers: below the threshold of 14."),
        (10, 0, 10, True, "10 'yes' answers: at or above the threshold of 10."),
        (9, 0, 10, False, "9 'yes' answers: below the threshold of 10."),
        (1, 0, 1, True, "1 'yes' answer: at or above the threshold of 1."),
    ],
)
def test_visible_high_risk(yes, not_known, threshold, met, reason):
    result = visible_high_risk(
        DASH_27, answers_with(DASH_27, yes, not_known), rule_set_with(dash_threshold=threshold)
    )
    assert result.criterion == Criterion.VISIBLE_HIGH_RISK
    assert result.met is met
    assert result.reason == reason


def test_visible_high_risk_on_the_24_question_checklist():
    assert visible_high_risk(DASH_24, answers_with(DASH_24, 14), rule_set_with()).met
    assert not visible_high_risk(DASH_24, answers_with(DASH_24, 13), rule_set_with()).met


# Professional judgement -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "rationale", "met"),
    [
        (True, "Extreme fear and recent strangulation.", True),
        (True, "", False),
        (True, "   \n ", False),
        (False, "Some reasons", False),
        (False, "", False),
    ],
)
def test_professional_judgement_needs_the_flag_and_a_rationale(flag, rationale, met):
    result = professional_judgement(
        DASH_27, {}, evidence(professional_judgement=flag,
                              professional_judgement_rationale=rationale), ALL_ROUTES
    )
    assert result.criterion == Criterion.PROFESSIONAL_JUDGEMENT
    assert result.met is met


def test_professional_judgement_mentions_standalone_indicators_as_prompts_only():
    answers = {"strangulation": "yes", "very_frightened": "yes"}
    result = professional_judgement(DASH_27, answers, evidence(), ALL_ROUTES)
    assert not result.met
    assert "questions 2, 18" in result.reason
    no_prompt = professional_judgement(DASH_27, {}, evidence(), ALL_ROUTES)
    assert "questions" not in no_prompt.reason


def test_professional_judgement_without_rationale_says_why_it_is_not_met():
    result = professional_judgement(DASH_27, {}, evidence(professional_judgement=True), ALL_ROUTES)
    assert "not said why" in result.reason


def test_professional_judgement_never_lowers_visible_high_risk():
    answers = answers_with(DASH_27, 20)
    result = assess(DASH_27, answers, evidence(professional_judgement=False), rule_set_with())
    assert result.result(Criterion.VISIBLE_HIGH_RISK).met
    assert Criterion.VISIBLE_HIGH_RISK in result.met
    assert result.any_met


# Escalation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "dates", "thresholds", "met"),
    [
        # Exactly 6 calendar months before today counts; one day earlier does not.
        (date(2025, 8, 15), [date(2025, 2, 15), date(2025, 5, 1), date(2025, 8, 15)],
         rule_set_with(), True),
        (date(2025, 8, 15), [date(2025, 2, 14), date(2025, 5, 1), date(2025, 8, 15)],
         rule_set_with(), False),
        # End-of-month clamping: 31 August minus 6 months is 28 February 2025.
        (date(2025, 8, 31), [date(2025, 2, 28), date(2025, 6, 1), date(2025, 8, 1)],
         rule_set_with(), True),
        (date(2025, 8, 31), [date(2025, 2, 27), date(2025, 6, 1), date(2025, 8, 1)],
         rule_set_with(), False),
        # Leap year: 31 August 2024 minus 6 months is 29 February 2024.
        (date(2024, 8, 31), [date(2024, 2, 29), date(2024, 6, 1), date(2024, 8, 1)],
         rule_set_with(), True),
        # Future dates are ignored.
        (date(2025, 8, 15), [date(2025, 8, 16), date(2025, 5, 1), date(2025, 8, 15)],
         rule_set_with(), False),
        (date(2025, 8, 15), [date(2026, 1, 1), date(2025, 9, 1), date(2025, 8, 16)],
         rule_set_with(), False),
        # Two incidents on the same day are two incidents.
        (date(2025, 8, 15), [date(2025, 8, 1), date(2025, 8, 1), date(2025, 7, 1)],
         rule_set_with(), True),
        (date(2025, 8, 15), [], rule_set_with(), False),
        (date(2025, 8, 15), [date(2025, 8, 1), date(2025, 7, 1)], rule_set_with(), False),
        # A changed count.
        (date(2025, 8, 15), [date(2025, 8, 1), date(2025, 7, 1)],
         rule_set_with(escalation_incidents=2), True),
        (date(2025, 8, 15), [date(2025, 8, 1), date(2025, 7, 1), date(2025, 6, 1)],
         rule_set_with(escalation_incidents=4), False),
        # A changed window: 12 months.
        (date(2025, 8, 15), [date(2024, 8, 15), date(2025, 1, 1), date(2025, 8, 1)],
         rule_set_with(escalation_window_months=12), True),
        (date(2025, 8, 15), [date(2024, 8, 14), date(2025, 1, 1), date(2025, 8, 1)],
         rule_set_with(escalation_window_months=12), False),
        (date(2025, 8, 15), [date(2025, 7, 15), date(2025, 7, 20), date(2025, 8, 1)],
         rule_set_with(escalation_window_months=1), True),
        (date(2025, 8, 15), [date(2025, 7, 14), date(2025, 7, 20), date(2025, 8, 1)],
         rule_set_with(escalation_window_months=1), False),
    ],
)
def test_escalation(today, dates, thresholds, met):
    result = escalation(evidence(today=today, incident_dates=tuple(dates)), thresholds)
    assert result.criterion == Criterion.ESCALATION
    assert result.met is met


def test_escalation_reason_says_the_numbers_and_the_window():
    result = escalation(
        evidence(today=date(2025, 8, 15),
                 incident_dates=(date(2025, 8, 1), date(2025, 7, 1), date(2025, 9, 1))),
        rule_set_with(),
    )
    assert result.reason == (
        "2 incidents in the 6 months from 15 February 2025 to 15 August 2025: below the 3 "
        "needed. 1 date in the future ignored."
    )


# Repeat -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "new", "thresholds", "met"),
    [
        (date(2024, 8, 1), date(2025, 8, 1), rule_set_with(), True),  # exactly 12 months
        (date(2024, 8, 1), date(2025, 8, 2), rule_set_with(), False),  # one day over
        (date(2024, 8, 1), date(2024, 8, 2), rule_set_with(), True),  # the next day
        (date(2024, 8, 1), date(2024, 8, 1), rule_set_with(), False),  # same day as the MARAC
        (date(2025, 3, 1), date(2025, 2, 1), rule_set_with(), False),  # before the last MARAC
        (date(2024, 2, 29), date(2025, 2, 28), rule_set_with(), True),  # clamped leap day
        (date(2024, 2, 29), date(2025, 3, 1), rule_set_with(), False),
        (date(2025, 1, 1), date(2025, 7, 1), rule_set_with(repeat_window_months=6), True),
        (date(2025, 1, 1), date(2025, 7, 2), rule_set_with(repeat_window_months=6), False),
        (None, date(2025, 7, 2), rule_set_with(), False),
        (date(2025, 1, 1), None, rule_set_with(), False),
        (date(2025, 8, 1), date(2025, 9, 1), rule_set_with(), False),  # new date in the future
    ],
)
def test_repeat(last, new, thresholds, met):
    result = repeat(evidence(last_marac_date=last, new_incident_date=new), thresholds)
    assert result.criterion == Criterion.REPEAT
    assert result.met is met


def test_repeat_reasons_say_the_dates():
    inside = repeat(evidence(last_marac_date=date(2024, 8, 1), new_incident_date=date(2025, 8, 1)),
                    rule_set_with())
    assert inside.reason == (
        "The incident on 1 August 2025 is within 12 months of the last MARAC meeting about the "
        "person on 1 August 2024 "
        "(up to and including 1 August 2025)."
    )
    before = repeat(evidence(last_marac_date=date(2025, 3, 1), new_incident_date=date(2025, 2, 1)),
                    rule_set_with())
    assert "is not after the last MARAC meeting" in before.reason


# Suicide or self-harm ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "details", "met"),
    [
        (True, "Recent attempt linked to the abuse.", True),
        (True, "", False),
        (True, "  ", False),
        (False, "Details", False),
    ],
)
def test_suicide_self_harm(flag, details, met):
    result = suicide_self_harm(evidence(suicide_self_harm=flag, suicide_self_harm_details=details),
                               ALL_ROUTES)
    assert result.criterion == Criterion.SUICIDE_SELF_HARM
    assert result.met is met


# Assessment and forum ---------------------------------------------------------------------

PJ = {"professional_judgement": True, "professional_judgement_rationale": "Reasons"}
SUICIDE = {"suicide_self_harm": True, "suicide_self_harm_details": "Details"}
ESCALATION = {"incident_dates": (date(2025, 8, 1), date(2025, 7, 1), date(2025, 6, 1))}
REPEAT = {"last_marac_date": date(2025, 1, 1), "new_incident_date": date(2025, 8, 1)}
PREMARAC = rule_set_with(premarac_enabled=True, premarac_band_low=14, premarac_band_high=15)


@pytest.mark.parametrize(
    ("yes", "extra", "thresholds", "forum"),
    [
        # Pre-MARAC switched off: always MARAC.
        (14, {}, rule_set_with(), "marac"),
        (0, ESCALATION, rule_set_with(), "marac"),
        (0, REPEAT, rule_set_with(), "marac"),
        # Pre-MARAC on: score within the band, or escalation / repeat alone.
        (14, {}, PREMARAC, "pre_marac"),
        (15, {}, PREMARAC, "pre_marac"),
        (16, {}, PREMARAC, "marac"),
        (0, ESCALATION, PREMARAC, "pre_marac"),
        (0, REPEAT, PREMARAC, "pre_marac"),
        (0, {**ESCALATION, **REPEAT}, PREMARAC, "pre_marac"),
        # Professional judgement or suicide / self-harm always go to full MARAC.
        (14, PJ, PREMARAC, "marac"),
        (0, PJ, PREMARAC, "marac"),
        (0, {**SUICIDE, **ESCALATION}, PREMARAC, "marac"),
        (16, ESCALATION, PREMARAC, "marac"),
        # A changed band.
        (16, {}, rule_set_with(premarac_enabled=True, premarac_band_high=17), "pre_marac"),
    ],
)
def test_suggested_forum(yes, extra, thresholds, forum):
    result = assess(DASH_27, answers_with(DASH_27, yes), evidence(**extra), thresholds)
    assert result.any_met
    assert result.suggested_forum == forum


def test_assess_collects_every_route_in_order():
    answers = answers_with(DASH_27, 3)
    answers["weapons"] = "yes"
    result = assess(DASH_27, answers, evidence(**PJ, **ESCALATION), rule_set_with())
    assert [r.criterion for r in result.results] == [
        Criterion.VISIBLE_HIGH_RISK, Criterion.PROFESSIONAL_JUDGEMENT, Criterion.ESCALATION,
        Criterion.REPEAT, Criterion.SUICIDE_SELF_HARM,
    ]
    assert result.met == (Criterion.PROFESSIONAL_JUDGEMENT, Criterion.ESCALATION)
    assert result.any_met
    assert result.yes_count == 4
    assert result.threshold == 14
    assert result.checklist_version == "dash-2009-27"
    assert [q.id for q in result.standalone] == ["very_frightened", "weapons"]


def test_assess_with_nothing_met():
    result = assess(DASH_27, answers_with(DASH_27, 13, 14), evidence(), rule_set_with())
    assert result.met == ()
    assert not result.any_met
    assert result.yes_count == 13


def test_criterion_labels():
    assert [c.label for c in Criterion] == [
        "Visible high risk", "Professional judgement", "Potential escalation",
        "Repeat referral", "Suicide or self-harm",
    ]


def test_below_threshold_advice_library_has_every_step_with_text():
    keys = [step.key for step in rules.BELOW_THRESHOLD_ADVICE]
    assert keys == [
        "safety_plan", "local_support", "professionals_meeting", "safeguarding_lead",
        "coordinators",
    ]
    assert all(step.title and step.text for step in rules.BELOW_THRESHOLD_ADVICE)
    assert "consent" in rules.BELOW_THRESHOLD_ADVICE[1].text


def test_a_route_the_area_does_not_use_has_no_definition():
    assert rules.describe_criterion(Criterion.SUICIDE_SELF_HARM, rules.KIRKLEES) == ""
    assert "14 or more" in rules.describe_criterion(Criterion.VISIBLE_HIGH_RISK, rules.KIRKLEES)


# Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 8, 15), 6, date(2025, 2, 15)),
        (date(2025, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),
        (date(2025, 5, 31), 1, date(2025, 4, 30)),
        (date(2025, 1, 15), 1, date(2024, 12, 15)),
        (date(2025, 1, 31), 13, date(2023, 12, 31)),
        (date(2025, 6, 30), 0, date(2025, 6, 30)),
        (date(2025, 3, 1), 12, date(2024, 3, 1)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
    ],
)
def test_months_after(day, months, expected):
    assert months_after(day, months) == expected


def test_negative_months_are_refused():
    with pytest.raises(ValueError):
        months_before(TODAY, -1)


def test_every_criterion_has_a_referral_column_and_a_short_label():
    from referral_form.models import Referral

    for criterion in rules.Criterion:
        field = Referral._meta.get_field(Referral.CRITERIA_FIELDS[criterion.value])
        assert field.get_internal_type() == "BooleanField"
        assert rules.SHORT_LABELS[criterion]
