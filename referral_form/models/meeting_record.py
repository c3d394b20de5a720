"""What a meeting decided: who attended, each case heard there and the actions agreed.

A Hearing is the fact that a case was heard at a meeting, with its outcome; it is never removed
when the case is closed, so the meeting's record, the flag review and the counts keep it.
Free text (the risks noted, what an action is) may name people, so it is encrypted; an agency is
an organisation's name and stays plain so overdue actions can be listed by agency.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from referral_form.fields import EncryptedJSONField, EncryptedTextField


class MeetingRecord(models.Model):
    """One per meeting, made when the coordinator first records something about it."""

    meeting = models.OneToOneField("guidance.MaracMeeting", on_delete=models.CASCADE,
                                   related_name="record")
    # Organisations present, one per list item (encrypted: a coordinator may add a name).
    agencies_present = EncryptedJSONField(default=list)
    agenda_circulated_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Record of {self.meeting}"


class Hearing(models.Model):
    class Outcome(models.TextChoices):
        ACTIONS_AGREED = "actions_agreed", "Actions agreed"
        REFERRED_TO_MARAC = "referred_to_marac", "Referred on to a full MARAC"
        NO_FURTHER_ACTION = "no_further_action", "No further action"

    referral = models.ForeignKey("referral_form.Referral", on_delete=models.CASCADE,
                                 related_name="hearings")
    meeting = models.ForeignKey("guidance.MaracMeeting", on_delete=models.PROTECT,
                                related_name="hearings")
    # The meeting's date, kept here so the flag review and repeats read one indexed column.
    heard_on = models.DateField(db_index=True)
    # The kind of meeting it was heard at (full MARAC or pre-MARAC), for the same reason.
    meeting_kind = models.CharField(max_length=10)
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    risks_noted = EncryptedTextField(blank=True, default="")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["heard_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["referral", "meeting"],
                                               name="one_hearing_per_meeting")]

    def __str__(self) -> str:
        return f"{self.referral} heard on {self.heard_on:%d/%m/%Y}"


class AgreedAction(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    agency = models.CharField(max_length=200, help_text="The organisation, not a person.")
    action = EncryptedTextField()
    due_on = models.DateField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["due_on"], name="agreed_action_open_due_idx",
                                condition=models.Q(done_at__isnull=True))]

    def __str__(self) -> str:
        return f"Action {self.position + 1} for {self.hearing.referral}"
