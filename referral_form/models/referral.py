"""A submitted MARAC referral and the people in it.

Anything that can identify a person (names, dates of birth, addresses, phone numbers) and all
free text is held in encrypted fields. Plain columns hold only what the coordinators filter and
sort by: status, dates, score, the routes met and flags. Exact-match look-ups use keyed hashes.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from referral_form.fields import EncryptedJSONField, EncryptedTextField
from referral_form.rules import Criterion
from referral_form.rules.checklists import RiskLevel


class Referral(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "New"
        ACCEPTED_MARAC = "accepted_marac", "Accepted for MARAC"
        ACCEPTED_PRE_MARAC = "accepted_pre_marac", "Accepted for pre-MARAC"
        HEARD = "heard", "Heard at a meeting"
        RETURNED = "returned", "Returned to referrer"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUSPECTED_SPAM = "suspected_spam", "Suspected spam"

    class Verification(models.TextChoices):
        VERIFIED = "verified", "Verified"
        UNVERIFIED = "unverified", "Unverified"

    class ReturnReason(models.TextChoices):
        INCOMPLETE = "incomplete", "The referral is incomplete"
        POOR_QUALITY = "poor_quality", "The information is not good enough to act on"
        NOT_MEETING_CRITERIA = "not_meeting_criteria", "The case does not meet the criteria"

    class ClosureReason(models.TextChoices):
        DISCUSSED = "discussed", "Heard at the meeting and the actions are complete"
        DUPLICATE = "duplicate", "A duplicate of another referral"
        TRANSFERRED = "transferred", "Moved to another area's MARAC"
        REFERRER_WITHDREW = "referrer_withdrew", "Withdrawn by the referring agency"
        OTHER = "other", "Another reason (explained in the note)"

    class SpamReason(models.TextChoices):
        NONE = "", "None"
        HONEYPOT = "honeypot", "Hidden field filled in"
        RATE_LIMIT = "rate_limit", "Too many submissions from one address"

    reference = models.CharField(max_length=16, unique=True)
    submission_token = models.UUIDField(unique=True, editable=False)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    verification = models.CharField(max_length=12, choices=Verification.choices,
                                    default=Verification.UNVERIFIED)
    bot_check_verdict = models.CharField(max_length=20, blank=True)
    bot_check_score = models.FloatField(null=True, blank=True)
    spam_reason = models.CharField(max_length=20, choices=SpamReason.choices, blank=True,
                                   default=SpamReason.NONE)

    # The checklist and criteria exactly as scored on the server at submission.
    checklist_version = models.CharField(max_length=20)
    checklist_answers = EncryptedJSONField(default=dict)
    stalking_answers = EncryptedJSONField(default=dict)
    # The checklist's comments box and the practitioner's level of risk, encrypted like the
    # answers. Blank on referrals made before the form asked them.
    checklist_comments = EncryptedTextField(blank=True, default="")
    risk_level = EncryptedTextField(blank=True, default="", choices=RiskLevel.choices)
    yes_count = models.PositiveSmallIntegerField()
    threshold_used = models.PositiveSmallIntegerField()
    # The area rule set the referral was judged by, kept whole so a later change to the area's
    # rules never changes how this referral was assessed (no personal data).
    rule_set_key = models.CharField(max_length=50, blank=True)
    rule_set_version = models.PositiveIntegerField(default=1)
    rule_set = models.JSONField(default=dict, blank=True)
    meets_visible_high_risk = models.BooleanField(default=False)
    meets_professional_judgement = models.BooleanField(default=False)
    meets_escalation = models.BooleanField(default=False)
    meets_repeat = models.BooleanField(default=False)
    meets_suicide_self_harm = models.BooleanField(default=False)
    criteria_reasons = models.JSONField(default=dict,
                                        help_text="Reason per route; no personal data.")
    criteria_evidence = EncryptedJSONField(default=dict)
    suggested_forum = models.CharField(max_length=12, default="marac")

    referrer = EncryptedJSONField(default=dict)
    referrer_agency = models.CharField(max_length=200, blank=True,
                                       help_text="The organisation, not a person.")
    person_at_risk = EncryptedJSONField(default=dict)
    person_at_risk_lookup = models.CharField(max_length=64, blank=True, db_index=True)
    aware_of_referral = models.CharField(max_length=10, blank=True)
    consent_given = models.CharField(max_length=10, blank=True)
    lawful_basis = models.CharField(max_length=30, blank=True)
    narrative = EncryptedJSONField(default=dict)
    has_children = models.CharField(max_length=10, blank=True)
    closed_marac_requested = models.BooleanField(default=False)
    closed_marac_reasons = EncryptedTextField(blank=True, default="")

    meeting = models.ForeignKey("guidance.MaracMeeting", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="referrals")
    is_repeat = models.BooleanField(default=False, db_index=True)
    is_linked = models.BooleanField(default=False, db_index=True)
    idva_referral_due = models.DateField(null=True, blank=True)
    idva_referred_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.CharField(max_length=30, choices=ReturnReason.choices, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)

    class Meta:
        ordering = ["-received_at"]
        permissions = [("review_referral", "Can review, accept, return and schedule referrals")]
        indexes = [
            # The coordinators' list, newest first without suspected spam: its pages and count.
            models.Index(fields=["received_at", "id"], name="referral_list_not_spam_idx",
                         condition=~models.Q(status="suspected_spam")),
            # The list filtered by status, newest first.
            models.Index(fields=["status", "received_at"], name="referral_status_received_idx"),
            # IDVA referrals not yet recorded (the overdue filter and the dashboard figure).
            models.Index(fields=["idva_referral_due"], name="referral_idva_pending_idx",
                         condition=models.Q(idva_referred_at__isnull=True)),
            # The same person's referrals by date (repeat detection); with the status, the flag
            # review's set of people referred since its cutoff comes from the index alone.
            models.Index(fields=["person_at_risk_lookup", "received_at", "status"],
                         name="referral_person_received_idx"),
            # A meeting's cases by status and person, with the key: the flag review's people
            # discussed before and after its cutoff, read from the index alone.
            models.Index(fields=["meeting", "status", "person_at_risk_lookup", "id"],
                         name="referral_meeting_person_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    # One boolean column per route, named after the rules' criterion codes.
    CRITERIA_FIELDS = {criterion.value: f"meets_{criterion.value}" for criterion in Criterion}

    @property
    def criteria_met(self) -> list[str]:
        return [code for code, name in self.CRITERIA_FIELDS.items() if getattr(self, name)]


class PersonCausingHarm(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE,
                                 related_name="people_causing_harm")
    position = models.PositiveSmallIntegerField(default=0)
    details = EncryptedJSONField(default=dict)
    relationship = models.CharField(max_length=30, blank=True)
    lookup = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["position"]
        verbose_name = "person causing harm"
        verbose_name_plural = "people causing harm"

    def __str__(self) -> str:
        return f"Person causing harm {self.position + 1} in {self.referral.reference}"


class ChildDependant(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveSmallIntegerField(default=0)
    details = EncryptedJSONField(default=dict)
    unborn = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        verbose_name = "child or dependant"
        verbose_name_plural = "children and dependants"

    def __str__(self) -> str:
        return f"Child or dependant {self.position + 1} in {self.referral.reference}"


class StatusChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE,
                                 related_name="status_history")
    status = models.CharField(max_length=24, choices=Referral.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral.reference}: {self.get_status_display()}"


class ReferralLink(models.Model):
    """A flag that two referrals concern the same person at risk or person causing harm."""

    class Kind(models.TextChoices):
        REPEAT = "repeat", "Repeat: same person at risk, heard at MARAC within the repeat window"
        SAME_VICTIM = "same_victim", "Same person at risk, different person causing harm"
        SAME_HARMER = "same_harmer", "Same person causing harm linked to another referral"
        RESUBMISSION = "resubmission", "Resubmission of this returned referral"
        RESUBMITTED_AS = "resubmitted_as", "Returned, then sent again as this referral"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="links")
    linked = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "linked", "kind"],
                                               name="unique_referral_link")]

    def __str__(self) -> str:
        return f"{self.referral} → {self.linked} ({self.kind})"
