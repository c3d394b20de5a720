"""The review rules in referral_form/review.py, and repeat and link detection at submission."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from guidance.models import MaracMeeting
from referral_form import review, rules
from referral_form.models import Hearing, Referral, ReferralLink, StatusChange
from referral_form.scheduling import idva_referral_due
from tests.referral_form.factories import PERSON_AT_RISK, submit_referral

PREMARAC_ON = rules.BRISTOL  # 14-15 ticks, escalation and repeats first at pre-MARAC (004)
PREMARAC_OFF = rules.KIRKLEES
WORKING_DAYS = rules.KIRKLEES.changed(key="working-days", idva_day_kind=rules.DayKind.WORKING)


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def unsaved_referral(*, yes=0, met=(), is_repeat=False, received_at=None) -> Referral:
    fields = {Referral.CRITERIA_FIELDS[code]: True for code in met}
    return Referral(yes_count=yes, is_repeat=is_repeat,
                    received_at=received_at or local(2026, 3, 2, 10), **fields)


# --------------------------------------------------------------------------- triage

TRIAGE_CASES = [
    # (rule set, yes, routes met, repeat flag, expected forum)
    (PREMARAC_OFF, 14, ("visible_high_risk",), False, rules.Forum.MARAC),
    (PREMARAC_OFF, 3, ("escalation",), False, rules.Forum.MARAC),
    (PREMARAC_OFF, 3, ("repeat",), True, rules.Forum.MARAC),
    (PREMARAC_ON, 13, ("professional_judgement",), False, rules.Forum.MARAC),
    (PREMARAC_ON, 14, ("visible_high_risk",), False, rules.Forum.PRE_MARAC),  # band low edge
    (PREMARAC_ON, 15, ("visible_high_risk",), False, rules.Forum.PRE_MARAC),  # band high edge
    (PREMARAC_ON, 16, ("visible_high_risk",), False, rules.Forum.MARAC),  # just above the band
    (PREMARAC_ON, 14, ("visible_high_risk", "professional_judgement"), False,
     rules.Forum.MARAC),
    (PREMARAC_ON, 2, ("suicide_self_harm",), False, rules.Forum.MARAC),
    (PREMARAC_ON, 5, ("escalation",), False, rules.Forum.PRE_MARAC),
    (PREMARAC_ON, 5, ("repeat",), False, rules.Forum.PRE_MARAC),
    (PREMARAC_ON, 5, ("escalation", "suicide_self_harm"), False, rules.Forum.MARAC),
    # A repeat found by the system counts like the repeat route...
    (PREMARAC_ON, 5, ("professional_judgement",), True, rules.Forum.MARAC),
    (PREMARAC_ON, 20, ("visible_high_risk",), True, rules.Forum.MARAC),
    (PREMARAC_ON, 15, ("visible_high_risk",), True, rules.Forum.PRE_MARAC),
]


@pytest.mark.parametrize(("rule_set", "yes", "met", "is_repeat", "expected"), TRIAGE_CASES)
def test_triage_suggestion(rule_set, yes, met, is_repeat, expected):
    referral = unsaved_referral(yes=yes, met=met, is_repeat=is_repeat)
    suggestion = review.triage_suggestion(referral=referral, rule_set=rule_set)
    assert suggestion.forum == expected
    assert suggestion.reason


def test_triage_reason_names_the_band():
    referral = unsaved_referral(yes=15, met=("visible_high_risk",))
    reason = review.triage_suggestion(referral=referral, rule_set=PREMARAC_ON).reason
    assert "within the pre-MARAC band (14 to 15)" in reason


# --------------------------------------------------------------------------- meetings

@pytest.fixture
def schedule(db):
    """Two full meetings, a cancelled one between them, and a pre-MARAC meeting."""
    return {
        "march": MaracMeeting.objects.create(starts_at=local(2026, 3, 12, 10),
                                             referral_deadline=local(2026, 3, 5, 17)),
        "cancelled": MaracMeeting.objects.create(starts_at=local(2026, 3, 26, 10),
                                                 referral_deadline=local(2026, 3, 19, 17),
                                                 cancelled=True),
        "april": MaracMeeting.objects.create(starts_at=local(2026, 4, 9, 10),
                                             referral_deadline=local(2026, 4, 2, 17)),
        "pre": MaracMeeting.objects.create(kind=MaracMeeting.Kind.PRE,
                                           starts_at=local(2026, 3, 17, 14),
                                           referral_deadline=local(2026, 3, 10, 12)),
    }


DEFAULT_MEETING_CASES = [
    # (received at, forum, now, expected meeting key)
    (local(2026, 3, 2, 9), rules.Forum.MARAC, local(2026, 3, 2, 9), "march"),
    (local(2026, 3, 5, 17), rules.Forum.MARAC, local(2026, 3, 5, 17), "march"),  # at deadline
    (local(2026, 3, 5, 17, 0, 1), rules.Forum.MARAC, local(2026, 3, 6, 9), "april"),  # 1 s late
    (local(2026, 3, 20, 9), rules.Forum.MARAC, local(2026, 3, 20, 9), "april"),  # skip cancelled
    (local(2026, 4, 2, 17, 0, 1), rules.Forum.MARAC, local(2026, 4, 3, 9), None),  # none open
    (local(2026, 3, 2, 9), rules.Forum.MARAC, local(2026, 3, 12, 11), "april"),  # march held
    (local(2026, 3, 2, 9), rules.Forum.PRE_MARAC, local(2026, 3, 2, 9), "pre"),
    (local(2026, 3, 10, 12, 0, 1), rules.Forum.PRE_MARAC, local(2026, 3, 11, 9), None),
]


@pytest.mark.parametrize(("received", "forum", "now", "expected"), DEFAULT_MEETING_CASES)
def test_default_meeting_for(schedule, received, forum, now, expected):
    referral = unsaved_referral(received_at=received)
    meeting = review.default_meeting_for(referral=referral, forum=forum, now=now)
    assert meeting == (schedule[expected] if expected else None)


# --------------------------------------------------------------------------- IDVA due

IDVA_DUE_CASES = [
    # Kirklees: within two days of the referral (003 4.4), calendar days.
    (rules.KIRKLEES, local(2026, 3, 2, 9), datetime.date(2026, 3, 4)),
    (rules.KIRKLEES, local(2026, 3, 6, 10), datetime.date(2026, 3, 8)),  # Friday -> Sunday
    (rules.KIRKLEES, local(2026, 6, 5, 23, 30), datetime.date(2026, 6, 7)),  # late, in BST
    # An area that chose working days.
    (WORKING_DAYS, local(2026, 3, 2, 9), datetime.date(2026, 3, 4)),  # Monday -> Wednesday
    (WORKING_DAYS, local(2026, 3, 5, 16), datetime.date(2026, 3, 9)),  # Thursday -> Monday
    (WORKING_DAYS, local(2026, 3, 7, 10), datetime.date(2026, 3, 10)),  # Saturday -> Tuesday
    # Kent and Medway and Bristol promise no time.
    (rules.KENT_MEDWAY, local(2026, 3, 2, 9), None),
    (rules.BRISTOL, local(2026, 3, 2, 9), None),
]


@pytest.mark.parametrize(("rule_set", "received", "due"), IDVA_DUE_CASES)
def test_idva_referral_due_follows_the_areas_promise(rule_set, received, due):
    assert idva_referral_due(received, rule_set) == due


@pytest.mark.django_db
def test_a_kirklees_referral_received_on_friday_is_due_at_the_idva_service_on_sunday():
    referral = submit_referral(received_at=local(2026, 3, 6, 15, 45))
    assert referral.idva_referral_due == datetime.date(2026, 3, 8)


@pytest.mark.django_db
def test_a_referral_in_an_area_with_no_idva_promise_has_no_due_date():
    referral = submit_referral(received_at=local(2026, 3, 6, 15, 45),
                               rule_set=rules.KENT_MEDWAY)
    assert referral.idva_referral_due is None


OVERDUE_CASES = [
    # (status, sent, today, overdue?)
    (Referral.Status.SUBMITTED, None, datetime.date(2026, 3, 10), False),  # due today
    (Referral.Status.SUBMITTED, None, datetime.date(2026, 3, 11), True),
    (Referral.Status.ACCEPTED_MARAC, None, datetime.date(2026, 3, 11), True),
    (Referral.Status.SUBMITTED, local(2026, 3, 9, 9), datetime.date(2026, 3, 11), False),
    (Referral.Status.RETURNED, None, datetime.date(2026, 3, 11), False),
    (Referral.Status.SUSPECTED_SPAM, None, datetime.date(2026, 3, 11), False),
]


@pytest.mark.parametrize(("status", "sent", "today", "overdue"), OVERDUE_CASES)
def test_idva_referral_overdue(status, sent, today, overdue):
    referral = Referral(status=status, idva_referred_at=sent,
                        idva_referral_due=datetime.date(2026, 3, 10))
    assert review.idva_referral_overdue(referral=referral, today=today) is overdue


# --------------------------------------------------------------------------- repeat and links

def heard_at_marac(referral: Referral, day: datetime.date,
                   kind: str = MaracMeeting.Kind.FULL) -> Referral:
    """The referral was heard at a meeting on `day` (a full MARAC unless `kind` says)."""
    meeting = MaracMeeting.objects.create(
        kind=kind, starts_at=local(day.year, day.month, day.day, 10),
        referral_deadline=local(day.year, day.month, day.day, 9) - datetime.timedelta(days=7))
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.HEARD, meeting=meeting)
    Hearing.objects.create(referral=referral, meeting=meeting, heard_on=day, meeting_kind=kind,
                           outcome=Hearing.Outcome.ACTIONS_AGREED)
    referral.refresh_from_db()
    return referral


@pytest.mark.django_db
class TestRepeatAndLinkDetection:
    def test_the_same_person_within_the_window_is_a_repeat_linked_both_ways(self):
        first = heard_at_marac(submit_referral(received_at=local(2025, 9, 1, 10)),
                               datetime.date(2025, 9, 10))
        second = submit_referral(received_at=local(2026, 3, 2, 10),
                                 first_name="  rosalind ", last_name="ACHTERBERG")
        assert second.is_repeat and not second.is_linked
        assert ReferralLink.objects.filter(referral=second, linked=first,
                                           kind=ReferralLink.Kind.REPEAT).exists()
        assert ReferralLink.objects.filter(referral=first, linked=second,
                                           kind=ReferralLink.Kind.REPEAT).exists()

    @pytest.mark.parametrize(("earlier", "repeat"), [
        (local(2025, 3, 2, 0, 0), True),  # the first day of the 12-month window
        (local(2025, 3, 1, 23, 59), False),  # the day before it
        (local(2024, 12, 1, 10), False),
    ])
    def test_the_repeat_window_edges(self, earlier, repeat):
        # Kirklees counts 12 months from the previous referral (heard at MARAC).
        heard_at_marac(submit_referral(received_at=earlier), datetime.date(2025, 3, 9))
        later = submit_referral(received_at=local(2026, 3, 2, 10, 30))
        assert later.is_repeat is repeat

    def test_the_window_follows_the_area_setting(self):
        heard_at_marac(submit_referral(received_at=local(2025, 9, 1, 10)),
                       datetime.date(2025, 9, 10))
        later = submit_referral(received_at=local(2026, 3, 2, 10),
                                rule_set=rules.KIRKLEES.changed(repeat_window_months=3))
        assert not later.is_repeat

    def test_a_different_date_of_birth_is_a_different_person(self):
        submit_referral(received_at=local(2025, 9, 1, 10))
        later = submit_referral(received_at=local(2026, 3, 2, 10), date_of_birth="1988-04-18",
                                harmer_name="Someone Else Entirely")
        assert not later.is_repeat and not later.is_linked
        assert not later.links.exists()

    def test_a_previous_victim_with_a_different_person_causing_harm_is_linked(self):
        first = submit_referral(received_at=local(2023, 1, 10, 10))
        second = submit_referral(received_at=local(2026, 3, 2, 10),
                                 harmer_name="Gareth Penhaligon")
        first.refresh_from_db()
        assert second.is_linked and not second.is_repeat
        assert first.is_linked
        assert ReferralLink.objects.filter(referral=second, linked=first,
                                           kind=ReferralLink.Kind.SAME_VICTIM).exists()

    def test_a_person_causing_harm_already_linked_to_another_victim_is_linked(self):
        first = submit_referral(received_at=local(2025, 11, 3, 10))
        second = submit_referral(received_at=local(2026, 3, 2, 10), first_name="Marguerite",
                                 last_name="Olufemi", date_of_birth="1991-07-30",
                                 harmer_name="dominic faulkner reyes")
        first.refresh_from_db()
        assert second.is_linked and not second.is_repeat and first.is_linked
        assert ReferralLink.objects.filter(referral=first, linked=second,
                                           kind=ReferralLink.Kind.SAME_HARMER).exists()

    def test_suspected_spam_is_never_matched(self):
        submit_referral(received_at=local(2025, 9, 1, 10), spam_reason="honeypot")
        later = submit_referral(received_at=local(2026, 3, 2, 10))
        assert not later.is_repeat and not later.links.exists()


# --------------------------------------------------------------------------- actions

@pytest.fixture
def coordinator(db):
    return get_user_model().objects.create_user("coord", "coord@example.org", "pw")


@pytest.fixture
def referral(db):
    return submit_referral(received_at=local(2026, 3, 2, 10, 30))


def log_entries(referral, verb):
    return ModelLogEntry.objects.filter(object_id=str(referral.pk),
                                        action=review.log_action_name(verb))


NOW = local(2026, 3, 3, 9)


@pytest.mark.django_db
class TestActions:
    def test_accept_for_marac_with_its_meeting(self, referral, coordinator, schedule):
        review.referral_accept(referral=referral, forum=rules.Forum.MARAC, user=coordinator,
                               meeting=schedule["march"], now=NOW)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.ACCEPTED_MARAC
        assert referral.meeting == schedule["march"]
        change = referral.status_history.last()
        assert (change.status, change.changed_by, change.changed_at) == (
            Referral.Status.ACCEPTED_MARAC, coordinator, NOW)
        entry = log_entries(referral, "accept").get()
        assert entry.user == coordinator
        assert entry.data == {"reference": referral.reference, "forum": "marac",
                              "meeting_id": schedule["march"].pk}

    def test_accept_for_pre_marac_then_change_to_marac(self, referral, coordinator):
        review.referral_accept(referral=referral, forum=rules.Forum.PRE_MARAC, user=coordinator,
                               now=NOW)
        review.referral_accept(referral=referral, forum=rules.Forum.MARAC, user=coordinator,
                               now=NOW)
        assert [c.status for c in referral.status_history.all()] == [
            Referral.Status.SUBMITTED, Referral.Status.ACCEPTED_PRE_MARAC,
            Referral.Status.ACCEPTED_MARAC]
        assert log_entries(referral, "accept").count() == 2

    @pytest.mark.parametrize("key", ["cancelled"])
    def test_a_cancelled_meeting_is_refused(self, referral, coordinator, schedule, key):
        with pytest.raises(review.ReviewError) as error:
            review.referral_accept(referral=referral, forum="marac", user=coordinator,
                                   meeting=schedule[key], now=NOW)
        assert error.value.field == "meeting"
        referral.refresh_from_db()
        assert referral.status == Referral.Status.SUBMITTED
        assert not log_entries(referral, "accept").exists()

    def test_a_meeting_that_has_started_is_refused(self, referral, coordinator, schedule):
        review.referral_accept(referral=referral, forum="marac", user=coordinator, now=NOW)
        with pytest.raises(review.ReviewError):
            review.referral_assign_meeting(referral=referral, meeting=schedule["march"],
                                           user=coordinator, now=local(2026, 3, 12, 10))

    def test_assigning_a_later_meeting_is_allowed_and_logged(self, referral, coordinator,
                                                             schedule):
        review.referral_accept(referral=referral, forum="marac", user=coordinator,
                               meeting=schedule["march"], now=NOW)
        review.referral_assign_meeting(referral=referral, meeting=schedule["april"],
                                       user=coordinator, now=NOW)
        referral.refresh_from_db()
        assert referral.meeting == schedule["april"]
        entry = log_entries(referral, "assign_meeting").get()
        assert entry.data["previous_meeting_id"] == schedule["march"].pk

    def test_a_meeting_needs_an_accepted_referral(self, referral, coordinator, schedule):
        with pytest.raises(review.ReviewError):
            review.referral_assign_meeting(referral=referral, meeting=schedule["april"],
                                           user=coordinator, now=NOW)

    def test_return_emails_the_reference_and_reason_only(
            self, referral, coordinator, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            review.referral_return(
                referral=referral, reason=Referral.ReturnReason.INCOMPLETE, user=coordinator,
                message="Please add the most recent incident and the police reference.",
                now=NOW)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.RETURNED
        assert referral.return_reason == Referral.ReturnReason.INCOMPLETE
        assert len(mail.outbox) == 1
        email = mail.outbox[0]
        assert email.to == ["priya.oyelaran@calderbrook.example.org"]
        text = email.subject + email.body
        assert referral.reference in email.subject and referral.reference in email.body
        assert "The referral is incomplete" in email.body
        assert "Please add the most recent incident" in email.body
        for personal in ("Rosalind", "Achterberg", "1988", "17/04", "Larchmont", "HD1",
                         "07700", "Dominic", "Faulkner", "Elodie", "Hillside", "Priya",
                         "Strangled", "kill"):
            assert personal.lower() not in text.lower(), personal
        entry = log_entries(referral, "return").get()
        assert entry.user == coordinator and entry.data["reason"] == "incomplete"
        assert referral.status_history.last().note.startswith("Please add")

    def test_the_return_email_task_carries_only_an_id(self, referral, coordinator,
                                                        django_capture_on_commit_callbacks,
                                                        monkeypatch):
        # Task arguments are stored in plain text by the database backend.
        enqueued = []

        class RecordingTask:
            def enqueue(self, *args, **kwargs):
                enqueued.append((args, kwargs))

        monkeypatch.setattr(review, "send_return_email", RecordingTask())
        with django_capture_on_commit_callbacks(execute=True):
            review.referral_return(referral=referral, reason=Referral.ReturnReason.INCOMPLETE,
                                   user=coordinator, message="Please add the last incident.",
                                   now=NOW)
        [(args, kwargs)] = enqueued
        assert kwargs == {} and len(args) == 1 and isinstance(args[0], int)
        assert StatusChange.objects.get(pk=args[0]).note == "Please add the last incident."

    @pytest.mark.parametrize("message", [
        "Rosalind's address is missing.",
        "Check the details for rosalind achterberg.",
        "Date of birth 17/04/1988 looks wrong.",
        "Mr Faulkner-Reyes is named twice.",
        "Born 17 April 1988?",
    ])
    def test_a_message_with_personal_details_is_refused(self, referral, coordinator, message):
        with pytest.raises(review.ReviewError) as error:
            review.referral_return(referral=referral, reason="poor_quality", message=message,
                                   user=coordinator, now=NOW)
        assert error.value.field == "message"
        referral.refresh_from_db()
        assert referral.status == Referral.Status.SUBMITTED
        assert not mail.outbox

    def test_an_ordinary_word_that_is_also_a_name_is_allowed_in_lower_case(self, coordinator):
        referral = submit_referral(last_name="May", harmer_name=None)
        review.referral_return(referral=referral, reason="incomplete", user=coordinator,
                               message="You may send a new referral when it is complete.")
        assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RETURNED

    def test_record_the_idva_referral(self, referral, coordinator):
        review.referral_record_idva_referral(referral=referral, user=coordinator,
                                             referred_at=local(2026, 3, 5, 9),
                                             now=local(2026, 3, 6, 9))
        referral.refresh_from_db()
        assert referral.idva_referred_at == local(2026, 3, 5, 9)
        entry = log_entries(referral, "idva_referral").get()
        assert entry.data["late"] is True  # due 4 March
        with pytest.raises(review.ReviewError):
            review.referral_record_idva_referral(referral=referral, user=coordinator)
        assert review.available_actions(referral).count("idva_referral") == 0

    @pytest.mark.parametrize("referred_at", [local(2026, 3, 1, 9), local(2026, 3, 4, 9)])
    def test_the_idva_referral_date_must_be_between_receipt_and_now(
            self, referral, coordinator, referred_at):
        with pytest.raises(review.ReviewError):
            review.referral_record_idva_referral(referral=referral, user=coordinator,
                                                 referred_at=referred_at, now=NOW)

    def test_close_and_withdraw(self, referral, coordinator):
        with pytest.raises(review.ReviewError):
            review.referral_close(referral=referral, reason="other", user=coordinator)
        review.referral_close(referral=referral, reason="referrer_withdrew", withdrawn=True,
                              user=coordinator, note="Agency confirmed by phone.", now=NOW)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.WITHDRAWN
        assert referral.closure_reason == "referrer_withdrew"
        assert log_entries(referral, "close").get().data["status"] == "withdrawn"
        assert review.available_actions(referral) == []
        with pytest.raises(review.ReviewError):
            review.referral_accept(referral=referral, forum="marac", user=coordinator)

    def test_release_from_spam_flags_repeats(self, coordinator):
        heard_at_marac(submit_referral(received_at=local(2026, 1, 5, 10)),
                       datetime.date(2026, 1, 15))
        spam = submit_referral(received_at=local(2026, 3, 2, 10), spam_reason="rate_limit")
        assert spam.status == Referral.Status.SUSPECTED_SPAM and not spam.is_repeat
        assert review.available_actions(spam) == ["release"]
        review.referral_release_from_spam(referral=spam, user=coordinator,
                                          rule_set=rules.KIRKLEES, now=NOW)
        spam.refresh_from_db()
        assert spam.status == Referral.Status.SUBMITTED and spam.is_repeat
        assert log_entries(spam, "release").get().user == coordinator

    def test_empty_spam_deletes_only_spam_and_logs_each(self, referral, coordinator):
        spam = [submit_referral(spam_reason="honeypot") for _ in range(2)]
        assert review.spam_empty(user=coordinator) == 2
        assert list(Referral.objects.all()) == [referral]
        assert ModelLogEntry.objects.filter(
            action="marac.referral.spam_delete",
            object_id__in=[str(s.pk) for s in spam]).count() == 2
        assert not StatusChange.objects.filter(referral_id__in=[s.pk for s in spam]).exists()

    def test_viewing_is_logged_without_personal_data(self, referral, coordinator):
        review.referral_record_view(referral=referral, user=coordinator)
        entry = log_entries(referral, "view").get()
        assert entry.user == coordinator
        assert PERSON_AT_RISK["last_name"] not in str(entry.data) + entry.label


AVAILABLE_CASES = [
    (Referral.Status.SUBMITTED, None, ["accept", "idva_referral", "return", "close"]),
    (Referral.Status.ACCEPTED_MARAC, None,
     ["accept", "assign_meeting", "idva_referral", "return", "close"]),
    (Referral.Status.ACCEPTED_PRE_MARAC, local(2026, 3, 3, 9),
     ["accept", "assign_meeting", "return", "close"]),
    (Referral.Status.RETURNED, None, ["close"]),
    (Referral.Status.CLOSED, None, []),
    (Referral.Status.SUSPECTED_SPAM, None, ["release"]),
]


@pytest.mark.parametrize(("status", "sent", "expected"), AVAILABLE_CASES)
def test_available_actions(status, sent, expected):
    assert review.available_actions(Referral(status=status, idva_referred_at=sent)) == expected


def test_every_review_action_has_a_readable_label_in_the_audit_log():
    for verb, (label, _message) in review.LOG_ACTIONS.items():
        assert log_registry.get_action_label(review.log_action_name(verb)) == label
