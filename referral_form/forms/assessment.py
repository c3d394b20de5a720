"""Forms for the risk checklist and the referral-criteria evidence.

Used by both the criteria self-check and the wizard's checklist and criteria steps, so the
field names here are the names answers travel under between the two.
"""

import functools
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from referral_form.rules import (
    Answer,
    Checklist,
    Criterion,
    Evidence,
    Question,
    RepeatCountsFrom,
    RepeatIncident,
    RuleSet,
    stalking_applies,
)
from referral_form.rules.checklists import (
    COMMENTS_HEADING,
    COMMENTS_PROMPT,
    RISK_LEVEL_DESCRIPTIONS,
    RISK_LEVEL_QUESTION,
    RiskLevel,
)
from referral_form.rules.dates import MONTH_NAMES

STALKING_PREFIX = "stalking_"
TEXT_MAX_LENGTH = 5000
# The checklist's comments box and the practitioner's level of risk: asked with the questions
# (in the order the checklist prints them), never counted.
COMMENTS_FIELD = "checklist_comments"
RISK_LEVEL_FIELD = "risk_level"
CHECKLIST_EXTRA_FIELDS = (COMMENTS_FIELD, RISK_LEVEL_FIELD)
INCIDENT_DATE_FIELDS = tuple(f"incident_date_{n}" for n in range(1, 7))
EARLIEST_YEAR = 1900
DATE_EXAMPLE = "12/3/2025"


class YesNo:
    YES = "yes"
    NO = "no"
    CHOICES = [(YES, "Yes"), (NO, "No")]


def stalking_field_name(question: Question) -> str:
    return f"{STALKING_PREFIX}{question.id}"


def answer_field(question: Question, *, label: str, required: bool, counts: bool):
    """A yes / no / not known radio question."""
    message = f"Select yes, no or not known for {_question_name(question)}"
    attrs = {"data-counts": "true"} if counts else {}
    return forms.ChoiceField(
        choices=Answer.choices,
        widget=forms.RadioSelect(attrs=attrs),
        required=required,
        label=label,
        help_text=question.guidance,
        error_messages={"required": message, "invalid_choice": message},
    )


def _question_name(question: Question) -> str:
    if question.section == "stalking":
        return f"stalking question {question.number}"
    return f"question {question.number}"


@functools.lru_cache(maxsize=64)
def checklist_fields(checklist: Checklist) -> dict[str, forms.Field]:
    """The checklist's fields, built once per checklist: building 37 choice fields costs more
    than a wizard step's whole encryption and session write. Forms share them (validating and
    rendering never change a field); a form that changes one must replace it with a copy."""
    fields = {}
    for question in checklist.questions:
        fields[question.id] = answer_field(
            question, label=f"{question.number}. {question.text}", required=True, counts=True
        )
    for question in checklist.stalking_questions:
        fields[stalking_field_name(question)] = answer_field(
            question, label=f"S{question.number}. {question.text}", required=False,
            counts=False,
        )
    return fields


def comments_field() -> forms.CharField:
    """The checklist's comments box: its heading as the label, its printed prompt shown with
    it (see `COMMENTS_PROMPT`), our own note as the help text. Optional."""
    return forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        label=COMMENTS_HEADING,
        help_text="Optional. Give the question number with each comment. Describe the risk "
        "without names or other details that could identify anyone.",
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 6}),
        error_messages={
            "max_length": f"Comments must be {TEXT_MAX_LENGTH:,} characters or fewer",
        },
    )


def risk_level_field() -> forms.ChoiceField:
    """The practitioner's level of risk, as the checklist asks it. Required."""
    message = "Select the level of risk in this case: standard, medium or high"
    return forms.ChoiceField(
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        label=RISK_LEVEL_QUESTION,
        help_text="Your own judgement as the practitioner, whatever the number of 'yes' "
        "answers.",
        error_messages={"required": message, "invalid_choice": message},
    )


