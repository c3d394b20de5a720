"""Walk the referral wizard through Django's test client with valid answers.

    response = walk_to(client, "declaration")      # every earlier step answered, GET declaration
    response = walk_to(client, "confirmation")     # ... and the referral submitted

Steps are named by their URL slugs (`referral_form.wizard.STEP_SLUGS`, plus "confirmation").
Each POST is checked to have been accepted (a redirect), so a walk that silently stops at a
step's error page fails loudly, naming the step and the errors shown.

The answers are plain data (`VALID_ANSWERS`), so tests can copy and vary them. Pass
`stalking=True` to answer the stalking trigger 'yes' (the stalking step then applies), and
`children=True` to add one child rather than answering 'no children'.
"""

from __future__ import annotations

import copy
import re

from django.urls import reverse

from referral_form import rules
from referral_form.forms.assessment import stalking_field_name
from referral_form.wizard import STEP_SLUGS

CHECKLIST_VERSION = rules.DEFAULT_CHECKLIST_VERSION
YES_COUNT = 14  # the default visible-high-risk threshold


def checklist_answers(
    *, yes_count: int = YES_COUNT, stalking: bool = False, version: str = CHECKLIST_VERSION
) -> dict[str, str]:
    """`yes_count` 'yes' answers (the stalking trigger among them when `stalking`), rest 'no'."""
    checklist = rules.get_checklist(version)
    trigger = checklist.stalking_trigger.id
    ids = [q.id for q in checklist.questions if q.id != trigger]
    answers = {qid: "no" for qid in ids}
    answers[trigger] = "yes" if stalking else "no"
    remaining = yes_count - (1 if stalking else 0)
    for qid in ids[:remaining]:
        answers[qid] = "yes"
    return answers


# The checklist step also asks the practitioner's level of risk (required) and has the
# checklist's comments box (optional).
RISK_LEVEL = {"risk_level": "high"}


def checklist_step_answers(**kwargs) -> dict[str, str]:
    """What the wizard's checklist step needs: the answers and the level of risk."""
    return checklist_answers(**kwargs) | RISK_LEVEL


def stalking_answers(version: str = CHECKLIST_VERSION) -> dict[str, str]:
    checklist = rules.get_checklist(version)
    return {stalking_field_name(q): "no" for q in checklist.stalking_questions}


VALID_ANSWERS: dict[str, dict[str, str]] = {
    "eligibility": {"lives_in_area": "yes", "aged_16_or_over": "yes", "domestic_abuse": "yes"},
    "criteria": {"professional_judgement": "no", "escalating": "no"},  # Kirklees asks these
    "about-you": {
        "name": "Sam Referrer",
        "agency": "Northfield Housing",
        "role": "Support worker",
        "email": "sam.referrer@example.gov.uk",
        "phone": "01632 960 001",
        "can_attend": "yes",
    },
    "person-at-risk": {
        "first_name": "Alex",
        "last_name": "Example",
        "date_of_birth": "27/03/1985",
        "address": "1 Test Street, Testtown",
        "phone": "07700 900 123",
        "phone_is_safe": "yes",
        "aware_of_referral": "yes",
        "consent_given": "yes",
    },
    "people-causing-harm": {"name": "Jordan Example", "relationship": "ex_partner"},
    "children": {
        "name": "Casey Example",
        "date_of_birth": "14/06/2019",
        "relationship_to_person_at_risk": "child",
        "relationship_to_person_causing_harm": "child",
        "lives_with_person_at_risk": "yes",
    },
    "what-happened": {
        "worst_incident": "Pushed down the stairs.",
        "last_incident": "Threats by text.",
        "afraid_of": "Their ex-partner.",
        "risks_to_person": "Serious injury.",
        "interventions": "Safety plan and IDVA referral.",
    },
    "closed-marac": {"closed_marac_requested": "no"},
}


class WalkError(AssertionError):
    """A step did not accept the answers the walk gave it."""


