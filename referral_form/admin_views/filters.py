"""List filters for the referrals list: status (including suspected spam), criteria and flags."""

from django.contrib.admin import SimpleListFilter
from django.db.models import Q
from django.utils import timezone

from referral_form import rules
from referral_form.models import Referral

CRITERIA_SHORT_LABELS = {str(criterion): label for criterion, label in rules.SHORT_LABELS.items()}


class StatusFilter(SimpleListFilter):
    """Every status; suspected spam only appears in the list when chosen here."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Referral.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Referral.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class CriteriaFilter(SimpleListFilter):
    """The route to the threshold, over the meets_* columns."""

    title = "criteria"
    parameter_name = "criteria"

    def lookups(self, request, model_admin):
        return [(code, rules.Criterion(code).label) for code in Referral.CRITERIA_FIELDS]

    def queryset(self, request, queryset):
        field = Referral.CRITERIA_FIELDS.get(self.value() or "")
        if field:
            return queryset.filter(**{field: True})
        return queryset


class FlagFilter(SimpleListFilter):
    title = "flags"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [
            ("repeat", "Repeat"),
            ("linked", "Linked case"),
            ("unverified", "Unverified (bot check)"),
            ("idva_overdue", "IDVA referral overdue"),
            ("closed_marac", "Closed MARAC requested"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "repeat":
            return queryset.filter(is_repeat=True)
        if value == "linked":
            return queryset.filter(is_linked=True)
        if value == "unverified":
            return queryset.filter(verification=Referral.Verification.UNVERIFIED)
        if value == "closed_marac":
            return queryset.filter(closed_marac_requested=True)
        if value == "idva_overdue":
            return queryset.filter(
                Q(idva_referred_at__isnull=True), idva_referral_due__lt=timezone.localdate(),
                status__in=[Referral.Status.SUBMITTED, Referral.Status.ACCEPTED_MARAC,
                            Referral.Status.ACCEPTED_PRE_MARAC])
        return queryset
