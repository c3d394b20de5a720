"""The two coordinator permissions: 'may review' (review_referral) opens referrals; 'may act'
(change_referral as well) accepts, returns, schedules, closes, releases and empties spam.
Each check has a test that fails if it is taken out."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from referral_form.models import Referral
from tests.referral_form.factories import submit_referral
from tests.referral_form.test_review_access import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PREFIX = "referral_form_referral_modeladmin_"
# Each action view with the referral status that offers it.
ACTIONS = {"accept": "submitted", "assign_meeting": "accepted_marac", "return": "submitted",
           "idva_referral": "submitted", "close": "submitted", "release": "suspected_spam"}


def referral_in(status):
    referral = submit_referral(spam_reason="honeypot" if status == "suspected_spam" else "")
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    return referral


def reviewer(client):
    user = make_user("reviewer", access_admin=True)
    user.user_permissions.add(Permission.objects.get(codename="review_referral"))
    client.login(username="reviewer", password=PASSWORD)
    return user


def actor(client):
    user = make_user("actor", access_admin=True)
    user.user_permissions.add(Permission.objects.get(codename="review_referral"),
                              Permission.objects.get(codename="change_referral"))
    client.login(username="actor", password=PASSWORD)
    return user


@pytest.mark.parametrize("action", ACTIONS)
def test_may_review_opens_the_record_but_no_action(client, site, action):
    referral = referral_in(ACTIONS[action])
    reviewer(client)
    assert client.get(reverse(PREFIX + "inspect", args=[referral.pk])).status_code == 200
    url = reverse(PREFIX + action, args=[referral.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirmed": "1", "forum": "marac", "reason": "duplicate",
                             "outcome": "closed"}).status_code == 403
    before = referral.status
    referral.refresh_from_db()
    assert referral.status == before


@pytest.mark.parametrize("action", ACTIONS)
def test_may_act_reaches_every_action(client, site, action):
    referral = referral_in(ACTIONS[action])
    actor(client)
    response = client.get(reverse(PREFIX + action, args=[referral.pk]))
    assert response.status_code == 200
    assert b'method="post"' in response.content


def test_the_record_offers_actions_only_to_those_who_may_act(client, site):
    referral = submit_referral()
    inspect = reverse(PREFIX + "inspect", args=[referral.pk])
    accept = reverse(PREFIX + "accept", args=[referral.pk])
    reviewer(client)
    assert accept not in client.get(inspect).content.decode()
    actor(client)
    assert accept in client.get(inspect).content.decode()


def test_may_review_sees_spam_but_cannot_empty_it(client, site):
    submit_referral(spam_reason="honeypot")
    reviewer(client)
    url = reverse(PREFIX + "spam")
    assert client.get(url).status_code == 200
    assert client.post(url, {"confirmed": "1"}).status_code == 403
    assert Referral.objects.filter(status=Referral.Status.SUSPECTED_SPAM).count() == 1


def test_may_act_empties_spam(client, site):
    submit_referral(spam_reason="honeypot")
    actor(client)
    response = client.post(reverse(PREFIX + "spam"), {"confirmed": "1"})
    assert response.status_code == 302
    assert not Referral.objects.filter(status=Referral.Status.SUSPECTED_SPAM).exists()
