"""The coordinators' review rules: triage, scheduling, returning, the IDVA referral and closing.

Every function is keyword-only and is called by the admin views and the tests alike. Each one
that changes a referral's status writes a StatusChange, and every action is written to Wagtail's
audit log with who did it. Log data never holds personal details: references, codes and dates.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from guidance.models import MaracMeeting
from referral_form import lifecycle, rules
from referral_form.models import AgreedAction, Hearing, Referral, StatusChange
from referral_form.services import flag_repeats_and_links

Status = Referral.Status

ACTION_PREFIX = "marac.referral."
# Action codes and the labels the audit log shows for them.
LOG_ACTIONS = {
    "view": ("View referral", "Referral opened"),
    "print": ("Print referral", "Referral printed"),
    "accept": ("Accept referral", "Referral accepted"),
    "assign_meeting": ("Assign meeting", "Meeting assigned"),
    "return": ("Return referral", "Referral returned to the referrer"),
    "idva_referral": ("Record IDVA referral", "IDVA referral recorded"),
    "close": ("Close referral", "Referral closed or withdrawn"),
    "record_hearing": ("Record hearing", "Hearing recorded with its outcome and actions"),
    "action_done": ("Mark agreed action done", "Agreed action marked done"),
    "release": ("Release from suspected spam", "Referral released from suspected spam"),
    "spam_delete": ("Delete suspected spam", "Suspected spam deleted"),
    "find_person": ("Find a person", "Person search made (what was searched is not kept)"),
}

OPEN_STATUSES = lifecycle.OPEN_STATUSES
ACCEPTED_STATUSES = lifecycle.ACCEPTED_STATUSES
FORUM_STATUS = {rules.Forum.MARAC: Status.ACCEPTED_MARAC,
                rules.Forum.PRE_MARAC: Status.ACCEPTED_PRE_MARAC}
FORUM_MEETING_KIND = {rules.Forum.MARAC: MaracMeeting.Kind.FULL,
                      rules.Forum.PRE_MARAC: MaracMeeting.Kind.PRE}


class ReviewError(ValueError):
    """An action that the referral's state or the rules do not allow; the message says why.

    `field` names the form field the problem belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def log_action_name(verb: str) -> str:
    return f"{ACTION_PREFIX}{verb}"


def _log(referral: Referral, verb: str, user, **data) -> None:
    log(instance=referral, action=log_action_name(verb), user=user,
        data={"reference": referral.reference, **data})


def _change_status(referral: Referral, status: str, *, user, now: datetime.datetime,
                   note: str = "") -> StatusChange:
    referral.status = status
    return StatusChange.objects.create(referral=referral, status=status, changed_at=now,
                                       changed_by=user, note=note)


def _require(action: str, referral: Referral) -> None:
    """Refuse an action the life cycle (referral_form.lifecycle) does not allow from here."""
    refusal = lifecycle.refusal(action, referral)
    if refusal:
        raise ReviewError(refusal)


def available_actions(referral: Referral) -> list[str]:
    """The actions a coordinator can take on a referral in its current state, in button order.

    Closing and withdrawing share one form ('close')."""
    actions = []
    for action in lifecycle.actions_for(referral):
        verb = "close" if action == lifecycle.Action.WITHDRAW else str(action)
        if verb not in actions:
            actions.append(verb)
    return actions


# --------------------------------------------------------------------------- triage

@dataclass(frozen=True)
class TriageSuggestion:
    forum: rules.Forum
    reason: str


