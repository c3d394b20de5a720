"""New-referral notifications: the address rule, retries with backoff, failures on the dashboard
with 'send again', and a mail server that never answers."""

import datetime
import socket
import threading
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from home.models import MaracSettings
from referral_form.models import CoordinatorNotification
from referral_form.notifications import coordinator_address, notification_deliver
from tests.referral_form.factories import submit_referral
from tests.referral_form.test_review_access import PASSWORD, make_user

pytestmark = pytest.mark.django_db

State = CoordinatorNotification.State
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit a referral and run what waits for the commit (the first try at notifying)."""
    def submit_and_commit(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            referral = submit_referral(**kwargs)
        referral.refresh_from_db()
        return referral
    return submit_and_commit


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ where it goes

@override_settings(MARAC_NOTIFY_EMAIL="secure@coordinators.marac.test")
def test_the_environment_address_wins_over_the_settings_placeholder(site, submit):
    assert MaracSettings.for_site(site).secure_email == "marac.secure@example.org"
    assert coordinator_address(site) == "secure@coordinators.marac.test"
    referral = submit()
    assert [m.to for m in mail.outbox] == [["secure@coordinators.marac.test"]]
    assert referral.notification.state == State.SENT


@override_settings(MARAC_NOTIFY_EMAIL="secure@coordinators.marac.test")
def test_an_area_with_a_real_secure_address_gets_it(site):
    marac = MaracSettings.for_site(site)
    marac.secure_email = "marac@area.marac.test"
    marac.save()
    assert coordinator_address(site) == "marac@area.marac.test"


@override_settings(MARAC_NOTIFY_EMAIL="placeholder@example.org",
                   MARAC_NOTIFY_ALLOW_EXAMPLE_ADDRESSES=False)
def test_a_placeholder_is_never_notified_and_the_failure_shows(site, submit):
    referral = submit()
    assert mail.outbox == []
    notification = referral.notification
    assert (notification.state, notification.last_error) == (State.FAILED, "NoRealAddress")


# ------------------------------------------------------------------ retries

@override_settings(TASKS=DB_TASKS, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                   EMAIL_HOST="127.0.0.1", EMAIL_USE_TLS=False, NOTIFY_MAX_ATTEMPTS=4,
                   NOTIFY_RETRY_SECONDS=60)
def test_a_refused_mail_server_is_retried_with_backoff_then_shown(site, submit):
    with override_settings(EMAIL_PORT=closed_port()):
        referral = submit()
        notification = referral.notification
        queued = DBTaskResult.objects.filter(args_kwargs__args=[notification.pk])
        # The first try is at once (django-tasks-db stores "no run_after" as the year 9999).
        assert queued.count() == 1 and queued.get().run_after.year == 9999
        now = timezone.now()
        waits = []
        for attempt in range(1, 5):
            notification = notification_deliver(notification_id=notification.pk,
                                                now=now)
            assert notification.attempts == attempt
            if attempt < 4:
                assert notification.state == State.PENDING
                assert notification.last_error == "ConnectionRefusedError"
                waits.append(notification.next_attempt_at - now)
                retry = queued.order_by("-enqueued_at").first()
                assert retry.run_after == notification.next_attempt_at
            now = notification.next_attempt_at or now
    assert waits == [datetime.timedelta(seconds=s) for s in (60, 120, 240)]
    assert notification.state == State.FAILED
    assert queued.count() == 4  # the first try and three retries; nothing after giving up
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                   EMAIL_HOST="127.0.0.1", EMAIL_USE_TLS=False, EMAIL_TIMEOUT=1,
                   NOTIFY_MAX_ATTEMPTS=1)
def test_a_mail_server_that_never_answers_does_not_hold_the_worker(site, submit):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections, never says a word
    accepted = []
    threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True).start()
    try:
        with override_settings(EMAIL_PORT=silent.getsockname()[1]):
            started = time.monotonic()
            referral = submit()
            took = time.monotonic() - started
    finally:
        silent.close()
    assert took < 5
    assert referral.notification.state == State.FAILED
    assert referral.notification.last_error in ("TimeoutError", "timeout",
                                                "SMTPServerDisconnected")


# ------------------------------------------------------------------ the dashboard

@pytest.fixture
def failed_notification(submit):
    with override_settings(MARAC_NOTIFY_EMAIL="placeholder@example.org",
                           MARAC_NOTIFY_ALLOW_EXAMPLE_ADDRESSES=False):
        referral = submit()
    assert referral.notification.state == State.FAILED
    return referral


def test_a_failed_notification_shows_and_is_sent_again_by_a_coordinator(
        client, site, failed_notification, django_capture_on_commit_callbacks):
    referral = failed_notification
    coordinator = make_user("coord", groups=["MARAC coordinators"])
    client.login(username="coord", password=PASSWORD)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "New-referral emails that could not be sent" in home
    assert referral.reference in home and "Send again" in home
    url = reverse("marac_notification_send_again", args=[referral.notification.pk])
    assert client.get(url).status_code == 405
    with override_settings(MARAC_NOTIFY_EMAIL="secure@coordinators.marac.test"), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.status_code == 200
    referral.notification.refresh_from_db()
    assert referral.notification.state == State.SENT
    assert [m.to for m in mail.outbox] == [["secure@coordinators.marac.test"]]
    entry = ModelLogEntry.objects.get(action="marac.referral.notify_again")
    assert entry.user_id == coordinator.pk and entry.data == {"reference": referral.reference}
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "New-referral emails that could not be sent" not in home


def test_someone_who_may_only_review_sees_it_but_cannot_send_again(client, site,
                                                                 failed_notification):
    referral = failed_notification
    reviewer = make_user("reviewer", access_admin=True)
    reviewer.user_permissions.add(Permission.objects.get(codename="review_referral"))
    client.login(username="reviewer", password=PASSWORD)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert referral.reference in home and "Send again" not in home
    url = reverse("marac_notification_send_again", args=[referral.notification.pk])
    assert client.post(url).status_code == 403
    referral.notification.refresh_from_db()
    assert referral.notification.state == State.FAILED
    assert not ModelLogEntry.objects.filter(action="marac.referral.notify_again").exists()


def test_editors_neither_see_nor_send(client, site, failed_notification):
    referral = failed_notification
    make_user("editor", groups=["Editors"])
    client.login(username="editor", password=PASSWORD)
    assert referral.reference not in client.get(reverse("wagtailadmin_home")).content.decode()
    url = reverse("marac_notification_send_again", args=[referral.notification.pk])
    assert client.post(url).status_code == 403
    assert Group.objects.filter(name="Editors").exists()
