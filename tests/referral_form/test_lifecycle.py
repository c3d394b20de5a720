"""The case life cycle (referral_form/lifecycle.py) from a table: every action from every state,
through the real services, and what hearing and closing leave behind."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry

from guidance.models import MaracMeeting
from referral_form import lifecycle, reports, review, rules
from referral_form.models import AgreedAction, Hearing, Referral
from tests.referral_form.factories import submit_referral

State = lifecycle.State
Status = Referral.Status


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


NOW = local(2026, 3, 12, 15)  # the afternoon after the March meetings
RECEIVED = local(2026, 3, 2, 10, 30)

# The life cycle written out by hand: 'Y' where the action is allowed from the state. The
# columns are the actions in this order:
#   release, accept, assign_meeting, record_hearing, idva_referral, return, close, withdraw
TABLE = """
suspected_spam      Y . . . . . . .
submitted           . Y . . Y Y Y Y
accepted_marac      . Y Y . Y Y Y Y
accepted_pre_marac  . Y Y . Y Y Y Y
agenda_marac        . Y Y Y Y Y Y Y
agenda_pre_marac    . Y Y Y Y Y Y Y
heard               . . . . Y . Y .
returned            . . . . . . Y Y
closed              . . . . . . . .
withdrawn           . . . . . . . .
"""
ACTIONS = ["release", "accept", "assign_meeting", "record_hearing", "idva_referral", "return",
           "close", "withdraw"]
EXPECTED = {
    (line.split()[0], action): flag == "Y"
    for line in TABLE.strip().splitlines()
    for action, flag in zip(ACTIONS, line.split()[1:], strict=True)
}


def test_the_table_covers_every_state_and_action():
    assert {state for state, _ in EXPECTED} == set(State.values)
    assert set(ACTIONS) == set(lifecycle.Action.values)


@pytest.mark.parametrize(("state", "action"), sorted(EXPECTED))
def test_the_rules_module_matches_the_table(state, action):
    assert lifecycle.allowed(action, state) == EXPECTED[(state, action)]


@pytest.fixture
def coordinator(db):
    return get_user_model().objects.create_user("coord", "coord@example.org", "pw")


@pytest.fixture
def meetings(db):
    def meeting(day, kind):
        return MaracMeeting.objects.create(kind=kind, starts_at=local(2026, 3, day, 10),
                                           referral_deadline=local(2026, 3, day - 8, 12))
    full, pre = MaracMeeting.Kind.FULL, MaracMeeting.Kind.PRE
    return {"past_full": meeting(12, full), "past_pre": meeting(11, pre),
            "next_full": meeting(26, full), "next_pre": meeting(25, pre)}


def referral_in(state: str, meetings) -> Referral:
    """A referral stored through the submit service, then put in `state`."""
    spam = "honeypot" if state == State.SUSPECTED_SPAM else ""
    referral = submit_referral(received_at=RECEIVED, spam_reason=spam)
    status, meeting = {
        State.SUSPECTED_SPAM: (Status.SUSPECTED_SPAM, None),
        State.SUBMITTED: (Status.SUBMITTED, None),
        State.ACCEPTED_MARAC: (Status.ACCEPTED_MARAC, None),
        State.ACCEPTED_PRE_MARAC: (Status.ACCEPTED_PRE_MARAC, None),
        State.AGENDA_MARAC: (Status.ACCEPTED_MARAC, meetings["past_full"]),
        State.AGENDA_PRE_MARAC: (Status.ACCEPTED_PRE_MARAC, meetings["past_pre"]),
        State.HEARD: (Status.HEARD, meetings["past_full"]),
        State.RETURNED: (Status.RETURNED, None),
        State.CLOSED: (Status.CLOSED, None),
        State.WITHDRAWN: (Status.WITHDRAWN, None),
    }[State(state)]
    Referral.objects.filter(pk=referral.pk).update(status=status, meeting=meeting)
    if state == State.HEARD:
        Hearing.objects.create(referral=referral, meeting=meeting, heard_on=datetime.date(
            2026, 3, 12), meeting_kind=meeting.kind, outcome=Hearing.Outcome.ACTIONS_AGREED)
    referral.refresh_from_db()
    assert lifecycle.state_of(referral) == state
    return referral


def run(action: str, referral: Referral, user, meetings):
    pre = referral.status == Status.ACCEPTED_PRE_MARAC
    if action == "release":
        return review.referral_release_from_spam(referral=referral, user=user,
                                                 rule_set=rules.KIRKLEES, now=NOW)
    if action == "accept":
        return review.referral_accept(referral=referral, forum=rules.Forum.MARAC, user=user,
                                      now=NOW)
    if action == "assign_meeting":
        return review.referral_assign_meeting(
            referral=referral, meeting=meetings["next_pre" if pre else "next_full"], user=user,
            now=NOW)
    if action == "record_hearing":
        return review.referral_record_hearing(
            referral=referral, outcome=Hearing.Outcome.NO_FURTHER_ACTION, user=user, now=NOW)
    if action == "idva_referral":
        return review.referral_record_idva_referral(referral=referral, user=user, now=NOW)
    if action == "return":
        return review.referral_return(referral=referral, reason="incomplete", message="",
                                      user=user, now=NOW)
    if action == "close":
        return review.referral_close(referral=referral, reason="duplicate", user=user, now=NOW)
    if action == "withdraw":
        return review.referral_close(referral=referral, reason="referrer_withdrew",
                                     withdrawn=True, user=user, now=NOW)
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), sorted(EXPECTED))
def test_every_action_from_every_state_through_the_services(state, action, coordinator,
                                                            meetings):
    referral = referral_in(state, meetings)
    if EXPECTED[(state, action)]:
        run(action, referral, coordinator, meetings)
        assert ModelLogEntry.objects.filter(
            object_id=str(referral.pk),
            action=review.log_action_name("close" if action == "withdraw" else action),
        ).exists()
    else:
        before = Referral.objects.get(pk=referral.pk)
        with pytest.raises(review.ReviewError):
            run(action, referral, coordinator, meetings)
        after = Referral.objects.get(pk=referral.pk)
        assert (after.status, after.meeting_id) == (before.status, before.meeting_id)


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED_MARAC, State.AGENDA_MARAC,
                                   State.RETURNED])
def test_only_a_heard_case_can_be_closed_as_heard_at_the_meeting(state, coordinator, meetings):
    referral = referral_in(state, meetings)
    with pytest.raises(review.ReviewError) as error:
        review.referral_close(referral=referral, reason="discussed", user=coordinator, now=NOW)
    assert error.value.field == "reason"
    assert Referral.objects.get(pk=referral.pk).status == referral.status


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "meeting_key", "allowed"), [
    (Status.ACCEPTED_MARAC, "next_full", True),
    (Status.ACCEPTED_MARAC, "next_pre", False),
    (Status.ACCEPTED_PRE_MARAC, "next_pre", True),
    (Status.ACCEPTED_PRE_MARAC, "next_full", False),
])
def test_a_case_goes_only_on_its_own_kind_of_meeting(status, meeting_key, allowed, coordinator,
                                                     meetings):
    referral = referral_in(State.ACCEPTED_MARAC, meetings)
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    forum = rules.Forum.MARAC if status == Status.ACCEPTED_MARAC else rules.Forum.PRE_MARAC
    for act in (lambda: review.referral_assign_meeting(
                    referral=referral, meeting=meetings[meeting_key], user=coordinator, now=NOW),
                lambda: review.referral_accept(referral=referral, forum=forum,
                                               meeting=meetings[meeting_key], user=coordinator,
                                               now=NOW)):
        if allowed:
            act()
            assert Referral.objects.get(pk=referral.pk).meeting == meetings[meeting_key]
        else:
            with pytest.raises(review.ReviewError) as error:
                act()
            assert error.value.field == "meeting"
            assert Referral.objects.get(pk=referral.pk).meeting is None


@pytest.mark.django_db
def test_changing_the_forum_takes_the_case_off_the_other_kind_of_meeting(coordinator, meetings):
    referral = referral_in(State.ACCEPTED_PRE_MARAC, meetings)
    review.referral_assign_meeting(referral=referral, meeting=meetings["next_pre"],
                                   user=coordinator, now=NOW)
    review.referral_accept(referral=referral, forum=rules.Forum.MARAC, user=coordinator, now=NOW)
    referral.refresh_from_db()
    assert (referral.status, referral.meeting) == (Status.ACCEPTED_MARAC, None)


@pytest.mark.django_db
class TestHearing:
    def actions(self):
        return [review.ActionAgreed("Police", "Flag the address", datetime.date(2026, 3, 19)),
                review.ActionAgreed("Housing", "Fit extra locks", datetime.date(2026, 4, 2))]

    def test_heard_with_actions_then_closed_keeps_everything(self, coordinator, meetings):
        referral = referral_in(State.AGENDA_MARAC, meetings)
        hearing = review.referral_record_hearing(
            referral=referral, outcome="actions_agreed", risks_noted="Threats to kill.",
            actions=self.actions(), user=coordinator, now=NOW)
        referral.refresh_from_db()
        assert referral.status == Status.HEARD
        assert lifecycle.state_of(referral) == State.HEARD
        assert (hearing.meeting, hearing.heard_on) == (meetings["past_full"],
                                                       datetime.date(2026, 3, 12))
        assert [a.agency for a in hearing.actions.all()] == ["Police", "Housing"]
        review.agreed_action_mark_done(action=hearing.actions.first(), user=coordinator,
                                       now=NOW)
        review.referral_close(referral=referral, reason="discussed", user=coordinator, now=NOW)
        referral.refresh_from_db()
        assert referral.status == Status.CLOSED
        # Still on the meeting's agenda and record, with its hearing and actions.
        assert referral in reports.meeting_agenda(meetings["past_full"])
        assert Hearing.objects.filter(referral=referral).count() == 1
        assert AgreedAction.objects.filter(hearing__referral=referral).count() == 2
        # The flag review finds it twelve months after the hearing, not after closing.
        assert reports.flags_for_review(datetime.date(2027, 3, 12)) == [referral]
        assert reports.flags_for_review(datetime.date(2027, 3, 11)) == []
        figures = reports.dashboard_figures(NOW)
        assert (figures.heard_last_year, figures.actions_open) == (1, 1)

    def test_actions_agreed_needs_an_action_and_due_dates_from_the_meeting_on(
            self, coordinator, meetings):
        referral = referral_in(State.AGENDA_MARAC, meetings)
        with pytest.raises(review.ReviewError) as error:
            review.referral_record_hearing(referral=referral, outcome="actions_agreed",
                                           user=coordinator, now=NOW)
        assert error.value.field == "actions"
        early = [review.ActionAgreed("Police", "Visit", datetime.date(2026, 3, 11))]
        with pytest.raises(review.ReviewError):
            review.referral_record_hearing(referral=referral, outcome="actions_agreed",
                                           actions=early, user=coordinator, now=NOW)
        assert not Hearing.objects.exists()

    def test_not_before_the_meeting(self, coordinator, meetings):
        referral = referral_in(State.AGENDA_MARAC, meetings)
        with pytest.raises(review.ReviewError):
            review.referral_record_hearing(referral=referral, outcome="no_further_action",
                                           user=coordinator, now=local(2026, 3, 12, 9, 59))

    def test_only_pre_marac_refers_on_to_full_marac(self, coordinator, meetings):
        full = referral_in(State.AGENDA_MARAC, meetings)
        with pytest.raises(review.ReviewError) as error:
            review.referral_record_hearing(referral=full, outcome="referred_to_marac",
                                           user=coordinator, now=NOW)
        assert error.value.field == "outcome"
        pre = referral_in(State.AGENDA_PRE_MARAC, meetings)
        review.referral_record_hearing(referral=pre, outcome="referred_to_marac",
                                       user=coordinator, now=NOW)
        pre.refresh_from_db()
        assert (pre.status, pre.meeting) == (Status.ACCEPTED_MARAC, None)
        # Its pre-MARAC hearing stays on that meeting's agenda; it now waits for a full MARAC.
        assert pre in reports.meeting_agenda(meetings["past_pre"])
        review.referral_assign_meeting(referral=pre, meeting=meetings["next_full"],
                                       user=coordinator, now=NOW)

    def test_an_action_is_marked_done_once_and_logged(self, coordinator, meetings):
        referral = referral_in(State.AGENDA_MARAC, meetings)
        hearing = review.referral_record_hearing(
            referral=referral, outcome="actions_agreed", actions=self.actions()[:1],
            user=coordinator, now=NOW)
        action = hearing.actions.get()
        review.agreed_action_mark_done(action=action, user=coordinator, now=NOW)
        with pytest.raises(review.ReviewError):
            review.agreed_action_mark_done(action=action, user=coordinator, now=NOW)
        entry = ModelLogEntry.objects.get(action=review.log_action_name("action_done"))
        assert entry.object_id == str(referral.pk)
        assert "Flag the address" not in str(entry.data)

    def test_the_risks_and_actions_are_stored_encrypted(self, coordinator, meetings):
        from django.db import connection

        referral = referral_in(State.AGENDA_MARAC, meetings)
        review.referral_record_hearing(
            referral=referral, outcome="actions_agreed", risks_noted="Rosalind is in danger",
            actions=[review.ActionAgreed("Police", "Visit Rosalind", datetime.date(2026, 4, 1))],
            user=coordinator, now=NOW)
        with connection.cursor() as cursor:
            cursor.execute("SELECT risks_noted FROM referral_form_hearing")
            (risks,) = cursor.fetchone()
            cursor.execute("SELECT action FROM referral_form_agreedaction")
            (action,) = cursor.fetchone()
        assert "Rosalind" not in risks and "Rosalind" not in action
