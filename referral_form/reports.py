"""What the coordinators' reports show: the meeting agenda, the twelve-month flag review and the
dashboard figures. Plain selectors and functions; the admin views in `report_views` only call
these and render the result.

Personal details are decrypted here only to build what a coordinator has asked to see; callers
must check the `referral_form.review_referral` permission first and write the audit log entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from guidance.models import MaracMeeting
from referral_form import rules, selectors
from referral_form.area_rules import referral_rule_set
from referral_form.models import (
    AgreedAction,
    ChildDependant,
    Hearing,
    PersonCausingHarm,
    Referral,
)
from referral_form.presentation import risk_level_label

# Agencies keep a flag for twelve months after a case is heard (003 2.5 and 5.6); an area's rule
# set may say otherwise (`flag_months`), and where its documents say nothing this is used.
FLAG_REVIEW_MONTHS = 12


def flag_months(rule_set: rules.RuleSet) -> int:
    """How many months after a hearing the area's flags can end."""
    return rule_set.flag_months or FLAG_REVIEW_MONTHS

# A case is 'on the agenda' once it has been accepted for a forum and assigned to the meeting.
AGENDA_STATUSES = (Referral.Status.ACCEPTED_MARAC, Referral.Status.ACCEPTED_PRE_MARAC)
# Forum order on the agenda: full MARAC cases first, then pre-MARAC cases (leaflet 004: agencies
# receive a MARAC list and a pre-MARAC list). Within each list, oldest referral first, so the
# cases that have waited longest are heard first (protocol 5.1 and 9.30).
FORUM_ORDER = {Referral.Status.ACCEPTED_MARAC: 0, Referral.Status.ACCEPTED_PRE_MARAC: 1}
# Cases that still need the IDVA referral recorded (not returned, closed, withdrawn or spam).
IDVA_OPEN_STATUSES = (Referral.Status.SUBMITTED, *AGENDA_STATUSES)

NOT_KNOWN = "Not known"
NOT_GIVEN = "Not given"
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------- the agenda

def _with_people(referrals: QuerySet) -> QuerySet:
    """Prefetch the people on each referral so a whole agenda costs a fixed number of queries."""
    return referrals.prefetch_related(
        Prefetch("people_causing_harm", queryset=PersonCausingHarm.objects.order_by("position")),
        Prefetch("children", queryset=ChildDependant.objects.order_by("position")),
    )


def on_agenda_or_heard(meeting: MaracMeeting) -> Q:
    """The meeting's cases: accepted and waiting to be heard there, or heard there (whatever
    happened to them since: closing or referring on never takes a case off a past agenda)."""
    return (Q(meeting=meeting, status__in=AGENDA_STATUSES)
            | Q(pk__in=Hearing.objects.filter(meeting=meeting).values("referral_id")))


def meeting_agenda(meeting: MaracMeeting) -> list[Referral]:
    """The meeting's cases in agenda order: full MARAC cases, then pre-MARAC cases; within each,
    the earliest received first (reference breaks a tie so the order never varies)."""
    referrals = _with_people(
        Referral.objects.filter(on_agenda_or_heard(meeting)).select_related("meeting")
        .order_by("received_at", "reference")
    )
    return sorted(referrals, key=lambda r: FORUM_ORDER.get(r.status, 0))


def awaiting_decision(meeting: MaracMeeting) -> list[Referral]:
    """Referrals assigned to the meeting but not yet accepted: not on the agenda until they are."""
    return list(meeting.referrals.filter(status=Referral.Status.SUBMITTED)
                .order_by("received_at", "reference"))


