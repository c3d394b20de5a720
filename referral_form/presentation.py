"""Referral answers laid out as labelled rows: for check-answers, the referrer's copy and the
coordinators' record. One place decides how every answer reads."""

import datetime
import re

from django import forms
from django.urls import reverse

from referral_form import rules
from referral_form.area_rules import referral_rule_set
from referral_form.forms import steps as step_forms
from referral_form.forms.assessment import COMMENTS_FIELD, RISK_LEVEL_FIELD, stalking_field_name
from referral_form.rules.checklists import COMMENTS_HEADING, RISK_LEVEL_QUESTION, RiskLevel

OPTIONAL_SUFFIX = re.compile(r"\s*\(optional\)\s*$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def format_value(field: forms.Field | None, value) -> str:
    if value in (None, "", [], False):
        return ""
    if value is True:
        return "Yes"
    if isinstance(value, datetime.date):
        return rules.format_day(value)
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return rules.format_day(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def field_label(field: forms.Field) -> str:
    return OPTIONAL_SUFFIX.sub("", str(field.label or ""))


def rows_for(form: forms.Form, values: dict, *, change_url: str | None = None,
             skip: tuple[str, ...] = ()) -> list[dict]:
    """One row per answered field (required ones always), labelled as the form labels it."""
    rows = []
    for name, field in form.fields.items():
        if name in skip or isinstance(field.widget, forms.HiddenInput):
            continue
        shown = format_value(field, values.get(name))
        if not shown:
            if not field.required or isinstance(field, forms.BooleanField):
                continue
            shown = "Not given"
        rows.append({"key": field_label(field), "value": shown,
                     "change_url": f"{change_url}#id_{name}" if change_url else None})
    return rows


def checklist_rows(checklist: rules.Checklist, answers: dict, stalking: dict, *,
                   change_url=None, stalking_change_url=None) -> list[dict]:
    labels = dict(rules.Answer.choices)
    rows = [{"key": f"{q.number}. {q.text}", "value": labels.get(answers.get(q.id), "Not given"),
             "change_url": f"{change_url}#id_{q.id}" if change_url else None}
            for q in checklist.questions]
    if stalking:
        for q in checklist.stalking_questions:
            name = stalking_field_name(q)
            value = stalking.get(name, stalking.get(q.id))
            rows.append({"key": f"Stalking {q.number}. {q.text}",
                         "value": labels.get(value, "Not given"),
                         "change_url": f"{stalking_change_url}#id_{name}"
                         if stalking_change_url else None})
    return rows


def risk_level_label(value: str, *, blank: str = "Not given") -> str:
    """'Standard', 'Medium' or 'High' for a stored level of risk."""
    return str(dict(RiskLevel.choices).get(value, value)) if value else blank


def checklist_extra_rows(comments: str, risk_level: str, *, change_url=None,
                         blank_risk_level: str = "Not given") -> list[dict]:
    """The checklist's comments box and the practitioner's level of risk, as rows."""
    return [
        {"key": COMMENTS_HEADING, "value": comments or "None given",
         "change_url": f"{change_url}#id_{COMMENTS_FIELD}" if change_url else None},
        {"key": RISK_LEVEL_QUESTION,
         "value": risk_level_label(risk_level, blank=blank_risk_level),
         "change_url": f"{change_url}#id_{RISK_LEVEL_FIELD}" if change_url else None},
    ]


NOT_ASKED = "Not asked: the form did not ask for it when this referral was made"


def _cleaned(form) -> dict:
    return form.cleaned_data if form.is_valid() else {k: form.data.get(k) for k in form.fields}


def wizard_sections(state, ctx) -> list[dict]:
    """The check-answers page: every answer so far, each with a link to change it."""
    from referral_form import flow  # flow imports this module's neighbours; avoid a cycle

    def url(slug):
        return reverse("referral_form:step", args=[slug]) + "?change=1"

    sections = []

    def simple(slug, title):
        form = flow.form_for(slug, ctx, state, data=state.step_data(slug) or {})
        sections.append({"title": title, "rows": rows_for(form, _cleaned(form),
                                                          change_url=url(slug))})

    simple("eligibility", "Who can be referred")
    checklist = ctx.checklist_for(state)
    assessment = flow.assessment_for(state, ctx)
    stalking = state.step_data("stalking") if flow.step_applies("stalking", state, ctx) else {}
    checklist_data = state.step_data("checklist") or {}
    sections.append({
        "title": f"Risk checklist: {assessment.yes_count} 'yes' answers "
                 f"(threshold {assessment.threshold})",
        "rows": checklist_rows(checklist, flow.checklist_answers(state), stalking or {},
                               change_url=url("checklist"), stalking_change_url=url("stalking"))
        + checklist_extra_rows(checklist_data.get(COMMENTS_FIELD, ""),
                               checklist_data.get(RISK_LEVEL_FIELD, ""),
                               change_url=url("checklist")),
    })
    simple("criteria", "Referral criteria")
    simple("about-you", "About you")
    simple("person-at-risk", "The person at risk")
    for index, person in enumerate(state.people):
        form = step_forms.PersonCausingHarmForm(data=person)
        change = reverse("referral_form:list_edit", args=["people-causing-harm", index]) + \
            "?change=1"
        sections.append({"title": f"Person causing harm {index + 1}",
                         "rows": rows_for(form, _cleaned(form), change_url=change)})
    children_data = state.step_data("children") or {}
    if children_data.get("has_children") != "yes":
        has = step_forms.HasChildrenForm(data=children_data)
        sections.append({"title": "Children and dependants", "rows": rows_for(
            has, _cleaned(has), change_url=reverse("referral_form:children_list") + "?change=1")})
    for index, child in enumerate(state.children if children_data.get("has_children") == "yes"
                                  else []):
        form = step_forms.ChildForm(data=child)
        change = reverse("referral_form:list_edit", args=["children", index]) + "?change=1"
        sections.append({"title": f"Child or dependant {index + 1}",
                         "rows": rows_for(form, _cleaned(form), change_url=change)})
    simple("what-happened", "What has happened")
    simple("closed-marac", "Closed MARAC")
    return sections


def evidence_rows(evidence: dict) -> list[dict]:
    """The criteria evidence as stored on a referral."""
    rows = []
    if evidence.get("professional_judgement"):
        rows.append({"key": "Professional judgement: why you believe the risk is high",
                     "value": evidence.get("professional_judgement_rationale", "")})
    if evidence.get("escalating"):
        rows.append({"key": "How the abuse is escalating",
                     "value": evidence.get("escalation_details", "")})
    dates = [format_value(None, d) for d in evidence.get("incident_dates", [])]
    if dates:
        rows.append({"key": "Dates of recent incidents", "value": ", ".join(dates)})
    if evidence.get("last_marac_date"):
        rows.append({"key": "Repeat: the date the area counts from",
                     "value": format_value(None, evidence["last_marac_date"])})
    if evidence.get("new_incident_date"):
        rows.append({"key": "New incident",
                     "value": format_value(None, evidence["new_incident_date"])})
    kinds = [rules.RepeatIncident(kind).label for kind in evidence.get("repeat_incident_types", [])
             if kind in rules.RepeatIncident.values]
    if kinds:
        rows.append({"key": "What happened in the new incident", "value": "; ".join(kinds)})
    if evidence.get("suicide_self_harm"):
        rows.append({"key": "Risk of suicide or self-harm from the ongoing abuse",
                     "value": evidence.get("suicide_self_harm_details", "")})
    return rows


def referral_sections(referral) -> list[dict]:
    """A stored referral in the sections of the referral form (no change links)."""
    checklist = rules.get_checklist(referral.checklist_version)
    rule_set = referral_rule_set(referral)
    met = [rule_set.route_label(code) for code in referral.criteria_met]
    sections = [
        {"title": "Referral criteria", "rows": [
            {"key": "Routes met", "value": ", ".join(met) or "None"},
            *[{"key": rule_set.route_label(code), "value": reason}
              for code, reason in referral.criteria_reasons.items()],
            *evidence_rows(referral.criteria_evidence)]},
        {"title": "About the referrer",
         "rows": [{**row, "key": re.sub(r"^Your ", "Referrer's ", row["key"])}
                  for row in rows_for(step_forms.ReferrerForm(), referral.referrer)]},
        {"title": "The person at risk",
         "rows": rows_for(step_forms.PersonAtRiskForm(), referral.person_at_risk)},
    ]
    for person in referral.people_causing_harm.all():
        sections.append({"title": f"Person causing harm {person.position + 1}",
                         "rows": rows_for(step_forms.PersonCausingHarmForm(), person.details)})
    children = list(referral.children.all())
    if not children:
        sections.append({"title": "Children and dependants", "rows": [
            {"key": "Any children or dependants?",
             "value": format_value(step_forms.HasChildrenForm().fields["has_children"],
                                   referral.has_children) or "Not given"}]})
    for child in children:
        sections.append({"title": f"Child or dependant {child.position + 1}",
                         "rows": rows_for(step_forms.ChildForm(), child.details)})
    sections.append({"title": "What has happened",
                     "rows": rows_for(step_forms.WhatHappenedForm(), referral.narrative)})
    sections.append({"title": "Closed MARAC", "rows": [
        {"key": "Closed MARAC requested",
         "value": "Yes" if referral.closed_marac_requested else "No"},
        *([{"key": "Reasons", "value": referral.closed_marac_reasons}]
          if referral.closed_marac_requested else [])]})
    sections.append({
        "title": f"Risk checklist ({checklist.label}): {referral.yes_count} 'yes' answers",
        "rows": checklist_rows(checklist, referral.checklist_answers,
                               referral.stalking_answers)
        + checklist_extra_rows(referral.checklist_comments, referral.risk_level,
                               blank_risk_level=NOT_ASKED)})
    return sections