def step_path(slug: str) -> str:
    special = {
        "people-causing-harm": "referral_form:people_list",
        "children": "referral_form:children_list",
        "check-answers": "referral_form:check_answers",
        "declaration": "referral_form:declaration",
        "confirmation": "referral_form:confirmation",
    }
    if slug in special:
        return reverse(special[slug])
    return reverse("referral_form:step", args=[slug])


def _errors_in(response) -> list[str]:
    text = response.content.decode(errors="replace")
    return re.findall(r'class="error-message"[^>]*>(.*?)</p>', text, flags=re.S)


def post_ok(client, path: str, data: dict, *, what: str):
    """POST and insist the step accepted it (a redirect)."""
    response = client.post(path, data)
    if response.status_code != 302:
        raise WalkError(
            f"{what}: expected a redirect from {path}, got "
            f"{response.status_code}; errors shown: {_errors_in(response)}"
        )
    return response


def _answer(client, slug: str, *, stalking: bool, children: bool, answers: dict) -> None:
    path = step_path(slug)
    if slug == "checklist":
        post_ok(client, path, checklist_step_answers(stalking=stalking)
                | answers.get("checklist", {}), what=slug)
    elif slug == "stalking":
        if stalking:
            post_ok(client, path, stalking_answers(), what=slug)
    elif slug == "people-causing-harm":
        post_ok(
            client,
            reverse("referral_form:list_add", args=[slug]),
            answers[slug],
            what="add a person causing harm",
        )
        post_ok(client, path, {"add_another": "no"}, what=slug)
    elif slug == "children":
        if children:
            post_ok(client, path, {"has_children": "yes"}, what="has children")
            post_ok(
                client,
                reverse("referral_form:list_add", args=[slug]),
                answers[slug],
                what="add a child",
            )
            post_ok(client, path, {"add_another": "no"}, what=slug)
        else:
            post_ok(client, path, {"has_children": "no"}, what=slug)
    else:
        post_ok(client, path, answers[slug], what=slug)


def submission_token(response) -> str:
    """The hidden submission token on a rendered declaration page."""
    match = re.search(r'name="submission_token" value="([0-9a-f-]{36})"', response.content.decode())
    if not match:
        raise WalkError("No submission token on the declaration page")
    return match.group(1)


def declaration_data(token: str, **extra) -> dict:
    return {"confirm": "on", "submission_token": token, "website": "", "captcha": "", **extra}


def walk_to(
    client,
    target: str,
    *,
    stalking: bool = False,
    children: bool = False,
    answers: dict | None = None,
    submit_data: dict | None = None,
):
    """Answer every step before `target` validly, then GET `target` and return that response.

    `target` is a step slug, "check-answers", "declaration" or "confirmation" (which submits
    the declaration and returns the confirmation page). `answers` overrides entries of
    `VALID_ANSWERS` per step. Starts from a fresh referral in the client's session.
    """
    if target != "confirmation" and target not in STEP_SLUGS:
        raise ValueError(f"Unknown wizard step {target!r}")
    merged = copy.deepcopy(VALID_ANSWERS)
    for slug, data in (answers or {}).items():
        merged[slug] = {**merged.get(slug, {}), **data}
    client.post(reverse("referral_form:start_again"))
    stop = len(STEP_SLUGS) if target == "confirmation" else STEP_SLUGS.index(target)
    for slug in STEP_SLUGS[:stop]:
        if slug in ("check-answers", "declaration"):
            continue
        _answer(client, slug, stalking=stalking, children=children, answers=merged)
    if target != "confirmation":
        return client.get(step_path(target))
    page = client.get(step_path("declaration"))
    if page.status_code != 200:
        raise WalkError(f"declaration: expected 200, got {page.status_code}")
    data = declaration_data(submission_token(page), **(submit_data or {}))
    post_ok(client, step_path("declaration"), data, what="declaration")
    return client.get(step_path("confirmation"))
