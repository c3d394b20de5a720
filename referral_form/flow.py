"""How the wizard's steps fit together: which apply, which are complete, what comes next, and
turning the stored answers into a validated submission. No HTTP here: views call these."""

import copy
import datetime
import uuid
from dataclasses import dataclass

from django import forms

from referral_form import rules
from referral_form.forms import steps as step_forms
from referral_form.forms.assessment import (
    CHECKLIST_EXTRA_FIELDS,
    COMMENTS_FIELD,
    RISK_LEVEL_FIELD,
    STALKING_PREFIX,
    ChecklistForm,
    CriteriaEvidenceForm,
    risk_level_field,
)
from referral_form.services import ReferralSubmission
from referral_form.wizard import STEP_SLUGS, STEPS, WizardState


@dataclass(frozen=True)
class FlowContext:
    """What the steps need to know about the site and the day."""

    area_name: str
    rule_set: rules.RuleSet
    today: datetime.date

    def checklist_for(self, state: WizardState) -> rules.Checklist:
        return rules.get_checklist(state.checklist_version or self.rule_set.checklist_version)


class ChecklistStepForm(ChecklistForm):
    """The main checklist questions, the comments box and the practitioner's level of risk;
    the stalking questions are a step of their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.fields if n.startswith(STALKING_PREFIX)]:
            del self.fields[name]
        self.fields[RISK_LEVEL_FIELD] = risk_level_field()

    def clean(self):
        return forms.Form.clean(self)


class StalkingStepForm(ChecklistForm):
    """The additional stalking questions, all required once this step applies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [n for n in self.fields if not n.startswith(STALKING_PREFIX)]:
            del self.fields[name]
        for name in list(self.fields):
            # The checklist's fields are shared between forms: change a copy.
            field = self.fields[name] = copy.deepcopy(self.fields[name])
            field.required = True
            field.error_messages["required"] = (
                f"Select yes, no or not known for stalking question "
                f"{list(self.fields).index(name) + 1}"
            )

    def clean(self):
        return forms.Form.clean(self)


SIMPLE_FORMS = {
    "eligibility": step_forms.EligibilityForm,
    "about-you": step_forms.ReferrerForm,
    "person-at-risk": step_forms.PersonAtRiskForm,
    "what-happened": step_forms.WhatHappenedForm,
    "closed-marac": step_forms.ClosedMaracForm,
}


def form_for(slug: str, ctx: FlowContext, state: WizardState, data=None, initial=None):
    """The bound or unbound form for a single-form step."""
    kwargs = {"data": data, "initial": initial}
    if slug == "eligibility":
        return step_forms.EligibilityForm(area_name=ctx.area_name, **kwargs)
    if slug == "checklist":
        return ChecklistStepForm(checklist=ctx.checklist_for(state), **kwargs)
    if slug == "stalking":
        return StalkingStepForm(checklist=ctx.checklist_for(state), **kwargs)
    if slug == "criteria":
        return CriteriaEvidenceForm(today=ctx.today, rule_set=ctx.rule_set, **kwargs)
    return SIMPLE_FORMS[slug](**kwargs)


def posted_data(form) -> dict:
    """The submitted values for the form's own fields, as strings, for re-validation later."""
    return {name: form.data.get(name) for name in form.fields if form.data.get(name) is not None}


def checklist_answers(state: WizardState) -> dict:
    """{question id: answer} from the checklist step (without its comments and risk level)."""
    return {name: value for name, value in (state.step_data("checklist") or {}).items()
            if name not in CHECKLIST_EXTRA_FIELDS}


def stalking_answers(state: WizardState) -> dict:
    return dict(state.step_data("stalking") or {})


def step_applies(slug: str, state: WizardState, ctx: FlowContext) -> bool:
    if slug == "stalking":
        return rules.stalking_applies(ctx.checklist_for(state), checklist_answers(state))
    return True


def is_eligible(state: WizardState) -> bool | None:
    data = state.step_data("eligibility")
    if data is None:
        return None
    return all(data.get(name) == "yes"
               for name in ("lives_in_area", "aged_16_or_over", "domestic_abuse"))


def assessment_for(state: WizardState, ctx: FlowContext) -> rules.Assessment | None:
    """The routes met by what has been answered so far (None before the checklist).

    Worked out once per request for the same answers: gate() asks for it on every step, and
    one POST runs gate() three times (validating the criteria form each time).
    """
    if state.step_data("checklist") is None:
        return None
    key = (id(ctx), repr(state.step_data("checklist")), repr(state.step_data("criteria")),
           state.checklist_version)
    remembered = state.__dict__.setdefault("_assessments", {})
    if key not in remembered:
        remembered[key] = _assess(state, ctx)
    return remembered[key]


