"""'Area rule sets' under Settings: see the seeded rule sets, copy one, change the copy."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from referral_form import rules
from referral_form.models import AreaRuleSet
from referral_form.rules import Criterion


def _question_choices():
    seen = {}
    for checklist in rules.CHECKLISTS.values():
        for question in checklist.questions:
            seen.setdefault(question.id, f"{question.id}: {question.text}")
    return sorted(seen.items())


# Where each checklist version's wording comes from, shown beside the choice.
CHECKLIST_SOURCES = " ".join(f"{checklist.label}: {checklist.source}"
                             for checklist in rules.CHECKLISTS.values())


class AreaRuleSetForm(WagtailAdminModelForm):
    routes = forms.MultipleChoiceField(choices=Criterion.choices,
                                       widget=forms.CheckboxSelectMultiple)
    repeat_incident_types = forms.MultipleChoiceField(
        choices=rules.RepeatIncident.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only if the area lists the kinds of incident that make a repeat.")
    standalone_indicator_ids = forms.MultipleChoiceField(
        choices=_question_choices, widget=forms.CheckboxSelectMultiple, required=False,
        label="Standalone indicators",
        help_text="Answers the area's protocol names as high risk on their own (prompts only).")
    below_threshold_advice = forms.MultipleChoiceField(
        choices=[(step.key, step.title) for step in rules.BELOW_THRESHOLD_ADVICE],
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text="What referrers are told to do when no route is met.")

    def clean_source_notes(self):
        notes = self.cleaned_data.get("source_notes", "").strip()
        if not notes:
            raise forms.ValidationError(
                "Say where this area's values come from (its protocol, or who decided and when).")
        return notes


def _route_panel(route: Criterion):
    return MultiFieldPanel([FieldPanel(f"{route.value}_label"),
                            FieldPanel(f"{route.value}_definition")],
                           heading=f"{route.label}: the area's name and definition")


class AreaRuleSetViewSet(ModelViewSet):
    model = AreaRuleSet
    icon = "list-ul"
    menu_label = "Area rule sets"
    add_to_settings_menu = True
    name = "area_rule_sets"
    list_display = ["area_name", "key", "seeded", "version"]
    inspect_view_enabled = True
    edit_handler = ObjectList([
        HelpPanel(
            "The seeded rule sets (Kirklees, Kent and Medway, Bristol) follow their documents "
            "word for word and cannot be changed: use 'Copy' on one, give the copy its own key, "
            "and change what differs in your area. Each value you change becomes your area's "
            "own choice: record where it comes from in 'Source notes'. Choose the rule set in "
            "the area's MARAC settings. Referrals keep the rules they were judged by."),
        FieldRowPanel([FieldPanel("key"), FieldPanel("area_name")]),
        MultiFieldPanel([FieldPanel("checklist_version", help_text=CHECKLIST_SOURCES),
                         FieldPanel("visible_high_risk_count"),
                         FieldPanel("routes"), FieldPanel("standalone_indicator_ids")],
                        heading="Checklist and routes"),
        *[_route_panel(route) for route in Criterion],
        MultiFieldPanel([FieldPanel("escalation_mode"), FieldPanel("escalation_incidents"),
                         FieldPanel("escalation_window_months")],
                        heading="Potential escalation"),
        MultiFieldPanel([FieldPanel("repeat_window_months"), FieldPanel("repeat_counts_from"),
                         FieldPanel("repeat_incident_types")], heading="Repeats"),
        MultiFieldPanel([FieldPanel("premarac_enabled"), FieldPanel("premarac_band_low"),
                         FieldPanel("premarac_band_high"),
                         FieldPanel("premarac_escalation_first"),
                         FieldPanel("premarac_repeat_first")], heading="Pre-MARAC"),
        MultiFieldPanel([FieldPanel("idva_contact_days"), FieldPanel("idva_day_kind"),
                         FieldPanel("agenda_circulation_working_days"),
                         FieldPanel("meeting_cadence"), FieldPanel("flag_months"),
                         FieldPanel("below_threshold_advice")],
                        heading="Promises, meetings and advice"),
        FieldPanel("source_notes"),
    ], base_form_class=AreaRuleSetForm)


area_rule_set_viewset = AreaRuleSetViewSet()
