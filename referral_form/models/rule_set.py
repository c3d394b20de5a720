"""Area rule sets in the database: the three seeded ones, and administrators' copies.

A seeded row (Kirklees, Kent and Medway, Bristol) always answers with the rule set in
`referral_form.rules.areas`, word for word from its document; it cannot be edited, only
copied. A copy keeps every value of its original with the original's source, and a value the
administrator changes becomes the area's own choice. Each save of a copy is a new version;
referrals keep the values they were judged by, so a change never rewrites an old assessment.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from referral_form import rules
from referral_form.rules import Criterion


def _checklist_choices():
    return [(version, checklist.label) for version, checklist in rules.CHECKLISTS.items()]


# The RuleSet values held in their own columns (the rest are per-route wording and pre-MARAC).
SIMPLE_VALUES = (
    "area_name", "checklist_version", "visible_high_risk_count", "routes", "escalation_mode",
    "escalation_incidents", "escalation_window_months", "repeat_window_months",
    "repeat_counts_from", "repeat_incident_types", "standalone_indicator_ids",
    "idva_contact_days", "idva_day_kind", "agenda_circulation_working_days", "meeting_cadence",
    "flag_months", "below_threshold_advice",
)


class AreaRuleSet(models.Model):
    key = models.SlugField(
        max_length=50, unique=True,
        help_text="A short name for the rule set, e.g. 'north-yorkshire'.",
    )
    area_name = models.CharField(max_length=100)
    seeded = models.BooleanField(default=False, editable=False)
    based_on = models.CharField(
        max_length=50, blank=True, editable=False,
        help_text="The seeded rule set this one was copied from.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    checklist_version = models.CharField(max_length=20, choices=_checklist_choices)
    visible_high_risk_count = models.PositiveSmallIntegerField(
        help_text="'Yes' answers that make a case visible high risk.")
    routes = models.JSONField(default=list, help_text="The routes into MARAC the area uses.")
    visible_high_risk_label = models.CharField(max_length=60, blank=True)
    visible_high_risk_definition = models.TextField(blank=True)
    professional_judgement_label = models.CharField(max_length=60, blank=True)
    professional_judgement_definition = models.TextField(blank=True)
    escalation_label = models.CharField(max_length=60, blank=True)
    escalation_definition = models.TextField(blank=True)
    repeat_label = models.CharField(max_length=60, blank=True)
    repeat_definition = models.TextField(blank=True)
    suicide_self_harm_label = models.CharField(max_length=60, blank=True)
    suicide_self_harm_definition = models.TextField(blank=True)
    escalation_mode = models.CharField(max_length=12, choices=rules.EscalationMode.choices,
                                       default=rules.EscalationMode.JUDGEMENT)
    escalation_incidents = models.PositiveSmallIntegerField(null=True, blank=True)
    escalation_window_months = models.PositiveSmallIntegerField(null=True, blank=True)
    repeat_window_months = models.PositiveSmallIntegerField(null=True, blank=True)
    repeat_counts_from = models.CharField(max_length=20, blank=True,
                                          choices=rules.RepeatCountsFrom.choices)
    repeat_incident_types = models.JSONField(default=list, blank=True)
    standalone_indicator_ids = models.JSONField(default=list, blank=True)
    premarac_enabled = models.BooleanField(default=False)
    premarac_band_low = models.PositiveSmallIntegerField(null=True, blank=True)
    premarac_band_high = models.PositiveSmallIntegerField(null=True, blank=True)
    premarac_escalation_first = models.BooleanField(default=False)
    premarac_repeat_first = models.BooleanField(default=False)
    idva_contact_days = models.PositiveSmallIntegerField(null=True, blank=True)
    idva_day_kind = models.CharField(max_length=10, choices=rules.DayKind.choices,
                                     default=rules.DayKind.CALENDAR)
    agenda_circulation_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting_cadence = models.CharField(max_length=100, blank=True)
    flag_months = models.PositiveSmallIntegerField(null=True, blank=True)
    below_threshold_advice = models.JSONField(default=list, blank=True)
    source_notes = models.TextField(
        blank=True,
        help_text="Where the area's own values come from (its protocol, a decision and date).",
    )

    class Meta:
        ordering = ["area_name", "key"]
        verbose_name = "area rule set"

    def __str__(self) -> str:
        suffix = " (as its document)" if self.seeded else f" (version {self.version})"
        return f"{self.area_name}{suffix}"

    def save(self, *args, **kwargs):
        if self.pk and not self.seeded:
            self.version = (type(self).objects.filter(pk=self.pk)
                            .values_list("version", flat=True).first() or 0) + 1
        super().save(*args, **kwargs)

    # --- to and from the rules' RuleSet ---------------------------------------------------

    def to_rule_set(self) -> rules.RuleSet:
        """The immutable rule set this row stands for."""
        if self.seeded and self.key in rules.SEEDED_RULE_SETS:
            return rules.SEEDED_RULE_SETS[self.key]
        values = {name: getattr(self, name) for name in SIMPLE_VALUES}
        values["route_labels"] = {
            c.value: getattr(self, f"{c.value}_label") for c in Criterion
            if getattr(self, f"{c.value}_label")}
        values["route_definitions"] = {
            c.value: getattr(self, f"{c.value}_definition") for c in Criterion
            if getattr(self, f"{c.value}_definition")}
        values["premarac"] = None
        if self.premarac_enabled:
            values["premarac"] = rules.PreMaracRouting(
                band_low=self.premarac_band_low or 0, band_high=self.premarac_band_high or 0,
                escalation_first=self.premarac_escalation_first,
                repeat_first=self.premarac_repeat_first)
        draft = rules.RuleSet(key=self.key, version=self.version, based_on=self.based_on,
                              **values)
        return draft.changed(sources=self._sources_for(draft))

    def _sources_for(self, rule_set: rules.RuleSet) -> dict:
        """The original's source for each value left as it was; the area's choice otherwise."""
        original = rules.SEEDED_RULE_SETS.get(self.based_on)
        if original is None:
            return {}
        kept = {}
        for name, source in original.sources.items():
            base_name = name.split(".")[0]
            if getattr(original, base_name, None) == getattr(rule_set, base_name, None):
                kept[name] = source
        for route in rule_set.routes:
            if rule_set.route_definitions.get(route) != original.route_definitions.get(route):
                kept.pop("routes", None)
        return kept

    @classmethod
    def values_from_rule_set(cls, rule_set: rules.RuleSet) -> dict:
        """Column values for a row holding `rule_set`."""
        values = {name: getattr(rule_set, name) for name in SIMPLE_VALUES}
        for name in ("routes", "repeat_incident_types", "standalone_indicator_ids",
                     "below_threshold_advice"):
            values[name] = list(values[name])
        for c in Criterion:
            values[f"{c.value}_label"] = rule_set.route_labels.get(c.value, "")
            values[f"{c.value}_definition"] = rule_set.route_definitions.get(c.value, "")
        premarac = rule_set.premarac
        values.update(
            premarac_enabled=premarac is not None,
            premarac_band_low=premarac.band_low if premarac else None,
            premarac_band_high=premarac.band_high if premarac else None,
            premarac_escalation_first=bool(premarac and premarac.escalation_first),
            premarac_repeat_first=bool(premarac and premarac.repeat_first),
        )
        return values

    def clean(self):
        super().clean()
        if self.seeded:
            raise ValidationError(
                "A seeded rule set follows its area's document word for word: copy it to "
                "make an area's own version.")
        errors = rules.validate(self.to_rule_set())
        if "premarac" in errors:
            errors["premarac_band_high"] = errors.pop("premarac")
        for route in self.routes or []:
            if route in Criterion.values and not getattr(self, f"{route}_definition").strip():
                errors[f"{route}_definition"] = (
                    "Say what this route means in this area: referrers read it.")
        if errors:
            raise ValidationError(errors)


def sync_seeded_rule_sets(model=AreaRuleSet) -> None:
    """Create or refresh the rows for the seeded rule sets (migrations and the demo loader)."""
    with transaction.atomic():
        for key, rule_set in rules.SEEDED_RULE_SETS.items():
            values = AreaRuleSet.values_from_rule_set(rule_set)
            values.update(seeded=True, based_on=key, version=rule_set.version)
            model.objects.update_or_create(key=key, defaults=values)
