"""Delete referrals older than the retention period, old suspected spam, and expired sessions
(wizard answers)."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from referral_form.retention import referral_purge_expired, spam_purge_expired


class Command(BaseCommand):
    help = (
        "Delete referrals received more than REFERRAL_RETENTION_DAYS ago (with their people, "
        "children and history), suspected spam older than SPAM_RETENTION_DAYS, and sessions "
        "past their expiry. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be deleted without deleting it.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        result = referral_purge_expired(now=now, retention_days=settings.REFERRAL_RETENTION_DAYS,
                                        dry_run=dry_run)
        spam = spam_purge_expired(now=now, retention_days=settings.SPAM_RETENTION_DAYS,
                                  dry_run=dry_run)
        expired_sessions = Session.objects.filter(expire_date__lt=now)
        session_count = expired_sessions.count()
        if not dry_run:
            expired_sessions.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {result.referrals} referral(s) received before "
            f"{result.cut_off:%Y-%m-%d}, {spam.referrals} suspected spam referral(s) and "
            f"{spam.tallies} daily spam count(s) from before {spam.cut_off:%Y-%m-%d}, and "
            f"{session_count} expired session(s)."
        )
