"""Bounded storage: suspected spam capped per address and day (then only counted), purged after
SPAM_RETENTION_DAYS; drafts limited in size with a clear message; real referrals always kept."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from referral_form import wizard
from referral_form.models import CoordinatorNotification, Referral, SpamTally
from tests.referral_form.factories import submit_referral
from tests.referral_form.wizard_helpers import (
    VALID_ANSWERS,
    declaration_data,
    step_path,
    submission_token,
    walk_to,
)

pytestmark = pytest.mark.django_db

SPAMMER = "198.51.100.7"


def send(client, **extra):
    page = walk_to(client, "declaration")
    return client.post(step_path("declaration"),
                       declaration_data(submission_token(page), **extra))


@override_settings(SPAM_ROWS_PER_ADDRESS_PER_DAY=3)
def test_a_spam_burst_is_capped_and_real_referrals_are_stored(site):
    bot = Client(REMOTE_ADDR=SPAMMER)
    answers = [send(bot, website="https://spam.invalid") for _ in range(5)]
    assert [r.status_code for r in answers] == [302, 302, 302, 429, 429]
    assert "We could not take this referral online" in answers[-1].content.decode()
    assert Referral.objects.filter(status=Referral.Status.SUSPECTED_SPAM).count() == 3
    assert SpamTally.objects.get(reason="honeypot").dropped == 2

    # Over the cap the draft stays, so the referral can be phoned through or sent later.
    assert bot.get(step_path("check-answers")).status_code == 200

    # A real referral from elsewhere, and one from the same busy address, are both stored.
    for address in ("203.0.113.5", SPAMMER):
        person = Client(REMOTE_ADDR=address)
        assert send(person).status_code == 302
    real = Referral.objects.filter(status=Referral.Status.SUBMITTED)
    assert real.count() == 2
    assert CoordinatorNotification.objects.filter(referral__in=real).count() == 2


@override_settings(SPAM_ROWS_PER_ADDRESS_PER_DAY=1, REFERRAL_RATE_LIMIT_PER_HOUR=1)
def test_rate_limited_submissions_are_capped_too(site):
    busy = Client(REMOTE_ADDR=SPAMMER)
    codes = [send(busy).status_code for _ in range(4)]
    # The first is within the rate limit (a real referral), the second is stored as spam,
    # the rest are over the spam cap.
    assert codes == [302, 302, 429, 429]
    assert Referral.objects.filter(status=Referral.Status.SUBMITTED).count() == 1
    assert Referral.objects.filter(spam_reason="rate_limit").count() == 1
    assert SpamTally.objects.get(reason="rate_limit").dropped == 2


@override_settings(SPAM_ROWS_PER_ADDRESS_PER_DAY=1)
def test_the_cap_fails_open_when_the_cache_is_unreachable(site, monkeypatch):
    from referral_form import rate_limit

    def broken():
        raise ConnectionError("cache down")

    monkeypatch.setattr(rate_limit, "_shared_cache", broken)
    bot = Client(REMOTE_ADDR=SPAMMER)
    assert [send(bot, website="x").status_code for _ in range(2)] == [302, 302]
    assert Referral.objects.filter(status=Referral.Status.SUSPECTED_SPAM).count() == 2


@override_settings(SPAM_RETENTION_DAYS=30, REFERRAL_RETENTION_DAYS=730)
def test_old_spam_is_purged_after_its_own_days(site):
    now = timezone.now()
    old_spam = submit_referral(received_at=now - datetime.timedelta(days=31),
                               spam_reason="honeypot")
    new_spam = submit_referral(received_at=now - datetime.timedelta(days=29),
                               spam_reason="honeypot")
    old_real = submit_referral(received_at=now - datetime.timedelta(days=31))
    SpamTally.objects.create(day=(now - datetime.timedelta(days=40)).date(), reason="honeypot",
                             dropped=5)
    SpamTally.objects.create(day=now.date(), reason="honeypot", dropped=2)
    out = StringIO()
    call_command("purge_expired_referrals", stdout=out)
    remaining = set(Referral.objects.values_list("pk", flat=True))
    assert remaining == {new_spam.pk, old_real.pk}
    assert old_spam.pk not in remaining
    assert list(SpamTally.objects.values_list("dropped", flat=True)) == [2]
    assert "1 suspected spam referral(s) and 1 daily spam count(s)" in out.getvalue()


def test_the_spam_list_shows_what_was_only_counted(admin_client, site):
    SpamTally.objects.create(day=timezone.localdate(), reason="honeypot", dropped=7)
    page = admin_client.get(reverse("referral_form_referral_modeladmin_spam")).content.decode()
    assert "A further 7 submissions" in page and "counted but not kept" in page


@override_settings(WIZARD_DRAFT_MAX_BYTES=4000)
def test_a_draft_too_large_to_keep_is_refused_with_a_clear_message(client, site):
    walk_to(client, "what-happened")
    long_answers = {**VALID_ANSWERS["what-happened"], "worst_incident": "Kicked. " * 240,
                    "afraid_of": "Ex-partner. " * 160}
    response = client.post(step_path("what-happened"), long_answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "too long to keep online" in html
    assert "Kicked. Kicked." in html  # what was typed is shown again
    # Nothing of it was kept, and the draft is still within the limit.
    state = wizard.WizardState.from_json(
        wizard.crypto.decrypt_text(client.session[wizard.SESSION_KEY]))
    assert state.step_data("what-happened") is None
    assert wizard.draft_fits(state)
    # Shorter answers go through.
    assert client.post(step_path("what-happened"),
                       VALID_ANSWERS["what-happened"]).status_code == 302


@override_settings(WIZARD_DRAFT_MAX_BYTES=3000)
def test_people_added_past_the_limit_are_refused_too(client, site):
    walk_to(client, "people-causing-harm")
    add = reverse("referral_form:list_add", args=["people-causing-harm"])
    person = {**VALID_ANSWERS["people-causing-harm"], "notes": "Details. " * 300}
    response = client.post(add, person)
    assert response.status_code == 200
    assert "too long to keep online" in response.content.decode()
