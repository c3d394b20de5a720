"""Repeats as each demo area defines them, from a rule table, through the submit service; and a
corrected resubmission of a returned referral, linked as such and never as a repeat.

Kirklees (003 2.5): within 12 months of the previous referral. Bristol (004): within 12 months
of the first MARAC meeting about the person. Kent and Medway (000): no repeat route. In every
area only a case HEARD at a full MARAC counts; returned and withdrawn referrals never do.
"""

import datetime

import pytest
from django.utils import timezone

from guidance.models import MaracMeeting
from referral_form import rules
from referral_form.models import Hearing, Referral, ReferralLink
from tests.referral_form.factories import submit_referral

D = datetime.date
FULL, PRE = MaracMeeting.Kind.FULL, MaracMeeting.Kind.PRE
HEARD, ACCEPTED = Referral.Status.HEARD, Referral.Status.ACCEPTED_MARAC
CLOSED, RETURNED = Referral.Status.CLOSED, Referral.Status.RETURNED
WITHDRAWN = Referral.Status.WITHDRAWN
NEW_REFERRAL = D(2026, 3, 2)
LAST_MARAC = rules.BRISTOL.changed(repeat_counts_from=rules.RepeatCountsFrom.LAST_MARAC)


def local(day: D, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def earlier_referral(received: D, status: str, hearings=()) -> Referral:
    """An earlier referral of the same person, moved to `status`, heard on each (day, kind)."""
    referral = submit_referral(received_at=local(received))
    Referral.objects.filter(pk=referral.pk).update(status=status)
    for day, kind in hearings:
        meeting = MaracMeeting.objects.create(kind=kind, starts_at=local(day),
                                              referral_deadline=local(day) - datetime.timedelta(
                                                  days=7))
        Hearing.objects.create(referral=referral, meeting=meeting, heard_on=day,
                               meeting_kind=kind, outcome=Hearing.Outcome.ACTIONS_AGREED)
    return referral


# (area rule set, earlier referrals [(received, status, [(heard on, meeting kind)])],
#  index of the earlier referral it repeats, or None)
TABLE = [
    # Kirklees: 12 months from the previous referral, which must have been heard at MARAC.
    ("kirklees heard", rules.KIRKLEES, [(D(2025, 6, 1), HEARD, [(D(2025, 6, 10), FULL)])], 0),
    ("kirklees heard then closed", rules.KIRKLEES,
     [(D(2025, 6, 1), CLOSED, [(D(2025, 6, 10), FULL)])], 0),
    ("kirklees first day of the window", rules.KIRKLEES,
     [(D(2025, 3, 2), HEARD, [(D(2025, 3, 12), FULL)])], 0),
    ("kirklees referral the day before the window, heard inside it", rules.KIRKLEES,
     [(D(2025, 3, 1), HEARD, [(D(2025, 3, 12), FULL)])], None),
    ("kirklees accepted, never heard", rules.KIRKLEES, [(D(2025, 6, 1), ACCEPTED, [])], None),
    ("kirklees heard at pre-MARAC only", rules.KIRKLEES,
     [(D(2025, 6, 1), ACCEPTED, [(D(2025, 6, 10), PRE)])], None),
    ("kirklees returned", rules.KIRKLEES, [(D(2025, 6, 1), RETURNED, [])], None),
    ("kirklees withdrawn", rules.KIRKLEES,
     [(D(2025, 6, 1), WITHDRAWN, [(D(2025, 6, 10), FULL)])], None),
    ("kirklees heard after the new referral arrived", rules.KIRKLEES,
     [(D(2026, 2, 20), ACCEPTED, [(D(2026, 3, 3), FULL)])], None),
    # Kent and Medway: no repeat route at all.
    ("kent and medway heard", rules.KENT_MEDWAY,
     [(D(2025, 6, 1), HEARD, [(D(2025, 6, 10), FULL)])], None),
    # Bristol: 12 months from the FIRST MARAC meeting about the person.
    ("bristol heard", rules.BRISTOL, [(D(2025, 4, 1), HEARD, [(D(2025, 4, 10), FULL)])], 0),
    ("bristol last day of the window", rules.BRISTOL,
     [(D(2025, 2, 20), HEARD, [(D(2025, 3, 2), FULL)])], 0),
    ("bristol the day after the window", rules.BRISTOL,
     [(D(2025, 2, 20), HEARD, [(D(2025, 3, 1), FULL)])], None),
    ("bristol first meeting too long ago, a later one recent", rules.BRISTOL,
     [(D(2024, 11, 20), CLOSED, [(D(2024, 12, 1), FULL)]),
      (D(2025, 9, 20), HEARD, [(D(2025, 10, 1), FULL)])], None),
    ("bristol first meeting in the window", rules.BRISTOL,
     [(D(2025, 3, 20), CLOSED, [(D(2025, 4, 1), FULL)]),
      (D(2025, 9, 20), HEARD, [(D(2025, 10, 1), FULL)])], 0),
    ("bristol returned", rules.BRISTOL, [(D(2025, 6, 1), RETURNED, [])], None),
    # The same, counted from the LAST meeting (a rule an area may choose).
    ("last marac: a recent meeting counts", LAST_MARAC,
     [(D(2024, 11, 20), CLOSED, [(D(2024, 12, 1), FULL)]),
      (D(2025, 9, 20), HEARD, [(D(2025, 10, 1), FULL)])], 1),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "rule_set", "history", "repeats"), TABLE,
                         ids=[row[0] for row in TABLE])