def _parse_iso(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def format_dob(details: dict) -> str:
    day = _parse_iso(details.get("date_of_birth"))
    if day:
        return day.strftime("%d/%m/%Y")
    return NOT_KNOWN if details.get("date_of_birth_not_known") else NOT_GIVEN


def person_at_risk_name(referral: Referral) -> str:
    person = referral.person_at_risk or {}
    name = " ".join(part for part in (person.get("first_name", ""),
                                      person.get("last_name", "")) if part).strip()
    return name or NOT_GIVEN


def person_at_risk_address(referral: Referral) -> str:
    person = referral.person_at_risk or {}
    if person.get("address"):
        return " ".join(str(person["address"]).split())  # one line in a cell or table
    return NOT_KNOWN if person.get("address_not_known") else NOT_GIVEN


def harmer_summary(person: PersonCausingHarm) -> str:
    details = person.details or {}
    name = NOT_KNOWN if details.get("name_not_known") or not details.get("name") \
        else str(details["name"]).strip()
    dob = _parse_iso(details.get("date_of_birth"))
    return f"{name} (born {dob:%d/%m/%Y})" if dob else f"{name} (date of birth not given)"


def people_causing_harm_summary(referral: Referral) -> str:
    return "; ".join(harmer_summary(p) for p in referral.people_causing_harm.all()) or NOT_GIVEN


def children_count(referral: Referral) -> int:
    return len(referral.children.all())


def criteria_labels(referral: Referral) -> list[str]:
    rule_set = referral_rule_set(referral)
    return [rule_set.route_label(code) for code in referral.criteria_met]


def forum_label(referral: Referral) -> str:
    if referral.status in AGENDA_STATUSES:
        return "Pre-MARAC" if referral.status == Referral.Status.ACCEPTED_PRE_MARAC else "MARAC"
    # Heard: the kind of meeting it is on.
    meeting = referral.meeting
    return "Pre-MARAC" if meeting is not None and meeting.kind == MaracMeeting.Kind.PRE \
        else "MARAC"


@dataclass(frozen=True)
class AgendaItem:
    """One case on the agenda, decrypted for the coordinator's screen and the CSV export."""

    number: int
    referral: Referral
    forum: str
    person_name: str
    date_of_birth: str
    address: str
    people_causing_harm: str
    children: int
    criteria: list[str]
    score: int
    risk_level: str = ""

    @property
    def received(self) -> datetime.datetime:
        return timezone.localtime(self.referral.received_at)


def agenda_items(meeting: MaracMeeting) -> list[AgendaItem]:
    return [
        AgendaItem(
            number=number,
            referral=referral,
            forum=forum_label(referral),
            person_name=person_at_risk_name(referral),
            date_of_birth=format_dob(referral.person_at_risk or {}),
            address=person_at_risk_address(referral),
            people_causing_harm=people_causing_harm_summary(referral),
            children=children_count(referral),
            criteria=criteria_labels(referral),
            score=referral.yes_count,
            risk_level=risk_level_label(referral.risk_level, blank=NOT_GIVEN),
        )
        for number, referral in enumerate(meeting_agenda(meeting), start=1)
    ]


AGENDA_CSV_HEADER = [
    "Item",
    "Forum",
    "Reference",
    "Received",
    "Person at risk",
    "Date of birth",
    "Address",
    "People causing harm",
    "Children and dependants",
    "Criteria met",
    "DASH score",
    "Referring agency",
    "Repeat",
    "Linked",
    "Closed MARAC requested",
    "Practitioner's level of risk",  # added last, so the columns before it keep their place
]


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def agenda_csv_rows(meeting: MaracMeeting) -> list[list[str]]:
    """The header row, then one row per agenda case: what agencies need to research each case
    (protocol 5.3). Every cell is made safe to open in a spreadsheet."""
    rows = [list(AGENDA_CSV_HEADER)]
    for item in agenda_items(meeting):
        referral = item.referral
        rows.append([safe_cell(value) for value in (
            item.number,
            item.forum,
            referral.reference,
            f"{item.received:%d/%m/%Y %H:%M}",
            item.person_name,
            item.date_of_birth,
            item.address,
            item.people_causing_harm,
            item.children,
            "; ".join(item.criteria),
            f"{item.score} of {rules.get_checklist(referral.checklist_version).question_count}",
            referral.referrer_agency or NOT_GIVEN,
            _yes_no(referral.is_repeat),
            _yes_no(referral.is_linked),
            _yes_no(referral.closed_marac_requested),
            item.risk_level,
        )])
    return rows


def agenda_csv_filename(meeting: MaracMeeting) -> str:
    """A file name that says which meeting, and nothing about anyone on it."""
    day = timezone.localtime(meeting.starts_at).date()
    kind = "pre-marac" if meeting.kind == MaracMeeting.Kind.PRE else "marac"
    return f"agenda-{kind}-{day:%Y-%m-%d}.csv"


def previous_meeting(meeting: MaracMeeting) -> MaracMeeting | None:
    return (MaracMeeting.objects.filter(kind=meeting.kind, cancelled=False,
                                        starts_at__lt=meeting.starts_at)
            .order_by("-starts_at").first())


# --------------------------------------------------------------------------- flag review

def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class FlagReviewRow:
    referral: Referral
    person_name: str
    date_of_birth: str
    last_discussed: datetime.date
    flag_can_end: datetime.date


def flags_for_review_queryset(today: datetime.date, months: int = FLAG_REVIEW_MONTHS, *,
                              since: datetime.date | None = None) -> QuerySet:
    """Cases whose flags agencies can now remove (protocol 2.5, 5.5, 5.6 and 9.33).

    Counted from the day a case was HEARD (its Hearing), never from when it was closed: closing
    a heard case keeps it here. A person qualifies when they were last heard at a meeting at
    least `months` months ago (a meeting exactly `months` months before `today` counts) and
    nothing has happened for them since the cutoff: no referral for the same person (matched by
    the keyed hash of name and date of birth) received, and no hearing, within the last
    `months` months. One row per person: the most recently heard referral, annotated with
    `last_heard`. A referral with no look-up hash (no name given) stands alone.

    `since` keeps only cases whose `months` months ran out after that date, for the agenda's
    list of flags that have ended since the previous meeting.
    """
    cutoff = rules.months_before(today, months)
    boundary_day = cutoff + datetime.timedelta(days=1)
    boundary = _start_of_day(boundary_day)
    # Everyone with a referral, or a hearing, since the cutoff: sets, not a probe per row.
    # (Sets are unordered: order_by() drops the model's default ordering from each subquery.)
    people = (Referral.objects.exclude(status=Referral.Status.SUSPECTED_SPAM)
              .exclude(person_at_risk_lookup="").order_by())
    referred_since = people.filter(received_at__gte=boundary).values("person_at_risk_lookup")
    heard_since = (Hearing.objects.filter(heard_on__gte=boundary_day)
                   .exclude(referral__person_at_risk_lookup="").order_by()
                   .values("referral__person_at_risk_lookup"))
    # Number each person's hearings, latest first; keep the first. Without a look-up hash a
    # referral is its own partition.
    lookup = F("referral__person_at_risk_lookup")
    latest_first = Window(
        RowNumber(),
        partition_by=[lookup, Case(When(referral__person_at_risk_lookup="",
                                        then=F("referral_id")), default=Value(0))],
        order_by=[F("heard_on").desc(), F("pk").desc()],
    )
    latest = (Hearing.objects.filter(heard_on__lt=boundary_day)
              .exclude(referral__person_at_risk_lookup__in=Subquery(referred_since))
              .exclude(referral__person_at_risk_lookup__in=Subquery(heard_since))
              .annotate(person_rank=latest_first)
              .filter(person_rank=1)
              .order_by()
              .values("referral_id"))
    last_heard = (Hearing.objects.filter(referral=OuterRef("pk")).order_by("-heard_on", "-pk")
                  .values("heard_on")[:1])
    queryset = (Referral.objects.filter(pk__in=Subquery(latest))
                .annotate(last_heard=Subquery(last_heard)))
    if since is not None:
        since_cutoff = rules.months_before(since, months)
        queryset = queryset.filter(last_heard__gt=since_cutoff)
    # The rows show the person's name and date of birth: the other encrypted columns stay in the
    # database.
    return (queryset.select_related("meeting")
            .defer(*(name for name in selectors.ENCRYPTED_FIELDS if name != "person_at_risk"))
            .order_by("last_heard", "reference"))


def flag_review_rows(referrals, months: int = FLAG_REVIEW_MONTHS) -> list[FlagReviewRow]:
    rows = []
    for referral in referrals:
        discussed = referral.last_heard
        rows.append(FlagReviewRow(
            referral=referral,
            person_name=person_at_risk_name(referral),
            date_of_birth=format_dob(referral.person_at_risk or {}),
            last_discussed=discussed,
            flag_can_end=rules.add_months(discussed, months),
        ))
    return rows


def flags_for_review(today: datetime.date, months: int = FLAG_REVIEW_MONTHS, *,
                     since: datetime.date | None = None) -> list[Referral]:
    return list(flags_for_review_queryset(today, months, since=since))


# --------------------------------------------------------------------------- dashboard

@dataclass(frozen=True)
class DashboardFigures:
    new_referrals: int
    unverified_new: int
    suspected_spam: int
    idva_overdue: int
    next_deadline_meeting: MaracMeeting | None
    next_meeting: MaracMeeting | None
    next_meeting_cases: int
    heard_last_year: int = 0
    actions_open: int = 0
    actions_overdue: int = 0


def overdue_actions(today: datetime.date) -> QuerySet:
    """Agreed actions not done whose due date has passed, the longest overdue first."""
    return (AgreedAction.objects.filter(done_at__isnull=True, due_on__lt=today)
            .select_related("hearing__referral", "hearing__meeting")
            .order_by("due_on", "pk"))


def idva_overdue(today: datetime.date) -> QuerySet:
    """Open referrals whose IDVA referral was due before today and is not recorded (4.4)."""
    return Referral.objects.filter(status__in=IDVA_OPEN_STATUSES, idva_referral_due__lt=today,
                                   idva_referred_at__isnull=True)


def dashboard_figures(now: datetime.datetime) -> DashboardFigures:
    today = timezone.localtime(now).date()
    new = Referral.objects.filter(status=Referral.Status.SUBMITTED)
    next_meeting = MaracMeeting.objects.upcoming(now=now).first()
    return DashboardFigures(
        new_referrals=new.count(),
        unverified_new=new.filter(verification=Referral.Verification.UNVERIFIED).count(),
        suspected_spam=Referral.objects.filter(status=Referral.Status.SUSPECTED_SPAM).count(),
        idva_overdue=idva_overdue(today).count(),
        next_deadline_meeting=MaracMeeting.objects.open_for_referrals(at=now).first(),
        next_meeting=next_meeting,
        next_meeting_cases=next_meeting.referrals.filter(status__in=AGENDA_STATUSES).count()
        if next_meeting else 0,
        # Counted from hearings: closing a case heard there never lowers these.
        heard_last_year=Hearing.objects.filter(
            heard_on__gt=rules.months_before(today, FLAG_REVIEW_MONTHS)).count(),
        actions_open=AgreedAction.objects.filter(done_at__isnull=True).count(),
        actions_overdue=overdue_actions(today).count(),
    )


__all__ = [
    "AGENDA_CSV_HEADER", "AgendaItem", "DashboardFigures", "FlagReviewRow", "agenda_csv_filename",
    "agenda_csv_rows", "agenda_items", "awaiting_decision", "dashboard_figures",
    "flag_review_rows", "flags_for_review", "flags_for_review_queryset", "idva_overdue",
    "meeting_agenda", "on_agenda_or_heard", "overdue_actions", "previous_meeting", "safe_cell",
]
