"""The coordinators' new-referral email: one row per referral, so that a failure is seen."""

from django.db import models
from django.utils import timezone


class CoordinatorNotification(models.Model):
    """Whether the 'new referral' email reached the mail server, and how the tries went.

    No personal data: the email itself carries only the reference and a link. ``last_error``
    holds the kind of failure (for example ``SMTPConnectError``), never a message or address.
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    referral = models.OneToOneField("referral_form.Referral", on_delete=models.CASCADE,
                                    related_name="notification")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING,
                             db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Notification of {self.referral_id}: {self.state}"