def _assess(state: WizardState, ctx: FlowContext) -> rules.Assessment:
    evidence = rules.Evidence(today=ctx.today)
    criteria_data = state.step_data("criteria")
    if criteria_data is not None:
        form = form_for("criteria", ctx, state, data=criteria_data)
        if form.is_valid():
            evidence = form.evidence(today=ctx.today)
    return rules.assess(ctx.checklist_for(state), checklist_answers(state), evidence,
                        ctx.rule_set)


def step_complete(slug: str, state: WizardState, ctx: FlowContext) -> bool:
    if not step_applies(slug, state, ctx):
        return True
    data = state.step_data(slug)
    if data is None:
        return False
    if slug == "people-causing-harm":
        return bool(state.people) and data.get("done", False)
    if slug == "children":
        if data.get("has_children") == "yes":
            return bool(state.children) and data.get("done", False)
        return data.get("has_children") in ("no", "not_known")
    return True


def gate(slug: str, state: WizardState, ctx: FlowContext) -> str | None:
    """Where to send someone who asks for `slug` before the steps it depends on are done.

    Returns a step slug, 'not-eligible', 'below-threshold', or None when `slug` may be shown.
    """
    for step in STEPS:
        if step.slug == slug:
            return None
        if step.slug in ("check-answers", "declaration"):
            continue
        if not step_complete(step.slug, state, ctx):
            return step.slug
        if step.slug == "eligibility" and not is_eligible(state):
            return "not-eligible"
        if step.slug == "criteria":
            assessment = assessment_for(state, ctx)
            if assessment is None or not assessment.any_met:
                return "below-threshold"
    return None


def next_step(slug: str, state: WizardState, ctx: FlowContext) -> str:
    """The step after `slug` that applies (skipping stalking unless the trigger is yes)."""
    index = STEP_SLUGS.index(slug)
    for candidate in STEP_SLUGS[index + 1:]:
        if step_applies(candidate, state, ctx):
            return candidate
    return "declaration"


def previous_step(slug: str, state: WizardState, ctx: FlowContext) -> str | None:
    index = STEP_SLUGS.index(slug)
    for candidate in reversed(STEP_SLUGS[:index]):
        if step_applies(candidate, state, ctx):
            return candidate
    return None


def first_incomplete(state: WizardState, ctx: FlowContext) -> str:
    return gate("check-answers", state, ctx) or "check-answers"


class SubmissionInvalid(Exception):
    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


def _valid(form) -> dict:
    if not form.is_valid():
        raise SubmissionInvalid(getattr(form, "_step", ""))
    return form.cleaned_data


def _jsonable(data: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, datetime.date) else value
            for key, value in data.items()}


def build_submission(state: WizardState, ctx: FlowContext) -> ReferralSubmission:
    """Re-validate every stored step; raises SubmissionInvalid naming the first bad step."""
    blocked = gate("declaration", state, ctx)
    if blocked:
        raise SubmissionInvalid(blocked)

    def cleaned(slug, data=None):
        form = form_for(slug, ctx, state, data=state.step_data(slug) if data is None else data)
        form._step = slug
        return _valid(form)

    checklist = ctx.checklist_for(state)
    checklist_data = cleaned("checklist")  # once: building the 27-question form is not cheap
    answers = {q.id: checklist_data[q.id] for q in checklist.questions}
    stalking = {}
    if step_applies("stalking", state, ctx):
        stalking = cleaned("stalking")
    criteria_form = form_for("criteria", ctx, state, data=state.step_data("criteria"))
    criteria_form._step = "criteria"
    _valid(criteria_form)
    evidence = criteria_form.evidence(today=ctx.today)

    people = []
    for person in state.people:
        form = step_forms.PersonCausingHarmForm(data=person)
        form._step = "people-causing-harm"
        people.append(_jsonable(_valid(form)))
    children = []
    has_children = state.step_data("children").get("has_children", "no")
    if has_children == "yes":
        for child in state.children:
            form = step_forms.ChildForm(data=child)
            form._step = "children"
            children.append(_jsonable(_valid(form)))
    closed = cleaned("closed-marac")
    return ReferralSubmission(
        token=uuid.UUID(state.token),
        checklist_version=checklist.version,
        checklist_answers=answers,
        stalking_answers={k: v for k, v in stalking.items()},
        checklist_comments=checklist_data.get(COMMENTS_FIELD, ""),
        risk_level=checklist_data.get(RISK_LEVEL_FIELD, ""),
        evidence=evidence,
        referrer=_jsonable(cleaned("about-you")),
        person_at_risk=_jsonable(cleaned("person-at-risk")),
        people_causing_harm=people,
        has_children=has_children,
        children=children,
        narrative=_jsonable(cleaned("what-happened")),
        closed_marac_requested=closed["closed_marac_requested"] == "yes",
        closed_marac_reasons=closed.get("closed_marac_reasons", ""),
    )


def new_state(ctx: FlowContext) -> WizardState:
    return WizardState(checklist_version=ctx.rule_set.checklist_version)