def triage_suggestion(*, referral: Referral, rule_set: rules.RuleSet) -> TriageSuggestion:
    """Which meeting the rules suggest, and why; the coordinator may choose otherwise.

    Uses the rule set the referral was judged by (its area's pre-MARAC routing then), with the
    score and routes it was stored with. A repeat found at submission counts like the repeat
    route.
    """
    met = tuple(rules.Criterion(code) for code in referral.criteria_met)
    if referral.is_repeat and rules.Criterion.REPEAT not in met:
        met += (rules.Criterion.REPEAT,)
    forum = rules.suggest_forum(referral.yes_count, met, rule_set)
    if not rule_set.premarac_enabled:
        reason = "This area does not use pre-MARAC, so every accepted case goes to MARAC."
    elif rules.Criterion.PROFESSIONAL_JUDGEMENT in met:
        reason = "Professional judgement referrals are always heard at a full MARAC."
    elif rules.Criterion.SUICIDE_SELF_HARM in met:
        reason = "A high risk of suicide or self-harm is heard at a full MARAC."
    elif rules.Criterion.VISIBLE_HIGH_RISK in met:
        band = f"{rule_set.premarac.band_low} to {rule_set.premarac.band_high}"
        if forum == rules.Forum.MARAC:
            reason = (f"{referral.yes_count} 'yes' answers is above the pre-MARAC band "
                      f"({band}).")
        else:
            reason = (f"{referral.yes_count} 'yes' answers is within the pre-MARAC band "
                      f"({band}).")
    elif forum == rules.Forum.PRE_MARAC:
        reason = (f"{rule_set.area_name} discusses escalation and repeat referrals first at "
                  "pre-MARAC.")
    elif met:
        reason = f"{rule_set.area_name} hears these routes at a full MARAC."
    else:
        reason = "No route to the threshold was recorded: check the referral first."
    return TriageSuggestion(forum=forum, reason=reason)


def default_meeting_for(*, referral: Referral, forum: str = rules.Forum.MARAC,
                        now: datetime.datetime | None = None) -> MaracMeeting | None:
    """The first meeting whose referral deadline had not passed when the referral arrived.

    A referral received exactly at a deadline makes that meeting; one received later goes to
    the following one. Meetings that have already started are skipped, and cancelled ones
    never count. None when no such meeting of the right kind is in the schedule.
    """
    now = now or timezone.now()
    kind = FORUM_MEETING_KIND[rules.Forum(forum)]
    return (MaracMeeting.objects.open_for_referrals(at=referral.received_at)
            .filter(kind=kind, starts_at__gt=now).first())


def meeting_choices(*, forum: str | None = None, now: datetime.datetime | None = None):
    """Meetings a referral can be assigned to: not cancelled and not yet started."""
    now = now or timezone.now()
    meetings = MaracMeeting.objects.filter(cancelled=False, starts_at__gt=now)
    if forum:
        meetings = meetings.filter(kind=FORUM_MEETING_KIND[rules.Forum(forum)])
    return meetings.order_by("starts_at")


def _check_meeting(meeting: MaracMeeting, now: datetime.datetime, status: str) -> None:
    if not lifecycle.meeting_kind_matches(status, meeting.kind):
        wanted = "pre-MARAC" if status == Status.ACCEPTED_PRE_MARAC else "full MARAC"
        raise ReviewError(f"This case is accepted for {wanted}: choose a {wanted} meeting.",
                          field="meeting")
    if meeting.cancelled:
        raise ReviewError("That meeting is cancelled: choose another.", field="meeting")
    if meeting.starts_at <= now:
        raise ReviewError("That meeting has already started: choose a later one.",
                          field="meeting")


# --------------------------------------------------------------------------- actions

@transaction.atomic
def referral_accept(*, referral: Referral, forum: str, user,
                    meeting: MaracMeeting | None = None,
                    now: datetime.datetime | None = None) -> Referral:
    """Accept a referral for full MARAC or pre-MARAC, optionally assigning its meeting."""
    now = now or timezone.now()
    _require("accept", referral)
    forum = rules.Forum(forum)
    status = FORUM_STATUS[forum]
    if meeting is not None:
        _check_meeting(meeting, now, status)
    if referral.status != status:
        _change_status(referral, status, user=user, now=now)
    fields = ["status", "meeting"]
    if meeting is not None:
        referral.meeting = meeting
    elif referral.meeting is not None and not lifecycle.meeting_kind_matches(
            status, referral.meeting.kind):
        # Moved to the other forum: it leaves the other kind of meeting's agenda.
        referral.meeting = None
    referral.return_reason = ""
    fields.append("return_reason")
    referral.save(update_fields=fields)
    _log(referral, "accept", user, forum=str(forum),
         meeting_id=meeting.pk if meeting else None)
    return referral


