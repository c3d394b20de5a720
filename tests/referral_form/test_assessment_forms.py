"""The checklist and criteria-evidence forms shared by the self-check and the wizard."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from referral_form import rules
from referral_form.forms import ChecklistForm, CriteriaEvidenceForm, error_summary_items
from referral_form.rules import Criterion, Evidence, get_checklist

TODAY = date(2025, 8, 15)
DASH_27 = get_checklist("dash-2009-27")
DASH_24 = get_checklist("dash-24")
# Every route, with counted escalation and repeats from the last MARAC, so each field is asked.
EVERY_ROUTE = rules.KENT_MEDWAY.changed(
    routes=tuple(Criterion), escalation_mode=rules.EscalationMode.COUNT,
    repeat_window_months=12, repeat_counts_from=rules.RepeatCountsFrom.LAST_MARAC,
    route_definitions={c.value: c.label for c in Criterion})
AREA = {"today": TODAY, "rule_set": EVERY_ROUTE}
LAST_MARAC = "the date of the last MARAC meeting about the person"


def all_answered(checklist, value="no", **overrides):
    data = {q.id: value for q in checklist.questions}
    data.update(overrides)
    return data


def evidence_data(**overrides):
    data = {"professional_judgement": "no", "escalating": "no", "suicide_self_harm": "no"}
    data.update(overrides)
    return data


# ChecklistForm ----------------------------------------------------------------------------


@pytest.mark.parametrize("checklist", [DASH_27, DASH_24], ids=lambda c: c.version)
def test_checklist_form_has_one_radio_question_per_question_and_the_stalking_fields(checklist):
    form = ChecklistForm(checklist=checklist)
    question = checklist.questions[0]
    field = form.fields[question.id]
    assert field.required
    assert field.label == f"1. {question.text}"
    assert field.help_text == question.guidance
    assert [value for value, _ in field.choices] == ["yes", "no", "not_known"]
    stalking_names = [n for n in form.fields if n.startswith("stalking_")]
    assert len(stalking_names) == 10
    assert not any(form.fields[n].required for n in stalking_names)
    # The questions, the checklist's comments box (printed before the stalking section), then
    # the stalking questions.
    names = list(form.fields)
    assert names == [q.id for q in checklist.questions] + ["checklist_comments"] + stalking_names


def test_every_main_question_is_required_with_a_specific_message():
    data = all_answered(DASH_27)
    del data["afraid_of"]
    del data["criminal_history"]
    form = ChecklistForm(data, checklist=DASH_27)
    assert not form.is_valid()
    assert form.errors["afraid_of"] == ["Select yes, no or not known for question 3"]
    assert form.errors["criminal_history"] == ["Select yes, no or not known for question 27"]
    assert set(form.errors) == {"afraid_of", "criminal_history"}


def test_an_answer_outside_the_choices_is_refused():
    form = ChecklistForm(all_answered(DASH_27, injury="maybe"), checklist=DASH_27)
    assert not form.is_valid()
    assert form.errors["injury"] == ["Select yes, no or not known for question 1"]


def test_stalking_questions_are_optional_when_the_trigger_is_not_yes():
    form = ChecklistForm(all_answered(DASH_27, stalking="not_known"), checklist=DASH_27)
    assert form.is_valid(), form.errors
    assert form.stalking_answers() == {}


def test_stalking_questions_are_required_when_the_trigger_is_yes():
    data = all_answered(DASH_27, stalking="yes", stalking_victim_frightened="yes")
    form = ChecklistForm(data, checklist=DASH_27)
    assert not form.is_valid()
    assert "stalking_victim_frightened" not in form.errors
    assert len(form.errors) == 9
    assert form.errors["stalking_violent_in_past"] == [
        "Select yes, no or not known for stalking question 10 (question 8 is 'yes')"
    ]


def test_answers_and_stalking_answers():
    data = all_answered(DASH_27, stalking="yes", injury="yes", weapons="not_known")
    data.update({f"stalking_{q.id}": "no" for q in DASH_27.stalking_questions})
    data["stalking_others_engaged"] = "yes"
    form = ChecklistForm(data, checklist=DASH_27)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert len(answers) == 27
    assert answers["injury"] == "yes" and answers["weapons"] == "not_known"
    stalking = form.stalking_answers()
    assert len(stalking) == 10 and stalking["others_engaged"] == "yes"
    assert "victim_frightened" not in answers
    hidden = dict(form.hidden_items())
    assert hidden["injury"] == "yes"
    assert hidden["stalking_others_engaged"] == "yes"
    assert len(hidden) == 37


def test_stalking_answers_given_without_the_trigger_are_dropped():
    data = all_answered(DASH_27, stalking="no", stalking_others_engaged="yes")
    form = ChecklistForm(data, checklist=DASH_27)
    assert form.is_valid()
    assert form.stalking_answers() == {}
    assert "stalking_others_engaged" not in dict(form.hidden_items())


def test_main_radios_are_marked_for_the_running_count_and_stalking_ones_are_not():
    html = render_to_string(
        "referral_form/includes/field.html",
        {"field": ChecklistForm(checklist=DASH_27)["injury"], "inline": True},
    )
    assert html.count("data-counts") == 3
    assert 'id="id_injury"' in html and 'id="id_injury_1"' in html
    stalking_html = render_to_string(
        "referral_form/includes/field.html",
        {"field": ChecklistForm(checklist=DASH_27)["stalking_victim_frightened"]},
    )
    assert "data-counts" not in stalking_html


# CriteriaEvidenceForm ---------------------------------------------------------------------


def test_evidence_form_minimal_answers_give_empty_evidence():
    form = CriteriaEvidenceForm(evidence_data(), **AREA)
    assert form.is_valid(), form.errors
    assert form.evidence() == Evidence(today=TODAY)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("professional_judgement",
         "Select yes if you believe the person is at high risk of serious harm, or no if not"),
        ("suicide_self_harm",
         "Select yes if the person is at high risk of suicide or self-harm, or no if not"),
    ],
)
def test_evidence_yes_no_questions_are_required(field, message):
    data = evidence_data()
    del data[field]
    form = CriteriaEvidenceForm(data, **AREA)
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"professional_judgement": "yes"}, "professional_judgement_rationale",
         "Say why you believe the person is at high risk of serious harm"),
        ({"professional_judgement": "yes", "professional_judgement_rationale": "   "},
         "professional_judgement_rationale",
         "Say why you believe the person is at high risk of serious harm"),
        ({"suicide_self_harm": "yes"}, "suicide_self_harm_details",
         "Describe the risk of suicide or self-harm"),
        ({"professional_judgement_rationale": "x" * 5001}, "professional_judgement_rationale",
         "Reasons for your judgement must be 5,000 characters or fewer"),
    ],
)
def test_details_are_required_when_yes_and_limited_in_length(data, field, message):
    form = CriteriaEvidenceForm(evidence_data(**data), **AREA)
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/03/2025", date(2025, 3, 12)),
        ("12/3/2025", date(2025, 3, 12)),
        ("1/2/2025", date(2025, 2, 1)),
        ("2025-03-12", date(2025, 3, 12)),
        ("12 March 2025", date(2025, 3, 12)),
        ("12 march 2025", date(2025, 3, 12)),
        ("12 Mar 2025", date(2025, 3, 12)),
        ("  12  March   2025 ", date(2025, 3, 12)),
        ("1st August 2025", date(2025, 8, 1)),
        ("15/08/2025", TODAY),
        ("29/2/2024", date(2024, 2, 29)),
    ],
)
def test_incident_dates_accept_common_formats(typed, expected):
    form = CriteriaEvidenceForm(evidence_data(incident_date_1=typed), **AREA)
    assert form.is_valid(), form.errors
    assert form.evidence().incident_dates == (expected,)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2025", "The date of incident 2 must be a real date"),
        ("29/2/2025", "The date of incident 2 must be a real date"),
        ("12/13/2025", "The date of incident 2 must be a real date"),
        ("2025-02-30", "The date of incident 2 must be a real date"),
        ("16/08/2025", "The date of incident 2 must be today or in the past"),
        ("1 January 2030", "The date of incident 2 must be today or in the past"),
        ("yesterday", "Enter the date of incident 2 as a date, for example 12/3/2025"),
        ("12 Marchember 2025", "Enter the date of incident 2 as a date, for example 12/3/2025"),
        ("12/3/25", "Enter the year of the date of incident 2 in full, for example 2025"),
        ("12/3/1850", "The date of incident 2 must be in 1900 or later"),
    ],
)
def test_bad_incident_dates_get_clear_messages(typed, message):
    form = CriteriaEvidenceForm(evidence_data(incident_date_2=typed), **AREA)
    assert not form.is_valid()
    assert form.errors["incident_date_2"] == [message]


def test_several_incident_dates_become_evidence():
    form = CriteriaEvidenceForm(
        evidence_data(incident_date_1="1/8/2025", incident_date_3="2025-07-01",
                      incident_date_6="1 June 2025"),
        today=TODAY, rule_set=EVERY_ROUTE)
    assert form.is_valid(), form.errors
    assert form.evidence().incident_dates == (date(2025, 8, 1), date(2025, 7, 1), date(2025, 6, 1))


@pytest.mark.parametrize(
    ("last", "new", "field", "message"),
    [
        ("1/3/2025", "1/2/2025", "new_incident_date",
         f"The date of the new incident must be after {LAST_MARAC}"),
        ("1/3/2025", "1/3/2025", "new_incident_date",
         f"The date of the new incident must be after {LAST_MARAC}"),
        ("", "1/3/2025", "last_marac_date",
         f"Enter {LAST_MARAC}, or leave the new incident date blank"),
        ("1/3/2025", "1/9/2025", "new_incident_date",
         "The date of the new incident must be today or in the past"),
        ("1/9/2025", "", "last_marac_date",
         "The date of the last MARAC meeting about the person must be today or in the past"),
    ],
)
def test_repeat_dates_are_checked(last, new, field, message):
    form = CriteriaEvidenceForm(
        evidence_data(last_marac_date=last, new_incident_date=new), **AREA)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_full_evidence_and_hidden_items():
    form = CriteriaEvidenceForm(
        evidence_data(
            professional_judgement="yes", professional_judgement_rationale=" Extreme fear. ",
            incident_date_1="1/8/2025", last_marac_date="1 January 2025",
            new_incident_date="2025-08-01", suicide_self_harm="yes",
            suicide_self_harm_details="Recent attempt.",
        ),
        today=TODAY, rule_set=EVERY_ROUTE)
    assert form.is_valid(), form.errors
    assert form.evidence() == Evidence(
        professional_judgement=True, professional_judgement_rationale="Extreme fear.",
        incident_dates=(date(2025, 8, 1),), last_marac_date=date(2025, 1, 1),
        new_incident_date=date(2025, 8, 1), suicide_self_harm=True,
        suicide_self_harm_details="Recent attempt.", today=TODAY,
    )
    assert form.evidence(today=date(2025, 9, 1)).today == date(2025, 9, 1)
    hidden = dict(form.hidden_items())
    assert hidden["last_marac_date"] == "2025-01-01"
    assert hidden["incident_date_1"] == "2025-08-01"
    assert "incident_date_2" not in hidden
    # The hidden values are accepted again by a new form.
    again = CriteriaEvidenceForm(hidden, **AREA)
    assert again.is_valid(), again.errors
    assert again.evidence() == form.evidence()


def test_today_defaults_to_the_local_date(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2020, 1, 1))
    form = CriteriaEvidenceForm(evidence_data(incident_date_1="2/1/2020"), rule_set=EVERY_ROUTE)
    assert not form.is_valid()
    assert form.errors["incident_date_1"] == [
        "The date of incident 1 must be today or in the past"
    ]


# Includes ---------------------------------------------------------------------------------


def test_error_summary_links_each_error_to_its_field_in_page_order():
    checklist_form = ChecklistForm({"injury": "yes"}, checklist=DASH_24)
    evidence_form = CriteriaEvidenceForm({"incident_date_1": "31/2/2025"}, **AREA)
    checklist_form.is_valid()
    evidence_form.is_valid()
    items = error_summary_items(checklist_form, evidence_form)
    assert items[0] == ("id_very_frightened", "Select yes, no or not known for question 2")
    assert ("id_incident_date_1", "The date of incident 1 must be a real date") in items
    assert [anchor for anchor, _ in items].index("id_incident_date_1") > 20
    html = render_to_string("referral_form/includes/error_summary.html", {"errors": items})
    assert 'role="alert"' in html and 'tabindex="-1"' in html and "autofocus" not in html
    assert '<a href="#id_very_frightened">' in html


def test_error_summary_for_a_single_form():
    form = CriteriaEvidenceForm({}, **AREA)
    form.is_valid()
    html = render_to_string("referral_form/includes/error_summary.html", {"form": form})
    assert '<a href="#id_professional_judgement">' in html
    assert render_to_string("referral_form/includes/error_summary.html",
                            {"form": CriteriaEvidenceForm(**AREA)}).strip() == ""


def test_field_include_describes_text_inputs_and_textareas_by_hint_and_error():
    form = CriteriaEvidenceForm({"incident_date_1": "nonsense"}, **AREA)
    form.is_valid()
    html = render_to_string("referral_form/includes/field.html", {"field": form["incident_date_1"]})
    assert 'aria-describedby="id_incident_date_1_helptext id_incident_date_1_error"' in html
    assert 'id="id_incident_date_1_error"' in html
    assert 'value="nonsense"' in html
    assert "form-group--error" in html
    assert '<label class="label" for="id_incident_date_1">' in html


def test_field_include_puts_radio_groups_in_a_fieldset_described_by_hint_and_error():
    form = ChecklistForm({"injury": "maybe"}, checklist=DASH_27)
    form.is_valid()
    html = render_to_string("referral_form/includes/field.html", {"field": form["injury"]})
    assert 'aria-describedby="id_injury_helptext id_injury_error">' in html
    assert html.index("<fieldset") < html.index("aria-describedby")
    assert ("<legend>1. Has the current incident resulted in injury and whether this is first "
            "injury?</legend>") in html
    assert 'id="id_injury_error"' in html


def test_field_include_renders_a_single_checkbox_and_a_select():
    from django import forms

    class OtherForm(forms.Form):
        agree = forms.BooleanField(label="I agree", help_text="Tick to agree")
        colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], label="Colour")

    form = OtherForm({})
    form.is_valid()
    agree = render_to_string("referral_form/includes/field.html", {"field": form["agree"]})
    assert 'type="checkbox"' in agree and 'for="id_agree"' in agree
    assert 'aria-describedby="id_agree_helptext id_agree_error"' in agree
    colour = render_to_string("referral_form/includes/field.html", {"field": form["colour"]})
    assert "<select" in colour and 'for="id_colour"' in colour


def test_the_stalking_step_never_changes_the_checklist_fields_other_forms_share():
    """Checklist fields are built once and shared (forms.assessment.checklist_fields); the
    stalking step makes its questions required on copies only."""
    from referral_form.flow import StalkingStepForm
    from referral_form.forms.assessment import ChecklistForm, stalking_field_name
    from referral_form.rules import DEFAULT_CHECKLIST_VERSION, get_checklist

    checklist = get_checklist(DEFAULT_CHECKLIST_VERSION)
    name = stalking_field_name(checklist.stalking_questions[0])
    stalking = StalkingStepForm(checklist=checklist)
    assert stalking.fields[name].required is True
    assert ChecklistForm(checklist=checklist).fields[name].required is False
    # A self-check answering 'no' to the trigger needs no stalking answers.
    from tests.referral_form.wizard_helpers import checklist_answers

    data = {**checklist_answers(), "professional_judgement": "no"}
    assert ChecklistForm(data=data, checklist=checklist).is_valid()
