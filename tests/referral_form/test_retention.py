"""Retention: referrals older than the retention period and expired sessions are deleted."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from referral_form.models import ChildDependant, PersonCausingHarm, Referral, StatusChange
from referral_form.retention import referral_purge_expired
from tests.referral_form.factories import submit_referral

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("age_days, kept", [(729, True), (730, True), (731, False)])
def test_referrals_older_than_the_retention_period_are_deleted(age_days, kept):
    referral = submit_referral(received_at=NOW - datetime.timedelta(days=age_days))
    result = referral_purge_expired(now=NOW, retention_days=730)
    assert Referral.objects.filter(pk=referral.pk).exists() is kept
    assert result.referrals == (0 if kept else 1)


def test_purging_deletes_the_people_children_and_history_too():
    submit_referral(received_at=NOW - datetime.timedelta(days=1000))
    assert PersonCausingHarm.objects.exists() and StatusChange.objects.exists()
    referral_purge_expired(now=NOW, retention_days=730)
    assert not Referral.objects.exists()
    assert not PersonCausingHarm.objects.exists()
    assert not ChildDependant.objects.exists()
    assert not StatusChange.objects.exists()


def test_dry_run_deletes_nothing():
    submit_referral(received_at=NOW - datetime.timedelta(days=1000))
    result = referral_purge_expired(now=NOW, retention_days=730, dry_run=True)
    assert result.referrals == 1 and Referral.objects.count() == 1


def test_command_uses_the_retention_setting_and_clears_expired_sessions(settings, capsys):
    settings.REFERRAL_RETENTION_DAYS = 30
    old = submit_referral(received_at=timezone.now() - datetime.timedelta(days=31))
    recent = submit_referral(received_at=timezone.now() - datetime.timedelta(days=29))
    expired = SessionStore()
    expired["referral_wizard"] = "enc1:whatever"
    expired.set_expiry(-60)
    expired.save()
    live = SessionStore()
    live["referral_wizard"] = "enc1:whatever"
    live.save()

    call_command("purge_expired_referrals")

    assert not Referral.objects.filter(pk=old.pk).exists()
    assert Referral.objects.filter(pk=recent.pk).exists()
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()
    assert "Deleted 1 referral(s)" in capsys.readouterr().out
