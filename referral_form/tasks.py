"""Background work: notifying the coordinators. Emails carry a reference and a link only.

Task arguments are stored in plain text by the database backend, so they are ids only.
"""

from django_tasks import task


@task()
def send_coordinator_notification(notification_id: int) -> None:
    from referral_form.notifications import notification_deliver

    notification_deliver(notification_id=notification_id)
