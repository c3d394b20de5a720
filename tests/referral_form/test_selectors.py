"""The review area's queries: default list, spam, reference and person search."""

import datetime

import pytest
from django.utils import timezone

from referral_form import selectors
from referral_form.models import Referral
from tests.referral_form.factories import submit_referral

pytestmark = pytest.mark.django_db


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def referrals():
    return {
        "old": submit_referral(received_at=local(2026, 1, 5, 9)),
        "new": submit_referral(received_at=local(2026, 3, 2, 9), first_name="Marguerite",
                               last_name="Olufemi", date_of_birth="1991-07-30",
                               harmer_name="Gareth Penhaligon",
                               harmer_date_of_birth="1979-02-11"),
        "spam": submit_referral(received_at=local(2026, 3, 3, 9), spam_reason="honeypot"),
    }


def test_the_list_is_newest_first_without_spam(referrals):
    assert list(selectors.referral_list()) == [referrals["new"], referrals["old"]]
    assert referrals["spam"] in selectors.referral_list(include_spam=True)
    assert list(selectors.spam_list()) == [referrals["spam"]]


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "{compact}", " {spaced} "])
def test_search_by_reference_however_it_is_typed(referrals, typed):
    reference = referrals["new"].reference
    term = typed.format(ref=reference, lower=reference.lower(),
                        compact=reference.replace("-", ""),
                        spaced=reference.replace("-", " "))
    assert list(selectors.referral_search_reference(selectors.referral_list(), term)) == [
        referrals["new"]]


def test_an_unknown_reference_finds_nothing(referrals):
    assert not selectors.referral_search_reference(selectors.referral_list(), "MRC-AAAA-BBBB")


PERSON_CASES = [
    # (name, date of birth, expected keys)
    ("Rosalind Achterberg", datetime.date(1988, 4, 17), {"old", "spam"}),
    ("  ROSALIND  achterberg ", datetime.date(1988, 4, 17), {"old", "spam"}),
    ("Rosalind Achterberg", datetime.date(1988, 4, 18), set()),
    ("Rosalind", datetime.date(1988, 4, 17), set()),
    ("Marguerite Olufemi", datetime.date(1991, 7, 30), {"new"}),
    # People causing harm are found too.
    ("Gareth Penhaligon", datetime.date(1979, 2, 11), {"new"}),
    ("Dominic Faulkner-Reyes", datetime.date(1985, 11, 2), {"old", "spam"}),
    ("", datetime.date(1985, 11, 2), set()),
]


@pytest.mark.parametrize(("name", "dob", "expected"), PERSON_CASES)
def test_search_by_exact_name_and_date_of_birth(referrals, name, dob, expected):
    found = selectors.referral_search_person(selectors.referral_list(include_spam=True),
                                             name=name, date_of_birth=dob)
    assert set(found) == {referrals[key] for key in expected}


def test_person_search_never_decrypts_the_table(referrals, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        list(selectors.referral_search_person(selectors.referral_list(),
                                              name="Rosalind Achterberg",
                                              date_of_birth=datetime.date(1988, 4, 17)))
    sql = captured.captured_queries[0]["sql"]
    assert "person_at_risk_lookup" in sql and "Achterberg" not in sql


def test_detail_prefetches_what_the_record_shows(referrals, django_assert_num_queries):
    referral = referrals["new"]
    # The referral with its meeting, then people, children, history and links: one query each
    # (users and linked referrals add nothing when there are none), whatever their number.
    with django_assert_num_queries(5):
        detail = selectors.referral_detail(referral.pk)
        list(detail.people_causing_harm.all())
        list(detail.children.all())
        [c.changed_by for c in detail.status_history.all()]
        [link.linked.reference for link in detail.links.all()]
    assert isinstance(detail, Referral)