@transaction.atomic
def referral_assign_meeting(*, referral: Referral, meeting: MaracMeeting, user,
                            now: datetime.datetime | None = None) -> Referral:
    """Put an accepted referral on a meeting's agenda (any later meeting may be chosen)."""
    now = now or timezone.now()
    _require("assign_meeting", referral)
    _check_meeting(meeting, now, referral.status)
    previous = referral.meeting_id
    referral.meeting = meeting
    referral.save(update_fields=["meeting"])
    _log(referral, "assign_meeting", user, meeting_id=meeting.pk, previous_meeting_id=previous)
    return referral


PERSONAL_WORD_MIN_LENGTH = 3
# Names that are also everyday words: on their own they count only when written with a capital
# ('You may send' is fine for a Ms May); whole names, and every other name word, count in any
# case.
EVERYDAY_WORDS = frozenset("""
    may will mark rose grace hope joy faith june april august summer dawn bill frank guy jack
    sue pat rob art ray dale glen heather holly ivy lily daisy amber ruby pearl iris violet
    rich drew miles lane hunter chase brook reed wood hall green brown white black young long
    king bell cook baker carter turner walker hill moor north west east south page price rice
    park field fields stone street well wells hart sky star storm rain river bear fox
    wolf crane swift best good love sunny cherry berry penny sandy rusty dusty
""".split())
PHONE_MIN_DIGITS = 7
ADDRESS_PART_MIN_LENGTH = 6
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)


@dataclass(frozen=True)
class PersonalValues:
    """What a message about a referral must not contain, by kind, ready for matching."""

    names: tuple[str, ...] = ()       # whole names and single name words, case-folded
    addresses: tuple[str, ...] = ()   # address lines, case-folded, spaces collapsed
    postcodes: tuple[str, ...] = ()   # without spaces, upper case
    dates: tuple[str, ...] = ()       # dates of birth (and due dates) in the usual spellings
    phones: tuple[str, ...] = ()      # digits only, national form (0...)
    emails: tuple[str, ...] = ()      # case-folded


def _date_spellings(day: datetime.date) -> list[str]:
    return [day.isoformat(), f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}",
            f"{day:%d-%m-%Y}", f"{day:%d.%m.%Y}", f"{day:%d/%m/%y}", rules.format_day(day),
            f"{day.day} {day:%B %Y}", f"{day.day} {day:%b %Y}", f"{day:%B} {day.day}, {day.year}"]


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def personal_values(referral: Referral) -> PersonalValues:
    """Every personal value in a referral: names, addresses, postcodes, dates of birth, phone
    numbers and email addresses of everyone in it (the referrer included)."""
    names, addresses, postcodes, dates, phones, emails = set(), set(), set(), set(), set(), set()
    people = [referral.person_at_risk, referral.referrer,
              *(p.details for p in referral.people_causing_harm.all()),
              *(c.details for c in referral.children.all())]
    for person in people:
        full = " ".join(str(person.get(key) or "") for key in ("first_name", "last_name"))
        for key, value in [("full_name", full), *person.items()]:
            if not isinstance(value, str) or not value.strip():
                continue
            text = " ".join(value.split())
            if "name" in key and key != "name_not_known":
                names.add(text.casefold())
                names.update(word.casefold() for word in re.split(r"[\s,]+", text)
                             if len(word) >= PERSONAL_WORD_MIN_LENGTH)
            elif "address" in key or key == "postcode":
                for part in re.split(r"[,\n]+", value):
                    part = " ".join(part.split()).casefold()
                    if len(part) >= ADDRESS_PART_MIN_LENGTH:
                        addresses.add(part)
                postcodes.update((a + b).upper() for a, b in POSTCODE.findall(value))
            elif "phone" in key and key != "phone_is_safe":
                digits = _phone_digits(value)
                if len(digits) >= PHONE_MIN_DIGITS:
                    phones.add(digits)
            elif "email" in key:
                emails.add(text.casefold())
            elif key in ("date_of_birth", "due_date"):
                try:
                    day = datetime.date.fromisoformat(text)
                except ValueError:
                    continue
                dates.update(spelling.casefold() for spelling in _date_spellings(day))
    return PersonalValues(names=tuple(sorted(names)), addresses=tuple(sorted(addresses)),
                          postcodes=tuple(sorted(postcodes)), dates=tuple(sorted(dates)),
                          phones=tuple(sorted(phones)), emails=tuple(sorted(emails)))


