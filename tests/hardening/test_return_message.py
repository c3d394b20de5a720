"""A return message may carry no personal value from the referral, in any spelling, and is
checked before the confirmation page, not only after the final click."""

import pytest
from django.core import mail

from referral_form import review
from referral_form.models import Referral
from tests.referral_form.factories import submit_referral
from tests.referral_form.test_review_admin import coordinator, url  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

LEAKS = {
    "rosalind asked us to call back": "a name",
    "Ms ACHTERBERG was not reachable": "a name",
    "dominic faulkner-reyes is in custody": "a name",
    "Please ask elodie's school": "a name",
    "She was born 17/04/1988": "a date of birth",
    "dob 17 April 1988": "a date of birth",
    "dob 1988-04-17": "a date of birth",
    "The flat at 14 larchmont terrace is empty": "an address",
    "moved from hd1 9zz": "a postcode",
    "postcode HD19ZZ is wrong": "a postcode",
    "her number 07700900123 is off": "a phone number",
    "try +44 7700 900 123 instead": "a phone number",
    "or (07700) 900-123": "a phone number",
    "write to PRIYA.OYELARAN@calderbrook.example.org": "an email address",
}


@pytest.fixture
def referral():
    return submit_referral()


@pytest.mark.parametrize(("message", "kind"), LEAKS.items())
def test_every_personal_value_is_found_in_any_spelling(referral, message, kind):
    assert review.personal_details_in(referral=referral, text=message) == kind


@pytest.mark.parametrize("message", [
    "Please call the coordinators on the usual number.",
    "The risk checklist is incomplete; send a new referral with the reference.",
    "We may discuss it in May.",
    "Reference number 2024 and 17 items.",
])
def test_ordinary_messages_pass(referral, message):
    assert review.personal_details_in(referral=referral, text=message) is None


@pytest.mark.parametrize("message", list(LEAKS)[:1] + list(LEAKS)[7:11])
def test_the_confirm_page_is_never_reached_with_personal_details(client, coordinator,  # noqa: F811
                                                                 referral, message):
    response = client.post(url("return", referral), {"reason": "incomplete",
                                                      "message": message})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "from the referral: remove it" in html
    assert 'name="confirmed"' not in html  # still the form, not the confirmation
    assert message in html  # what was typed is kept
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED and mail.outbox == []


def test_a_clean_message_reaches_the_confirm_page(client, coordinator, referral):  # noqa: F811
    response = client.post(url("return", referral), {"reason": "incomplete",
                                                     "message": "Please call us."})
    assert 'name="confirmed"' in response.content.decode()


def test_a_name_that_is_an_everyday_word_counts_only_with_its_capital(site):
    referral = submit_referral(last_name="May", harmer_name=None)
    assert review.personal_details_in(referral=referral, text="You may send it again.") is None
    assert review.personal_details_in(referral=referral, text="Ask Ms May first.") == "a name"
    # The whole name still counts in any case.
    assert review.personal_details_in(referral=referral, text="rosalind may") == "a name"
