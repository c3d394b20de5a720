"""The report selectors: agenda order and contents, the CSV rows, the circulation date, the
twelve-month flag review and the dashboard figures. Every date is fixed; nothing reads the clock."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from guidance.models import MaracMeeting
from referral_form import reports, rules
from referral_form.models import Hearing, Referral
from referral_form.services import ReferralSubmission, referral_submit

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.date(2026, 3, 10)  # a Tuesday


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def answers(yes_count: int) -> dict:
    checklist = rules.get_checklist(rules.DEFAULT_CHECKLIST_VERSION)
    trigger = checklist.stalking_trigger.id
    ids = [q.id for q in checklist.questions if q.id != trigger]
    result = {qid: "no" for qid in [*ids, trigger]}
    result.update({qid: "yes" for qid in ids[:yes_count]})
    return result


def make_referral(*, received: datetime.datetime, first_name="Alex", last_name="Example",
                  dob="1985-03-27", status=Referral.Status.SUBMITTED, meeting=None,
                  people=None, children=None, yes_count=14, agency="Northfield Housing",
                  address="1 Test Street, Testtown", closed_marac=False, risk_level="",
                  **fields) -> Referral:
    """A referral stored through the real submit service, then moved on as a coordinator would."""
    person = {"first_name": first_name, "last_name": last_name, "address": address,
              "phone_is_safe": "yes", "aware_of_referral": "yes", "consent_given": "yes"}
    if dob:
        person["date_of_birth"] = dob
    else:
        person["date_of_birth_not_known"] = True
    submission = ReferralSubmission(
        token=uuid.uuid4(),
        checklist_version=rules.DEFAULT_CHECKLIST_VERSION,
        checklist_answers=answers(yes_count),
        stalking_answers={},
        evidence=rules.Evidence(today=received.date()),
        referrer={"name": "Sam Referrer", "agency": agency, "role": "Support worker",
                  "email": "sam@example.gov.uk", "phone": "01632 960 001", "can_attend": "yes"},
        person_at_risk=person,
        people_causing_harm=people if people is not None
        else [{"name": "Jordan Example", "date_of_birth": "1980-11-02",
               "relationship": "ex_partner"}],
        has_children="yes" if children else "no",
        children=children or [],
        closed_marac_requested=closed_marac,
        closed_marac_reasons="Works for the police." if closed_marac else "",
        risk_level=risk_level,
    )
    referral, created = referral_submit(submission=submission, rule_set=rules.KIRKLEES,
                                        verified=True, now=received)
    assert created
    Referral.objects.filter(pk=referral.pk).update(status=status, meeting=meeting, **fields)
    referral.refresh_from_db()
    return referral


def make_meeting(day: datetime.date, kind=MaracMeeting.Kind.FULL, **fields) -> MaracMeeting:
    return MaracMeeting.objects.create(
        kind=kind, starts_at=at(day), referral_deadline=at(day - datetime.timedelta(days=8), 12),
        **fields)


ACCEPTED = Referral.Status.ACCEPTED_MARAC
PRE = Referral.Status.ACCEPTED_PRE_MARAC
HEARD = Referral.Status.HEARD


# --------------------------------------------------------------------------- agenda


@pytest.mark.django_db
def test_agenda_lists_full_marac_cases_oldest_first_then_pre_marac():
    meeting = make_meeting(datetime.date(2026, 3, 17))
    other = make_meeting(datetime.date(2026, 4, 14))
    pre_first = make_referral(received=at(datetime.date(2026, 3, 1)), status=PRE, meeting=meeting,
                              first_name="Pat")
    marac_late = make_referral(received=at(datetime.date(2026, 3, 4)), status=ACCEPTED,
                               meeting=meeting, first_name="Lee")
    marac_early = make_referral(received=at(datetime.date(2026, 3, 2)), status=ACCEPTED,
                                meeting=meeting, first_name="Kim")
    waiting = make_referral(received=at(datetime.date(2026, 3, 3)), meeting=meeting,
                            first_name="Ash")
    make_referral(received=at(datetime.date(2026, 3, 3)), status=Referral.Status.RETURNED,
                  meeting=meeting, first_name="Bo")
    make_referral(received=at(datetime.date(2026, 3, 1)), status=ACCEPTED, meeting=other,
                  first_name="Cy")

    assert reports.meeting_agenda(meeting) == [marac_early, marac_late, pre_first]
    assert reports.awaiting_decision(meeting) == [waiting]
    items = reports.agenda_items(meeting)
    assert [(i.number, i.forum, i.person_name) for i in items] == [
        (1, "MARAC", "Kim Example"), (2, "MARAC", "Lee Example"), (3, "Pre-MARAC", "Pat Example")]


@pytest.mark.django_db
def test_agenda_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    meeting = make_meeting(datetime.date(2026, 3, 17))
    for day in range(1, 6):
        make_referral(received=at(datetime.date(2026, 3, day)), status=ACCEPTED, meeting=meeting,
                      first_name=f"Person{day}",
                      children=[{"name": "Casey Example", "relationship_to_person_at_risk":
                                 "child"}])
    with django_assert_max_num_queries(3):
        rows = reports.agenda_csv_rows(meeting)
    assert len(rows) == 6


@pytest.mark.django_db
def test_agenda_csv_header_and_every_cell():
    meeting = make_meeting(datetime.date(2026, 3, 17))
    make_referral(
        received=at(datetime.date(2026, 3, 2), 9, 15), status=ACCEPTED, meeting=meeting,
        first_name="Alex", last_name="Example", dob="1985-03-27",
        address="1 Test Street,\n  Testtown", agency="Northfield Housing", yes_count=16,
        people=[{"name": "Jordan Example", "date_of_birth": "1980-11-02",
                 "relationship": "ex_partner"},
                {"name_not_known": True, "relationship": "other"}],
        children=[{"name": "Casey Example", "relationship_to_person_at_risk": "child"},
                  {"unborn": True, "relationship_to_person_at_risk": "unborn"}],
        closed_marac=True, is_repeat=True, risk_level="high",
    )
    make_referral(received=at(datetime.date(2026, 3, 3), 14, 0), status=PRE, meeting=meeting,
                  first_name="Robin", last_name="Sample", dob=None, address="", agency="",
                  people=[], yes_count=14, is_linked=True)

    rows = reports.agenda_csv_rows(meeting)

    assert rows[0] == [
        "Item", "Forum", "Reference", "Received", "Person at risk", "Date of birth", "Address",
        "People causing harm", "Children and dependants", "Criteria met", "DASH score",
        "Referring agency", "Repeat", "Linked", "Closed MARAC requested",
        "Practitioner's level of risk",
    ]
    first, second = reports.meeting_agenda(meeting)
    assert rows[1] == [
        "1", "MARAC", first.reference, "02/03/2026 09:15", "Alex Example", "27/03/1985",
        "1 Test Street, Testtown",
        "Jordan Example (born 02/11/1980); Not known (date of birth not given)",
        "2", "Visible high risk", "16 of 27", "Northfield Housing", "Yes", "No", "Yes",
        "High",
    ]
    assert rows[2] == [
        "2", "Pre-MARAC", second.reference, "03/03/2026 14:00", "Robin Sample", "Not known",
        "Not given", "Not given", "0", "Visible high risk", "14 of 27", "Not given", "No",
        "Yes", "No", "Not given",
    ]
    assert len(rows) == 3


@pytest.mark.django_db
def test_agenda_csv_cells_cannot_run_as_spreadsheet_formulas():
    meeting = make_meeting(datetime.date(2026, 3, 17))
    make_referral(received=at(datetime.date(2026, 3, 2)), status=ACCEPTED, meeting=meeting,
                  first_name="=HYPERLINK(\"http://example.com\")", last_name="X",
                  agency="@Agency")
    row = reports.agenda_csv_rows(meeting)[1]
    assert row[4] == "'=HYPERLINK(\"http://example.com\") X"
    assert row[11] == "'@Agency"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+44 7700", "'+44 7700"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("Plain", "Plain"), ("", ""), (None, ""), (12, "12"),
])
def test_safe_cell(value, expected):
    assert reports.safe_cell(value) == expected


def test_csv_file_name_names_the_meeting_only():
    meeting = MaracMeeting(kind=MaracMeeting.Kind.PRE, starts_at=at(datetime.date(2026, 3, 17)),
                           referral_deadline=at(datetime.date(2026, 3, 9)))
    assert reports.agenda_csv_filename(meeting) == "agenda-pre-marac-2026-03-17.csv"


@pytest.mark.parametrize("meeting_day, circulate_by", [
    (datetime.date(2026, 3, 10), datetime.date(2026, 3, 3)),   # Tuesday: the Tuesday before
    (datetime.date(2026, 3, 9), datetime.date(2026, 3, 2)),    # Monday: the Monday before
    (datetime.date(2026, 3, 13), datetime.date(2026, 3, 6)),   # Friday: the Friday before
    (datetime.date(2026, 3, 11), datetime.date(2026, 3, 4)),   # Wednesday, across a weekend
])
def test_agenda_circulation_date_is_five_working_days_before(meeting_day, circulate_by):
    meeting = MaracMeeting(starts_at=at(meeting_day),
                           referral_deadline=at(meeting_day - datetime.timedelta(days=8)))
    assert meeting.agenda_circulation_date == circulate_by


def test_circulation_date_uses_the_local_meeting_day():
    # 00:30 in London on Monday 6 July is still Sunday 5 July in UTC.
    meeting = MaracMeeting(starts_at=datetime.datetime(2026, 7, 6, 0, 30, tzinfo=LONDON),
                           referral_deadline=at(datetime.date(2026, 6, 26)))
    assert meeting.agenda_circulation_date == datetime.date(2026, 6, 29)


# --------------------------------------------------------------------------- flag review


def discussed(day: datetime.date, *, received_days_before=10, status=HEARD, heard=True,
              kind=MaracMeeting.Kind.FULL, **kwargs):
    """A referral on the agenda of a meeting on `day`, heard there unless heard=False."""
    meeting = make_meeting(day, kind=kind, cancelled=kwargs.pop("cancelled", False))
    referral = make_referral(received=at(day - datetime.timedelta(days=received_days_before)),
                             status=status, meeting=meeting, **kwargs)
    if heard:
        Hearing.objects.create(referral=referral, meeting=meeting, heard_on=day,
                               meeting_kind=meeting.kind,
                               outcome=Hearing.Outcome.NO_FURTHER_ACTION)
    return referral


@pytest.mark.django_db
def test_flag_review_from_a_table_of_cases():
    exactly_twelve_months = discussed(datetime.date(2025, 3, 10), first_name="Exactly")
    discussed(datetime.date(2025, 3, 11), first_name="DayLess")
    referred_again = discussed(datetime.date(2024, 6, 1), first_name="Again")
    make_referral(received=at(datetime.date(2025, 9, 1)), first_name="Again",
                  status=Referral.Status.RETURNED)
    discussed(datetime.date(2024, 1, 9), first_name="Twice")
    twice_later = discussed(datetime.date(2024, 6, 4), first_name="Twice")
    discussed(datetime.date(2024, 2, 6), first_name="Pending", status=Referral.Status.SUBMITTED,
              heard=False)
    discussed(datetime.date(2024, 2, 13), first_name="Cancelled", cancelled=True, status=ACCEPTED,
              heard=False)
    discussed(datetime.date(2024, 2, 14), first_name="NotYetRecorded", status=ACCEPTED,
              heard=False)
    # Closed after its hearing: still counted, from the day it was heard.
    closed_after = discussed(datetime.date(2024, 2, 15), first_name="ClosedAfter",
                             status=Referral.Status.CLOSED,
                             closure_reason=Referral.ClosureReason.DISCUSSED)
    spam_later = discussed(datetime.date(2024, 2, 20), first_name="SpamLater")
    make_referral(received=at(datetime.date(2026, 1, 5)), first_name="SpamLater",
                  status=Referral.Status.SUSPECTED_SPAM)
    other_dob = discussed(datetime.date(2024, 2, 27), first_name="Namesake", dob="1990-01-01")
    make_referral(received=at(datetime.date(2026, 1, 5)), first_name="Namesake",
                  dob="1991-01-01")
    discussed(datetime.date(2024, 3, 5), first_name="RediscussedRecently")
    # Heard again (received before the cutoff, heard after it).
    discussed(datetime.date(2025, 4, 1), first_name="RediscussedRecently", status=PRE,
              received_days_before=31, kind=MaracMeeting.Kind.PRE)

    found = reports.flags_for_review(TODAY)

    assert found == [closed_after, spam_later, other_dob, twice_later, exactly_twelve_months]
    assert referred_again not in found


@pytest.mark.django_db
def test_flag_review_since_keeps_only_flags_that_ended_after_that_day():
    old = discussed(datetime.date(2025, 1, 14), first_name="Old")
    recent = discussed(datetime.date(2025, 3, 3), first_name="Recent")
    assert reports.flags_for_review(TODAY) == [old, recent]
    assert reports.flags_for_review(TODAY, since=datetime.date(2026, 2, 10)) == [recent]


@pytest.mark.django_db
def test_flag_review_rows_give_the_end_date():
    referral = discussed(datetime.date(2025, 2, 17), first_name="Row")
    (row,) = reports.flag_review_rows(reports.flags_for_review(TODAY))
    assert row.referral == referral
    assert row.person_name == "Row Example"
    assert row.date_of_birth == "27/03/1985"
    assert row.last_discussed == datetime.date(2025, 2, 17)
    assert row.flag_can_end == datetime.date(2026, 2, 17)


# --------------------------------------------------------------------------- dashboard


@pytest.mark.django_db
def test_dashboard_figures():
    now = at(TODAY, 11)
    yesterday = TODAY - datetime.timedelta(days=1)
    received = at(datetime.date(2026, 3, 2))
    make_referral(received=received, first_name="New1", idva_referral_due=yesterday)
    make_referral(received=received, first_name="New2", idva_referral_due=TODAY,
                  verification=Referral.Verification.UNVERIFIED)
    make_referral(received=received, first_name="Done", status=ACCEPTED,
                  idva_referral_due=yesterday, idva_referred_at=at(yesterday, 9))
    make_referral(received=received, first_name="Late", status=PRE,
                  idva_referral_due=yesterday)
    make_referral(received=received, first_name="Returned", status=Referral.Status.RETURNED,
                  idva_referral_due=yesterday)
    make_referral(received=received, first_name="Spam", status=Referral.Status.SUSPECTED_SPAM,
                  idva_referral_due=yesterday)
    past = make_meeting(datetime.date(2026, 3, 3))
    deadline_passed = MaracMeeting.objects.create(
        starts_at=at(datetime.date(2026, 3, 12)), referral_deadline=at(TODAY, 10))
    open_meeting = MaracMeeting.objects.create(
        starts_at=at(datetime.date(2026, 4, 9)), referral_deadline=at(datetime.date(2026, 3, 31)))
    make_referral(received=received, first_name="OnAgenda", status=ACCEPTED,
                  meeting=deadline_passed, idva_referred_at=at(TODAY, 9))

    figures = reports.dashboard_figures(now)

    assert figures.new_referrals == 2
    assert figures.unverified_new == 1
    assert figures.suspected_spam == 1
    assert figures.idva_overdue == 2  # New1 and Late: due yesterday, not recorded
    assert figures.next_deadline_meeting == open_meeting
    assert figures.next_meeting == deadline_passed
    assert figures.next_meeting_cases == 1
    assert past != figures.next_meeting


@pytest.mark.django_db
def test_dashboard_with_nothing_scheduled():
    figures = reports.dashboard_figures(at(TODAY))
    assert (figures.new_referrals, figures.idva_overdue, figures.next_meeting,
            figures.next_deadline_meeting, figures.next_meeting_cases) == (0, 0, None, None, 0)


@pytest.mark.django_db
def test_the_flag_review_follows_the_areas_flag_months():
    assert reports.flag_months(rules.KIRKLEES) == 12  # 003 5.6
    assert reports.flag_months(rules.KENT_MEDWAY) == 12  # the document says nothing
    six = rules.KIRKLEES.changed(flag_months=6)
    assert reports.flag_months(six) == 6
    heard = discussed(datetime.date(2025, 9, 1), first_name="SixMonths")
    assert reports.flags_for_review(TODAY, reports.flag_months(six)) == [heard]
    assert reports.flags_for_review(TODAY, reports.flag_months(rules.KIRKLEES)) == []
