"""The coordinators' new-referral email: where it goes, retries, and failures they can see.

Where it goes (one rule, also in the README): the area's secure address from the MARAC settings
when it is a real address; otherwise ``MARAC_NOTIFY_EMAIL``. An address on a reserved example
domain (``example.org``, ``example.com``, ``example.net``, ``*.invalid``), such as the settings'
placeholder, never counts as real: production refuses to start with such a
``MARAC_NOTIFY_EMAIL`` and the task refuses to send to one unless
``MARAC_NOTIFY_ALLOW_EXAMPLE_ADDRESSES`` is on (development and tests).

Every referral that is not suspected spam gets a CoordinatorNotification row. A send that fails
(refused, timed out after EMAIL_TIMEOUT, rejected) is tried again after
NOTIFY_RETRY_SECONDS, doubling each time, up to NOTIFY_MAX_ATTEMPTS tries; after that the
notification is 'failed' and shows on the coordinators' dashboard with a 'send again' action.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from referral_form.addresses import is_placeholder_address
from referral_form.models import CoordinatorNotification, Referral
from referral_form.tasks import send_coordinator_notification

logger = logging.getLogger(__name__)

SEND_AGAIN_ACTION = "marac.referral.notify_again"
State = CoordinatorNotification.State


class NoRealAddress(Exception):
    """Only a placeholder (example) address is configured: nothing was sent."""


def coordinator_address(site: Site | None = None) -> str:
    """The area's secure address if it is real, otherwise MARAC_NOTIFY_EMAIL ('' if unset)."""
    from home.models import MaracSettings

    site = site or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        address = (MaracSettings.for_site(site).secure_email or "").strip()
        if address and not is_placeholder_address(address):
            return address
    return (settings.MARAC_NOTIFY_EMAIL or "").strip()


def admin_link(referral: Referral) -> str:
    path = reverse("referral_form_referral_modeladmin_inspect", args=[referral.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notification_body(referral: Referral) -> str:
    flags = []
    if referral.verification == Referral.Verification.UNVERIFIED:
        flags.append("It could not be verified as coming from a person (check it with care).")
    if referral.is_repeat:
        flags.append("It looks like a repeat referral.")
    return "\n\n".join([
        f"A new MARAC referral has been submitted: {referral.reference}.",
        *flags,
        f"Open it in the review area (sign-in required): {admin_link(referral)}",
        "This email deliberately contains no personal details.",
    ])


def _enqueue(notification_id: int, *, run_after: datetime.datetime | None = None) -> None:
    task = send_coordinator_notification
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(notification_id)


def notification_create(*, referral: Referral) -> CoordinatorNotification:
    """Record that the coordinators must be told, and send once the transaction commits."""
    notification = CoordinatorNotification.objects.create(referral=referral)
    transaction.on_commit(lambda pk=notification.pk: _enqueue(pk))
    return notification


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed try: NOTIFY_RETRY_SECONDS, doubling each time."""
    return datetime.timedelta(seconds=settings.NOTIFY_RETRY_SECONDS * 2 ** (attempts - 1))


def notification_deliver(*, notification_id: int,
                         now: datetime.datetime | None = None) -> CoordinatorNotification | None:
    """One try at sending; on failure, the next try is scheduled or the notification fails."""
    notification = (CoordinatorNotification.objects.select_related("referral")
                    .filter(pk=notification_id).first())
    if notification is None or notification.state != State.PENDING:
        return notification  # purged with its referral, already sent, or given up
    now = now or timezone.now()
    notification.attempts += 1
    notification.last_attempt_at = now
    try:
        address = coordinator_address()
        if not address or (is_placeholder_address(address)
                           and not settings.MARAC_NOTIFY_ALLOW_EXAMPLE_ADDRESSES):
            raise NoRealAddress
        referral = notification.referral
        send_mail(subject=f"New MARAC referral {referral.reference}",
                  message=notification_body(referral), from_email=settings.DEFAULT_FROM_EMAIL,
                  recipient_list=[address])
    except Exception as error:  # noqa: BLE001 - any failure is retried, then shown
        notification.last_error = type(error).__name__[:100]
        permanent = isinstance(error, NoRealAddress)
        if permanent or notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            notification.state = State.FAILED
            notification.next_attempt_at = None
            logger.error("New-referral notification %s failed after %d tries (%s).",
                         notification.pk, notification.attempts, notification.last_error)
        else:
            notification.next_attempt_at = now + retry_delay(notification.attempts)
            logger.warning("New-referral notification %s not sent (%s); try %d of %d at %s.",
                           notification.pk, notification.last_error, notification.attempts,
                           settings.NOTIFY_MAX_ATTEMPTS, notification.next_attempt_at.isoformat())
        notification.save()
        if notification.state == State.PENDING:
            _enqueue(notification.pk, run_after=notification.next_attempt_at)
        return notification
    notification.state = State.SENT
    notification.sent_at = now
    notification.next_attempt_at = None
    notification.last_error = ""
    notification.save()
    return notification


def failed_notifications() -> QuerySet[CoordinatorNotification]:
    return (CoordinatorNotification.objects.filter(state=State.FAILED)
            .select_related("referral").only("pk", "attempts", "last_error", "last_attempt_at",
                                             "referral__reference", "referral__id")
            .order_by("-last_attempt_at", "-pk"))


def notification_send_again(*, notification: CoordinatorNotification, user) -> None:
    """A coordinator asks for a failed notification to be sent again (audit-logged)."""
    if notification.state != State.FAILED:
        return
    with transaction.atomic():
        notification.state = State.PENDING
        notification.attempts = 0
        notification.next_attempt_at = None
        notification.save(update_fields=["state", "attempts", "next_attempt_at"])
        log(instance=notification.referral, action=SEND_AGAIN_ACTION, user=user,
            data={"reference": notification.referral.reference})
        transaction.on_commit(lambda pk=notification.pk: _enqueue(pk))