def test_repeat_rule_table(name, rule_set, history, repeats):
    earlier = [earlier_referral(*row) for row in history]
    new = submit_referral(received_at=local(NEW_REFERRAL), rule_set=rule_set)
    repeated = list(Referral.objects.filter(
        links__linked=new, links__kind=ReferralLink.Kind.REPEAT))
    if repeats is None:
        assert not new.is_repeat
        assert repeated == []
    else:
        assert new.is_repeat
        assert repeated == [earlier[repeats]]
        assert ReferralLink.objects.filter(referral=new, linked=earlier[repeats],
                                           kind=ReferralLink.Kind.REPEAT).exists()


@pytest.mark.django_db
def test_a_corrected_resubmission_is_linked_as_such_and_is_not_a_repeat():
    heard = earlier_referral(D(2025, 6, 1), HEARD, [(D(2025, 6, 10), FULL)])
    returned = earlier_referral(D(2026, 2, 20), RETURNED)
    new = submit_referral(received_at=local(NEW_REFERRAL))
    assert ReferralLink.objects.filter(referral=new, linked=returned,
                                       kind=ReferralLink.Kind.RESUBMISSION).exists()
    assert ReferralLink.objects.filter(referral=returned, linked=new,
                                       kind=ReferralLink.Kind.RESUBMITTED_AS).exists()
    # A repeat of the heard case (in the window), never of the returned one.
    assert new.is_repeat
    assert set(Referral.objects.filter(links__linked=new, links__kind="repeat")) == {heard}
    assert not new.is_linked  # the same case sent again is not another case
    returned.refresh_from_db()
    assert not returned.is_linked


@pytest.mark.django_db
def test_only_the_latest_referral_being_returned_makes_a_resubmission():
    earlier_referral(D(2025, 12, 1), RETURNED)
    earlier_referral(D(2026, 1, 10), ACCEPTED)
    new = submit_referral(received_at=local(NEW_REFERRAL))
    assert not new.links.filter(kind=ReferralLink.Kind.RESUBMISSION).exists()


@pytest.mark.django_db
def test_linked_cases_stay_as_they_are():
    other_harmer = earlier_referral(D(2023, 1, 10), CLOSED)
    new = submit_referral(received_at=local(NEW_REFERRAL), harmer_name="Gareth Penhaligon")
    assert new.is_linked and not new.is_repeat
    assert ReferralLink.objects.filter(referral=new, linked=other_harmer,
                                       kind=ReferralLink.Kind.SAME_VICTIM).exists()
