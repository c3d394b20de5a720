"""Referrals for tests, built the way the wizard builds them: through referral_submit.

`make_submission(**overrides)` gives a realistic ReferralSubmission (visible high risk, one
person causing harm, one child); `submit_referral(**overrides)` stores it and returns the
Referral. Overrides name ReferralSubmission fields, plus:

- `yes` (how many checklist answers are 'yes'), `today`, `professional_judgement`,
  `incident_dates`, `suicide_self_harm`, `last_marac_date`, `new_incident_date` for the evidence;
- `first_name`, `last_name`, `date_of_birth` for the person at risk;
- `harmer_name`, `harmer_date_of_birth` for the first person causing harm (None for nobody);
- `escalating`, `repeat_incident_types` for the evidence too;
- for submit_referral: `received_at`, `rule_set` (Kirklees's by default), `verified`,
  `spam_reason`.
"""

import datetime
import uuid

from django.utils import timezone

from referral_form import rules
from referral_form.services import ReferralSubmission, referral_submit

DEFAULT_TODAY = datetime.date(2026, 3, 2)

PERSON_AT_RISK = {
    "first_name": "Rosalind",
    "last_name": "Achterberg",
    "other_names": "",
    "date_of_birth": "1988-04-17",
    "date_of_birth_not_known": False,
    "address": "14 Larchmont Terrace, Huddersfield HD1 9ZZ",
    "address_not_known": False,
    "phone": "07700 900123",
    "phone_is_safe": "yes",
    "safe_contact_notes": "Weekday mornings only",
    "gender": "female",
    "ethnicity": "",
    "disability": "",
    "lgbt": "",
    "aware_of_referral": "yes",
    "consent_given": "yes",
    "lawful_basis": "",
    "lawful_basis_details": "",
}
REFERRER = {
    "name": "Priya Oyelaran",
    "agency": "Calderbrook Housing",
    "role": "Tenancy support officer",
    "email": "priya.oyelaran@calderbrook.example.org",
    "phone": "01632 960 001",
    "can_attend": "yes",
    "manager_name": "",
}
PERSON_CAUSING_HARM = {
    "name": "Dominic Faulkner-Reyes",
    "name_not_known": False,
    "other_names": "",
    "date_of_birth": "1985-11-02",
    "address": "Unknown",
    "relationship": "ex_partner",
    "relationship_details": "",
    "gender": "male",
    "notes": "",
}
CHILD = {
    "name": "Elodie Achterberg",
    "unborn": False,
    "date_of_birth": "2019-06-14",
    "due_date": None,
    "relationship_to_person_at_risk": "child",
    "relationship_to_person_causing_harm": "child",
    "lives_with_person_at_risk": "yes",
    "address": "",
    "school": "Hillside Primary",
}
NARRATIVE = {
    "first_incident": "Pushing and shouting early in the relationship.",
    "worst_incident": "Strangled until she nearly lost consciousness.",
    "last_incident": "Broke in through the back door and threatened to kill her.",
    "threats": "Threats to kill.",
    "history": "",
    "current_support": "",
    "afraid_of": "Her ex-partner.",
    "safe_to_talk": "",
    "not_safe_to_talk": "",
    "risks_to_person": "Serious injury or death.",
    "risks_to_children": "",
    "interventions": "Police attended; safety planning started.",
    "other_information": "",
}

CHECKLIST_COMMENTS = "Q16: held a kitchen knife to her throat. Q18: strangled last month."

PERSON_FIELDS = {"first_name", "last_name", "date_of_birth"}
EVIDENCE_FIELDS = {"professional_judgement", "incident_dates", "suicide_self_harm",
                   "last_marac_date", "new_incident_date", "escalating",
                   "repeat_incident_types"}


def checklist_answers(yes: int, version: str = rules.DEFAULT_CHECKLIST_VERSION) -> dict:
    """The first `yes` questions answered 'yes', the rest 'no'."""
    checklist = rules.get_checklist(version)
    return {q.id: rules.Answer.YES if index < yes else rules.Answer.NO
            for index, q in enumerate(checklist.questions)}


def make_evidence(*, today: datetime.date = DEFAULT_TODAY, professional_judgement=False,
                  incident_dates=(), suicide_self_harm=False, last_marac_date=None,
                  new_incident_date=None, escalating=False,
                  repeat_incident_types=()) -> rules.Evidence:
    return rules.Evidence(
        professional_judgement=professional_judgement,
        professional_judgement_rationale="Extreme fear and recent strangulation."
        if professional_judgement else "",
        escalating=escalating,
        escalation_details="Incidents are closer together and more violent." if escalating
        else "",
        incident_dates=tuple(incident_dates),
        repeat_incident_types=tuple(repeat_incident_types),
        last_marac_date=last_marac_date,
        new_incident_date=new_incident_date,
        suicide_self_harm=suicide_self_harm,
        suicide_self_harm_details="Has spoken of ending her life." if suicide_self_harm else "",
        today=today,
    )


def make_submission(**overrides) -> ReferralSubmission:
    """A realistic, valid submission; see the module docstring for the overrides."""
    yes = overrides.pop("yes", 16)
    today = overrides.pop("today", DEFAULT_TODAY)
    evidence_kwargs = {name: overrides.pop(name) for name in list(overrides)
                       if name in EVIDENCE_FIELDS}
    person = dict(PERSON_AT_RISK)
    for name in list(overrides):
        if name in PERSON_FIELDS:
            person[name] = overrides.pop(name)
    harmer = dict(PERSON_CAUSING_HARM)
    harmer_name = overrides.pop("harmer_name", harmer["name"])
    harmer["date_of_birth"] = overrides.pop("harmer_date_of_birth", harmer["date_of_birth"])
    people = [] if harmer_name is None else [{**harmer, "name": harmer_name}]
    values = {
        "token": uuid.uuid4(),
        "checklist_version": rules.DEFAULT_CHECKLIST_VERSION,
        "checklist_answers": checklist_answers(yes),
        "stalking_answers": {},
        "evidence": make_evidence(today=today, **evidence_kwargs),
        "referrer": dict(REFERRER),
        "person_at_risk": person,
        "people_causing_harm": people,
        "has_children": "yes",
        "children": [dict(CHILD)],
        "narrative": dict(NARRATIVE),
        "checklist_comments": CHECKLIST_COMMENTS,
        "risk_level": "high",
    }
    values.update(overrides)
    return ReferralSubmission(**values)


def submit_referral(*, received_at: datetime.datetime | None = None,
                    rule_set: rules.RuleSet | None = None, verified: bool = True,
                    spam_reason: str = "", **overrides):
    """Store a referral through referral_submit and return it."""
    received_at = received_at or timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 30))
    overrides.setdefault("today", timezone.localtime(received_at).date())
    referral, _created = referral_submit(
        submission=make_submission(**overrides),
        rule_set=rule_set or rules.KIRKLEES,
        verified=verified,
        bot_check_verdict="pass" if verified else "no_token",
        spam_reason=spam_reason,
        now=received_at,
    )
    referral.refresh_from_db()
    return referral