class ChecklistForm(forms.Form):
    """One radio question per checklist question, plus the conditional stalking questions and
    the checklist's comments box."""

    comments_prompt = COMMENTS_PROMPT

    def __init__(self, *args, checklist: Checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        self.fields.update(checklist_fields(checklist))
        # Printed after the questions and before the stalking section.
        self.fields[COMMENTS_FIELD] = comments_field()
        for name in [n for n in self.fields if n.startswith(STALKING_PREFIX)]:
            self.fields[name] = self.fields.pop(name)

    def comments(self) -> str:
        """The comments as typed (call after is_valid())."""
        return self.cleaned_data.get(COMMENTS_FIELD, "")

    def clean(self):
        cleaned = super().clean()
        if stalking_applies(self.checklist, cleaned):
            trigger = self.checklist.stalking_trigger
            for question in self.checklist.stalking_questions:
                name = stalking_field_name(question)
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        f"Select yes, no or not known for stalking question {question.number} "
                        f"(question {trigger.number} is 'yes')",
                    )
        return cleaned

    def answers(self) -> dict[str, str]:
        """{question id: answer} for the scored questions."""
        return {
            q.id: self.cleaned_data[q.id]
            for q in self.checklist.questions
            if self.cleaned_data.get(q.id)
        }

    def stalking_answers(self) -> dict[str, str]:
        """{question id: answer} for the stalking questions, only when they apply.

        A form without the trigger question (a stalking-only step) always applies.
        """
        trigger_in_form = self.checklist.stalking_trigger.id in self.fields
        if trigger_in_form and not stalking_applies(self.checklist, self.cleaned_data):
            return {}
        return {
            q.id: self.cleaned_data[stalking_field_name(q)]
            for q in self.checklist.stalking_questions
            if self.cleaned_data.get(stalking_field_name(q))
        }

    def sections(self):
        """[(SectionGroup, [(Question, BoundField), ...]), ...] for rendering fieldsets."""
        return [
            (group, [(q, self[q.id]) for q in group.questions])
            for group in self.checklist.sections()
        ]

    def stalking_fields(self):
        """[(Question, BoundField), ...] for the stalking questions."""
        return [(q, self[stalking_field_name(q)]) for q in self.checklist.stalking_questions]

    def hidden_items(self) -> list[tuple[str, str]]:
        """(field name, value) pairs that re-create these answers in another form."""
        items = list(self.answers().items())
        stalking = self.stalking_answers().items()
        items += [(f"{STALKING_PREFIX}{qid}", value) for qid, value in stalking]
        if self.comments():
            items.append((COMMENTS_FIELD, self.comments()))
        return items


def risk_level_options(bound_field) -> list[tuple]:
    """[(BoundWidget, description as printed), ...] for rendering the level of risk."""
    return [(option, RISK_LEVEL_DESCRIPTIONS[RiskLevel(option.data["value"])])
            for option in bound_field]


_NUMERIC = re.compile(r"^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{1,4})$")
_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9


class FlexibleDateField(forms.Field):
    """A date typed in one box: 12/3/2025, 12/03/2025, 2025-03-12 or 12 March 2025.

    `subject` names the date in messages ("the date of incident 2"). Dates after `max_date`
    (set by the form to today) are refused.
    """

    widget = forms.TextInput(attrs={"class": "input input--short", "autocomplete": "off",
                                    "spellcheck": "false"})

    def __init__(self, *, subject: str, max_date: date | None = None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.subject = subject
        self.max_date = max_date

    def _error(self, message: str, code: str) -> ValidationError:
        return ValidationError(message, code=code)

    def to_python(self, value):
        if isinstance(value, date):
            return value
        text = " ".join(str(value or "").split()).lower()
        if not text:
            return None
        subject = self.subject
        capital = subject[0].upper() + subject[1:]
        year = month = day = None
        if match := _NUMERIC.match(text):
            first, second, third = match.groups()
            if len(first) == 4:  # yyyy-mm-dd
                year, month, day = first, second, third
            else:
                day, month, year = first, second, third
        elif match := _WORDS.match(text):
            day, month_name, year = match.groups()
            if month_name not in _MONTHS:
                raise self._error(
                    f"Enter {subject} as a date, for example {DATE_EXAMPLE}", "invalid"
                )
            month = _MONTHS[month_name]
        else:
            raise self._error(f"Enter {subject} as a date, for example {DATE_EXAMPLE}", "invalid")
        if len(str(year)) != 4:
            raise self._error(f"Enter the year of {subject} in full, for example 2025", "year")
        try:
            parsed = date(int(year), int(month), int(day))
        except ValueError:
            raise self._error(f"{capital} must be a real date", "impossible") from None
        if parsed.year < EARLIEST_YEAR:
            raise self._error(f"{capital} must be in {EARLIEST_YEAR} or later", "too_early")
        if self.max_date is not None and parsed > self.max_date:
            raise self._error(f"{capital} must be today or in the past", "future")
        return parsed


def _yes_no_field(label: str, message: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=YesNo.CHOICES,
        widget=forms.RadioSelect,
        label=label,
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


def _text_field(label: str, help_text: str, too_long: str) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 5}),
        error_messages={"max_length": too_long},
    )


