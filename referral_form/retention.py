"""Retention: referrals are kept for a set number of days, then deleted."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from referral_form.models import Referral, SpamTally


@dataclass(frozen=True)
class PurgeResult:
    cut_off: datetime.datetime
    referrals: int


def referral_purge_expired(*, now: datetime.datetime, retention_days: int,
                           dry_run: bool = False) -> PurgeResult:
    """Delete referrals received before `now - retention_days` (related rows cascade)."""
    cut_off = now - datetime.timedelta(days=retention_days)
    expired = Referral.objects.filter(received_at__lt=cut_off)
    count = expired.count()
    if not dry_run and count:
        with transaction.atomic():
            expired.delete()
    return PurgeResult(cut_off=cut_off, referrals=count)


@dataclass(frozen=True)
class SpamPurgeResult:
    cut_off: datetime.datetime
    referrals: int
    tallies: int


def spam_purge_expired(*, now: datetime.datetime, retention_days: int,
                       dry_run: bool = False) -> SpamPurgeResult:
    """Delete suspected spam received before `now - retention_days`, and older daily counts."""
    cut_off = now - datetime.timedelta(days=retention_days)
    spam = Referral.objects.filter(status=Referral.Status.SUSPECTED_SPAM, received_at__lt=cut_off)
    tallies = SpamTally.objects.filter(day__lt=cut_off.date())
    counts = spam.count(), tallies.count()
    if not dry_run and any(counts):
        with transaction.atomic():
            spam.delete()
            tallies.delete()
    return SpamPurgeResult(cut_off=cut_off, referrals=counts[0], tallies=counts[1])