def personal_details_in(*, referral: Referral, text: str) -> str | None:
    """The kind of personal value from the referral that `text` contains ('a name', 'an
    address', ...), or None. Everything matches in any case and spacing."""
    values = personal_values(referral)
    folded = " ".join((text or "").split()).casefold()

    def contains(value: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", folded) is not None

    if any(contains(value) for value in values.emails):
        return "an email address"
    original = " ".join((text or "").split())
    for value in values.names:
        if value in EVERYDAY_WORDS:
            capitalised = value[:1].upper() + value[1:]
            if re.search(rf"(?<!\w){re.escape(capitalised)}(?!\w)", original):
                return "a name"
        elif contains(value):
            return "a name"
    if any(contains(value) for value in values.dates):
        return "a date of birth"
    if any(contains(value) for value in values.addresses):
        return "an address"
    squeezed = re.sub(r"\s", "", folded).upper()
    if any(code in squeezed for code in values.postcodes):
        return "a postcode"
    runs = [_phone_digits(run) for run in re.findall(r"\+?\d[\d\s().-]{5,}\d", text or "")]
    if any(phone in run for phone in values.phones for run in runs):
        return "a phone number"
    return None


def mentions_personal_details(*, referral: Referral, text: str) -> bool:
    """Whether `text` contains any personal value from the referral (see personal_details_in)."""
    return personal_details_in(referral=referral, text=text) is not None


def personal_details_message(kind: str) -> str:
    return (f"The message contains {kind} from the referral: remove it. The email may only "
            "carry the reference and the reason.")


def return_email_body(*, referral: Referral, reason: str, message: str, contacts) -> str:
    """The email to the referrer: reference, reason, the coordinator's message and contacts."""
    parts = [
        f"Your MARAC referral {referral.reference} has been returned to you.",
        f"Reason: {Referral.ReturnReason(reason).label}.",
    ]
    if message:
        parts.append(f"Message from the coordinators:\n{message}")
    parts.extend([
        "Please do not reply with personal details by ordinary email. If you need to send a "
        "new or corrected referral, use the online referral form and quote the reference above.",
        f"{contacts.coordinator_team_name}\nPhone: {contacts.coordinator_phone}\n"
        f"Email: {contacts.coordinator_email}",
    ])
    return "\n\n".join(parts)


@task()
def send_return_email(status_change_id: int) -> None:
    """Email the referrer that their referral was returned. Only the reference and reason.

    The task carries only an id: task arguments are stored in plain text by the database
    backend, while the coordinator's message stays in the encrypted status-change note.
    """
    from wagtail.models import Site

    from home.models import MaracSettings

    change = StatusChange.objects.select_related("referral").get(pk=status_change_id)
    referral = change.referral
    reason, message = referral.return_reason, change.note
    address = (referral.referrer or {}).get("email")
    if not address:
        return
    site = Site.objects.filter(is_default_site=True).first()
    contacts = MaracSettings.for_site(site) if site else MaracSettings()
    send_mail(
        subject=f"MARAC referral {referral.reference} returned",
        message=return_email_body(referral=referral, reason=reason, message=message,
                                  contacts=contacts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
    )


@transaction.atomic
def referral_return(*, referral: Referral, reason: str, message: str, user,
                    now: datetime.datetime | None = None) -> Referral:
    """Return a referral to the referrer with a reason; they are emailed the reference only.

    The message must not carry a name or date of birth from the referral.
    """
    now = now or timezone.now()
    _require("return", referral)
    reason = Referral.ReturnReason(reason)
    message = (message or "").strip()
    kind = personal_details_in(referral=referral, text=message)
    if kind:
        raise ReviewError(personal_details_message(kind), field="message")
    change = _change_status(referral, Status.RETURNED, user=user, now=now, note=message)
    referral.return_reason = reason
    referral.meeting = None
    referral.save(update_fields=["status", "return_reason", "meeting"])
    _log(referral, "return", user, reason=str(reason))
    transaction.on_commit(lambda: send_return_email.enqueue(change.pk))
    return referral


def idva_referral_overdue(*, referral: Referral, today: datetime.date) -> bool:
    """Whether the referral should have gone to the IDVA service by now and has not."""
    return (referral.idva_referred_at is None and referral.idva_referral_due is not None
            and referral.status in OPEN_STATUSES and today > referral.idva_referral_due)


@transaction.atomic
def referral_record_idva_referral(*, referral: Referral, user,
                                  referred_at: datetime.datetime | None = None,
                                  now: datetime.datetime | None = None) -> Referral:
    """Record when the case was sent to the IDVA service (due two working days after receipt)."""
    now = now or timezone.now()
    referred_at = referred_at or now
    _require("idva_referral", referral)
    if referral.idva_referred_at is not None:
        raise ReviewError("The IDVA referral has already been recorded.")
    if referred_at > now:
        raise ReviewError("The IDVA referral cannot be recorded in the future.",
                          field="referred_on")
    if timezone.localtime(referred_at).date() < timezone.localtime(referral.received_at).date():
        raise ReviewError("The IDVA referral cannot be before the referral was received.",
                          field="referred_on")
    referral.idva_referred_at = referred_at
    referral.save(update_fields=["idva_referred_at"])
    late = (referral.idva_referral_due is not None
            and timezone.localtime(referred_at).date() > referral.idva_referral_due)
    _log(referral, "idva_referral", user, referred_at=referred_at.isoformat(), late=late)
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, reason: str, user, withdrawn: bool = False,
                   note: str = "", now: datetime.datetime | None = None) -> Referral:
    """Close (or withdraw) a referral with a reason; 'other' needs a note.

    Only a case heard at a meeting can be closed as discussed there. Closing keeps the meeting,
    the hearing and its actions: the meeting's record, the flag review and the counts still
    show the case.
    """
    now = now or timezone.now()
    _require("withdraw" if withdrawn else "close", referral)
    reason = Referral.ClosureReason(reason)
    if not withdrawn and not lifecycle.close_reason_allowed(reason, referral):
        raise ReviewError("Only a case heard at a meeting can be closed as heard there: "
                          "record the hearing first, or choose another reason.", field="reason")
    note = (note or "").strip()
    if reason == Referral.ClosureReason.OTHER and not note:
        raise ReviewError("Explain the reason in the note.", field="note")
    status = Status.WITHDRAWN if withdrawn else Status.CLOSED
    _change_status(referral, status, user=user, now=now, note=note)
    referral.closure_reason = reason
    referral.save(update_fields=["status", "closure_reason"])
    _log(referral, "close", user, status=str(status), reason=str(reason))
    return referral


@transaction.atomic
def referral_release_from_spam(*, referral: Referral, user, rule_set: rules.RuleSet,
                               now: datetime.datetime | None = None) -> Referral:
    """Move a referral wrongly caught as spam into the new referrals, with its flags."""
    now = now or timezone.now()
    _require("release", referral)
    _change_status(referral, Status.SUBMITTED, user=user, now=now,
                   note="Released from suspected spam")
    referral.save(update_fields=["status"])
    flag_repeats_and_links(referral=referral, rule_set=rule_set)
    _log(referral, "release", user)
    return referral


@transaction.atomic
def spam_empty(*, user, received_before: datetime.datetime | None = None) -> int:
    """Delete every referral in suspected spam (optionally only older ones); returns how many."""
    spam = Referral.objects.filter(status=Status.SUSPECTED_SPAM)
    if received_before is not None:
        spam = spam.filter(received_at__lt=received_before)
    doomed = list(spam.only("pk", "reference"))
    for referral in doomed:
        _log(referral, "spam_delete", user)
    Referral.objects.filter(pk__in=[r.pk for r in doomed]).delete()
    return len(doomed)


@dataclass(frozen=True)
class ActionAgreed:
    """One row of the hearing form: which agency does what, by when."""

    agency: str
    action: str
    due_on: datetime.date


@transaction.atomic
def referral_record_hearing(*, referral: Referral, outcome: str, user,
                            risks_noted: str = "", actions: list[ActionAgreed] = (),
                            now: datetime.datetime | None = None) -> Hearing:
    """Record that the case was heard at its meeting, with the outcome and the actions agreed.

    Only a case on a meeting's agenda, once the meeting has started. 'Actions agreed' needs at
    least one action; an action is due on or after the meeting day. A pre-MARAC case referred on
    to full MARAC is accepted for MARAC again, without a meeting: its pre-MARAC hearing stays.
    """
    now = now or timezone.now()
    _require("record_hearing", referral)
    meeting = referral.meeting
    if meeting.cancelled:
        raise ReviewError("That meeting was cancelled: put the case on another meeting's "
                          "agenda.")
    if meeting.starts_at > now:
        raise ReviewError("The meeting has not happened yet: record the hearing on or after "
                          "the meeting day.")
    if not lifecycle.hearing_outcome_allowed(outcome, referral):
        raise ReviewError("Only a pre-MARAC meeting can refer a case on to a full MARAC.",
                          field="outcome")
    outcome = Hearing.Outcome(outcome)
    actions = list(actions)
    heard_on = timezone.localtime(meeting.starts_at).date()
    if outcome == Hearing.Outcome.ACTIONS_AGREED and not actions:
        raise ReviewError("Add at least one agreed action, or choose another outcome.",
                          field="actions")
    for agreed in actions:
        if agreed.due_on < heard_on:
            raise ReviewError("An action cannot be due before the meeting.", field="actions")
    hearing = Hearing.objects.create(
        referral=referral, meeting=meeting, heard_on=heard_on, meeting_kind=meeting.kind,
        outcome=outcome, risks_noted=(risks_noted or "").strip(), recorded_at=now,
        recorded_by=user)
    AgreedAction.objects.bulk_create([
        AgreedAction(hearing=hearing, position=i, agency=agreed.agency.strip()[:200],
                     action=agreed.action.strip(), due_on=agreed.due_on)
        for i, agreed in enumerate(actions)
    ])
    status = lifecycle.HEARING_RESULT[outcome]
    _change_status(referral, status, user=user, now=now,
                   note=f"{outcome.label} at {meeting}")
    fields = ["status"]
    if status != Status.HEARD:  # referred on: it waits for a full MARAC meeting
        referral.meeting = None
        fields.append("meeting")
    referral.save(update_fields=fields)
    _log(referral, "record_hearing", user, meeting_id=meeting.pk, outcome=str(outcome),
         actions=len(actions))
    return hearing


@transaction.atomic
def agreed_action_mark_done(*, action: AgreedAction, user,
                            now: datetime.datetime | None = None) -> AgreedAction:
    """Mark an agreed action done (once); written to the case's audit log."""
    now = now or timezone.now()
    if action.done_at is not None:
        raise ReviewError("That action is already marked done.")
    action.done_at = now
    action.done_by = user
    action.save(update_fields=["done_at", "done_by"])
    referral = action.hearing.referral
    _log(referral, "action_done", user, action_id=action.pk, agency=action.agency,
         meeting_id=action.hearing.meeting_id)
    return action


def referral_record_view(*, referral: Referral, user, printed: bool = False) -> None:
    """Write the opening (or printing) of a referral to the audit log."""
    _log(referral, "print" if printed else "view", user)


def person_search_log(*, user, results: list[Referral]) -> None:
    """Record that `user` searched for a person, and which referrals it showed: never the name
    or date of birth searched for. Logged against the user, as there may be no referral."""
    log(instance=user, action=log_action_name("find_person"), user=user,
        data={"results": len(results), "references": [r.reference for r in results]})
