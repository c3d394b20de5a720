"""A referral's life cycle: the states a case passes through and which action is allowed from
which state. The one table that the services (review.py), the admin's buttons and the tests read.

    submitted -> accepted (MARAC or pre-MARAC) -> on a meeting's agenda -> heard -> closed
    (and, on the way: returned to the referrer, withdrawn; suspected spam before any of it)

'On a meeting's agenda' is an accepted case with a meeting; 'heard' is a case with a Hearing
at that meeting. A pre-MARAC case referred on to full MARAC at its hearing is accepted for
MARAC again (its pre-MARAC hearing stays on that meeting's record).
"""

from __future__ import annotations

from django.db import models

from referral_form.models import Hearing, Referral

Status = Referral.Status
Outcome = Hearing.Outcome
ClosureReason = Referral.ClosureReason


class State(models.TextChoices):
    SUSPECTED_SPAM = "suspected_spam", "Suspected spam"
    SUBMITTED = "submitted", "New"
    ACCEPTED_MARAC = "accepted_marac", "Accepted for MARAC, no meeting yet"
    ACCEPTED_PRE_MARAC = "accepted_pre_marac", "Accepted for pre-MARAC, no meeting yet"
    AGENDA_MARAC = "agenda_marac", "On a MARAC meeting's agenda"
    AGENDA_PRE_MARAC = "agenda_pre_marac", "On a pre-MARAC meeting's agenda"
    HEARD = "heard", "Heard at a meeting"
    RETURNED = "returned", "Returned to the referrer"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Action(models.TextChoices):
    RELEASE = "release", "Release from suspected spam"
    ACCEPT = "accept", "Accept"
    ASSIGN_MEETING = "assign_meeting", "Put on a meeting's agenda"
    RECORD_HEARING = "record_hearing", "Record the hearing"
    IDVA_REFERRAL = "idva_referral", "Record the IDVA referral"
    RETURN = "return", "Return to the referrer"
    CLOSE = "close", "Close"
    WITHDRAW = "withdraw", "Withdraw"


S = State
OPEN = (S.SUBMITTED, S.ACCEPTED_MARAC, S.ACCEPTED_PRE_MARAC, S.AGENDA_MARAC,
        S.AGENDA_PRE_MARAC)
ACCEPTED = (S.ACCEPTED_MARAC, S.ACCEPTED_PRE_MARAC, S.AGENDA_MARAC, S.AGENDA_PRE_MARAC)
ON_AGENDA = (S.AGENDA_MARAC, S.AGENDA_PRE_MARAC)

# Which action may be taken from which state. Anything not listed is refused.
TRANSITIONS: dict[Action, frozenset[State]] = {
    Action.RELEASE: frozenset({S.SUSPECTED_SPAM}),
    Action.ACCEPT: frozenset(OPEN),  # accepting again changes the forum
    Action.ASSIGN_MEETING: frozenset(ACCEPTED),
    Action.RECORD_HEARING: frozenset(ON_AGENDA),
    Action.IDVA_REFERRAL: frozenset({*OPEN, S.HEARD}),
    Action.RETURN: frozenset(OPEN),
    Action.CLOSE: frozenset({*OPEN, S.HEARD, S.RETURNED}),
    Action.WITHDRAW: frozenset({*OPEN, S.RETURNED}),
}

# The status each action leaves the referral in (None: unchanged, or chosen by the action).
RESULT_STATUS: dict[Action, str | None] = {
    Action.RELEASE: Status.SUBMITTED,
    Action.ACCEPT: None,  # accepted for the chosen forum
    Action.ASSIGN_MEETING: None,
    Action.RECORD_HEARING: None,  # heard, or accepted for MARAC when referred on
    Action.IDVA_REFERRAL: None,
    Action.RETURN: Status.RETURNED,
    Action.CLOSE: Status.CLOSED,
    Action.WITHDRAW: Status.WITHDRAWN,
}

# Closing 'discussed at the meeting' needs the case to have been heard; the other reasons
# do not.
CLOSE_REASONS: dict[State, tuple[str, ...]] = {
    state: tuple(reason for reason in ClosureReason.values
                 if reason != ClosureReason.DISCUSSED or state == S.HEARD)
    for state in TRANSITIONS[Action.CLOSE]
}

# The outcomes a hearing can have, by the agenda it was on: only a pre-MARAC meeting refers a
# case on to full MARAC.
HEARING_OUTCOMES: dict[State, tuple[str, ...]] = {
    S.AGENDA_MARAC: (Outcome.ACTIONS_AGREED, Outcome.NO_FURTHER_ACTION),
    S.AGENDA_PRE_MARAC: (Outcome.ACTIONS_AGREED, Outcome.REFERRED_TO_MARAC,
                         Outcome.NO_FURTHER_ACTION),
}

# What status a hearing leaves the case in, by outcome.
HEARING_RESULT = {
    Outcome.ACTIONS_AGREED: Status.HEARD,
    Outcome.NO_FURTHER_ACTION: Status.HEARD,
    Outcome.REFERRED_TO_MARAC: Status.ACCEPTED_MARAC,
}

# Accepted statuses and the meeting kind they may be heard at.
MEETING_KIND_FOR_STATUS = {Status.ACCEPTED_MARAC: "full", Status.ACCEPTED_PRE_MARAC: "pre"}

# Statuses under which a case counts as open work (IDVA referral due, on an agenda to come).
OPEN_STATUSES = (Status.SUBMITTED, Status.ACCEPTED_MARAC, Status.ACCEPTED_PRE_MARAC)
ACCEPTED_STATUSES = (Status.ACCEPTED_MARAC, Status.ACCEPTED_PRE_MARAC)


def state_of(referral: Referral) -> State:
    """The referral's life-cycle state, from its status and whether it has a meeting."""
    if referral.status in ACCEPTED_STATUSES and referral.meeting_id is not None:
        return S.AGENDA_MARAC if referral.status == Status.ACCEPTED_MARAC \
            else S.AGENDA_PRE_MARAC
    return State(referral.status)


def allowed(action: str, state: str) -> bool:
    return State(state) in TRANSITIONS[Action(action)]


def actions_for(referral: Referral) -> list[Action]:
    """The actions allowed for the referral now, in the order the record shows its buttons."""
    state = state_of(referral)
    actions = [action for action in Action if state in TRANSITIONS[action]]
    if referral.idva_referred_at is not None and Action.IDVA_REFERRAL in actions:
        actions.remove(Action.IDVA_REFERRAL)
    return actions


def refusal(action: str, referral: Referral) -> str:
    """Why the action is not allowed now ('' when it is)."""
    state = state_of(referral)
    if allowed(action, state):
        return ""
    return (f"'{Action(action).label}' is not possible for a referral that is "
            f"'{state.label.lower()}'.")


def close_reason_allowed(reason: str, referral: Referral) -> bool:
    return reason in CLOSE_REASONS.get(state_of(referral), ())


def hearing_outcome_allowed(outcome: str, referral: Referral) -> bool:
    return outcome in HEARING_OUTCOMES.get(state_of(referral), ())


def meeting_kind_matches(status: str, meeting_kind: str) -> bool:
    """A pre-MARAC case only on a pre-MARAC meeting, a MARAC case only on a full MARAC one."""
    return MEETING_KIND_FOR_STATUS.get(status) == meeting_kind