DATE_HINT = f"For example, {DATE_EXAMPLE} or 12 March 2025."


class CriteriaEvidenceForm(forms.Form):
    """The evidence for the routes other than the checklist score."""

    professional_judgement = _yes_no_field(
        "Do you believe the person is at high risk of serious harm, whatever the score?",
        "Select yes if you believe the person is at high risk of serious harm, or no if not",
        "Serious harm means a risk that is life-threatening or traumatic, and from which "
        "recovery would be difficult or impossible.",
    )
    professional_judgement_rationale = _text_field(
        "Why do you believe the person is at high risk?",
        "Needed if you answered yes. Describe the risk without names or other details that "
        "could identify anyone.",
        f"Reasons for your judgement must be {TEXT_MAX_LENGTH:,} characters or fewer",
    )
    escalating = _yes_no_field(
        "Is the abuse escalating?",
        "Select yes if the abuse is escalating, or no if not",
        "Happening more often or becoming more severe.",
    )
    escalation_details = _text_field(
        "How is the abuse escalating?",
        "Needed if you answered yes. Describe the pattern without names or other details that "
        "could identify anyone.",
        f"How the abuse is escalating must be {TEXT_MAX_LENGTH:,} characters or fewer",
    )
    incident_date_1 = FlexibleDateField(subject="the date of incident 1", label="Incident 1",
                                        help_text=DATE_HINT)
    incident_date_2 = FlexibleDateField(subject="the date of incident 2", label="Incident 2")
    incident_date_3 = FlexibleDateField(subject="the date of incident 3", label="Incident 3")
    incident_date_4 = FlexibleDateField(subject="the date of incident 4", label="Incident 4")
    incident_date_5 = FlexibleDateField(subject="the date of incident 5", label="Incident 5")
    incident_date_6 = FlexibleDateField(subject="the date of incident 6", label="Incident 6")
    last_marac_date = FlexibleDateField(subject="the date of the last MARAC")
    new_incident_date = FlexibleDateField(
        subject="the date of the new incident",
        label="When was the new incident?",
        help_text=DATE_HINT,
    )
    repeat_incident_types = forms.MultipleChoiceField(
        required=False,
        choices=RepeatIncident.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What happened in the new incident?",
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Select what happened from the list"},
    )
    suicide_self_harm = _yes_no_field(
        "Is the person at high risk of suicide or self-harm because of the ongoing abuse?",
        "Select yes if the person is at high risk of suicide or self-harm, or no if not",
    )
    suicide_self_harm_details = _text_field(
        "What is the risk of suicide or self-harm?",
        "Needed if you answered yes. Do not include names or other details that could "
        "identify anyone.",
        f"Details of the risk of suicide or self-harm must be {TEXT_MAX_LENGTH:,} characters "
        "or fewer",
    )

    def __init__(self, *args, rule_set: RuleSet, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule_set = rule_set
        self.today = today or timezone.localdate()
        for name in (*INCIDENT_DATE_FIELDS, "last_marac_date", "new_incident_date"):
            self.fields[name].max_date = self.today
        # Only the routes this area uses are asked about.
        if not rule_set.uses(Criterion.PROFESSIONAL_JUDGEMENT):
            self._drop("professional_judgement", "professional_judgement_rationale")
        if not rule_set.uses(Criterion.ESCALATION):
            self._drop("escalating", "escalation_details", *INCIDENT_DATE_FIELDS)
        elif rule_set.escalation_is_counted:
            self._drop("escalating", "escalation_details")
        elif not rule_set.escalation_window_months:
            self._drop(*INCIDENT_DATE_FIELDS)
        if not rule_set.uses(Criterion.REPEAT):
            self._drop("last_marac_date", "new_incident_date", "repeat_incident_types")
        else:
            counted_from = RepeatCountsFrom(rule_set.repeat_counts_from)
            start = self.fields["last_marac_date"]
            start.label = f"If this is a repeat: the date of {counted_from.label}"
            start.help_text = ("Leave blank if the person has not been referred to MARAC "
                               "before. " + DATE_HINT)
            start.subject = f"the date of {counted_from.label}"
            if rule_set.repeat_incident_types:
                types = self.fields["repeat_incident_types"]
                types.choices = [(value, RepeatIncident(value).label)
                                 for value in rule_set.repeat_incident_types]
            else:
                self._drop("repeat_incident_types")
        if not rule_set.uses(Criterion.SUICIDE_SELF_HARM):
            self._drop("suicide_self_harm", "suicide_self_harm_details")

    def _drop(self, *names):
        for name in names:
            self.fields.pop(name, None)

    def uses(self, name: str) -> bool:
        return name in self.fields

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("professional_judgement") == YesNo.YES and not cleaned.get(
            "professional_judgement_rationale"
        ):
            self.add_error(
                "professional_judgement_rationale",
                "Say why you believe the person is at high risk of serious harm",
            )
        if cleaned.get("escalating") == YesNo.YES and not cleaned.get("escalation_details"):
            self.add_error("escalation_details", "Describe how the abuse is escalating")
        if cleaned.get("suicide_self_harm") == YesNo.YES and not cleaned.get(
            "suicide_self_harm_details"
        ):
            self.add_error(
                "suicide_self_harm_details", "Describe the risk of suicide or self-harm"
            )
        last, new = cleaned.get("last_marac_date"), cleaned.get("new_incident_date")
        if "last_marac_date" in self.fields:
            subject = self.fields["last_marac_date"].subject
            if new and not last and "last_marac_date" not in self.errors:
                self.add_error("last_marac_date",
                               f"Enter {subject}, or leave the new incident date blank")
            if new and last and new <= last:
                self.add_error("new_incident_date",
                               f"The date of the new incident must be after {subject}")
        return cleaned

    def incident_fields(self):
        return [self[name] for name in INCIDENT_DATE_FIELDS if name in self.fields]

    def evidence(self, today: date | None = None) -> Evidence:
        """The cleaned answers as rules evidence (call after is_valid())."""
        cd = self.cleaned_data
        return Evidence(
            professional_judgement=cd.get("professional_judgement") == YesNo.YES,
            professional_judgement_rationale=cd.get("professional_judgement_rationale", ""),
            escalating=cd.get("escalating") == YesNo.YES,
            escalation_details=cd.get("escalation_details", ""),
            incident_dates=tuple(cd[n] for n in INCIDENT_DATE_FIELDS if cd.get(n)),
            last_marac_date=cd.get("last_marac_date"),
            new_incident_date=cd.get("new_incident_date"),
            repeat_incident_types=tuple(cd.get("repeat_incident_types") or ()),
            suicide_self_harm=cd.get("suicide_self_harm") == YesNo.YES,
            suicide_self_harm_details=cd.get("suicide_self_harm_details", ""),
            today=today or self.today,
        )

    def hidden_items(self) -> list[tuple[str, str]]:
        """(field name, value) pairs that re-create these answers in another form."""
        items = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            if isinstance(value, list):
                items.extend((name, item) for item in value)
                continue
            items.append((name, value.isoformat() if isinstance(value, date) else str(value)))
        return items
