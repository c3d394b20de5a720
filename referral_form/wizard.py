"""The referral wizard's steps, their order, and the encrypted server-side state they fill.

State lives in the (server-side) session as one encrypted JSON blob holding each step's submitted
form data. Every step is re-validated when the referral is submitted, so the stored data is never
trusted on its own.
"""

import json
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings

from referral_form import crypto

SESSION_KEY = "referral_wizard"
SEEN_KEY = "referral_wizard_seen"
SUBMITTED_KEY = "referral_submitted"

PEOPLE = "people"
CHILDREN = "children"
MAX_PEOPLE = 10
MAX_CHILDREN = 15


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS: tuple[Step, ...] = (
    Step("eligibility", "Who can be referred"),
    Step("checklist", "Risk checklist"),
    Step("stalking", "Stalking questions"),
    Step("criteria", "Referral criteria"),
    Step("about-you", "About you"),
    Step("person-at-risk", "The person at risk"),
    Step("people-causing-harm", "People causing harm"),
    Step("children", "Children and dependants"),
    Step("what-happened", "What has happened"),
    Step("closed-marac", "Closed MARAC"),
    Step("check-answers", "Check your answers"),
    Step("declaration", "Declaration and submit"),
)
STEP_SLUGS = [step.slug for step in STEPS]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


@dataclass
class WizardState:
    """Everything typed so far in one referral, kept only server-side."""

    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    checklist_version: str = ""
    steps: dict = field(default_factory=dict)
    people: list = field(default_factory=list)
    children: list = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"token": self.token, "checklist_version": self.checklist_version,
                           "steps": self.steps, "people": self.people,
                           "children": self.children})

    @classmethod
    def from_json(cls, raw: str) -> "WizardState":
        data = json.loads(raw)
        return cls(token=data["token"], checklist_version=data["checklist_version"],
                   steps=data.get("steps", {}), people=data.get("people", []),
                   children=data.get("children", []))

    def step_data(self, slug: str) -> dict | None:
        return self.steps.get(slug)

    def save_step(self, slug: str, data: dict) -> None:
        self.steps[slug] = data


DRAFT_TOO_LARGE_MESSAGE = (
    "This referral is now too long to keep online. Shorten what you typed here (for example, "
    "summarise and leave the detail for the meeting), or call the coordinators."
)


def draft_fits(state: WizardState) -> bool:
    """Whether the draft is within WIZARD_DRAFT_MAX_BYTES (its answers as JSON)."""
    return len(state.to_json().encode("utf-8")) <= settings.WIZARD_DRAFT_MAX_BYTES


class StateExpired(Exception):
    """The referrer was idle too long: their answers have been deleted."""


def load_state(session, *, idle_seconds: int, now: float | None = None) -> WizardState | None:
    """The current referral's state, or None if there is none; StateExpired if it timed out."""
    now = time.time() if now is None else now
    blob = session.get(SESSION_KEY)
    if blob is None:
        return None
    last_seen = session.get(SEEN_KEY, 0)
    if now - last_seen > idle_seconds:
        clear_state(session)
        raise StateExpired
    try:
        return WizardState.from_json(crypto.decrypt_text(blob))
    except Exception:  # unreadable (for example a retired key): treat as expired, never 500
        clear_state(session)
        raise StateExpired from None


def save_state(session, state: WizardState, *, now: float | None = None) -> None:
    session[SESSION_KEY] = crypto.encrypt_text(state.to_json())
    touch(session, now=now)


def touch(session, *, now: float | None = None) -> None:
    session[SEEN_KEY] = int(time.time() if now is None else now)


def clear_state(session) -> None:
    session.pop(SESSION_KEY, None)
    session.pop(SEEN_KEY, None)


def forget(session) -> None:
    """Everything the wizard keeps in a session: the draft, its clock, the sent marker."""
    for key in (SESSION_KEY, SEEN_KEY, SUBMITTED_KEY):
        session.pop(key, None)


def seconds_left(session, *, idle_seconds: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return max(0, int(session.get(SEEN_KEY, now) + idle_seconds - now))
