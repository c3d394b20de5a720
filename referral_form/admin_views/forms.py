"""Forms for the coordinators' actions. They only validate; the rules live in review.py."""

import datetime

from django import forms
from django.utils import timezone

from guidance.models import MaracMeeting
from referral_form import review, rules
from referral_form.forms.assessment import FlexibleDateField
from referral_form.forms.steps import LongTextField, PastDateField, TextField
from referral_form.models import Hearing, Referral

PERSONAL_DETAILS_WARNING = (
    "Do not type names, dates of birth, addresses or any other personal details: "
    "this goes to the referrer by ordinary email."
)
NOTE_WARNING = "Keep it short and factual. It is stored encrypted with the referral's history."


def meeting_label(meeting: MaracMeeting) -> str:
    """'MARAC on 5 March 2026 at 10:00 (referral deadline 26 February 2026 17:00)'."""
    starts = timezone.localtime(meeting.starts_at)
    deadline = timezone.localtime(meeting.referral_deadline)
    return (f"{meeting.get_kind_display()} on {rules.format_day(starts.date())} at "
            f"{starts:%H:%M} (referral deadline {rules.format_day(deadline.date())} "
            f"{deadline:%H:%M})")


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: MaracMeeting) -> str:
        return meeting_label(meeting)


class ActionForm(forms.Form):
    """Base: labels without a colon; summary() lists the choices for the confirmation step."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def summary(self) -> list[tuple[str, str]]:
        rows = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                shown = "None"
            elif isinstance(field, forms.ModelChoiceField):
                shown = field.label_from_instance(value)
            elif isinstance(value, datetime.date):
                shown = rules.format_day(value)
            elif getattr(field, "choices", None):
                shown = str(dict(field.choices).get(value, value))
            else:
                shown = str(value)
            rows.append((str(field.label), shown))
        return rows


class AcceptForm(ActionForm):
    forum = forms.ChoiceField(label="Accept for", choices=rules.Forum.choices,
                              widget=forms.RadioSelect)
    meeting = MeetingChoiceField(
        label="Meeting (optional)", queryset=MaracMeeting.objects.none(), required=False,
        empty_label="Choose later",
        help_text="The first meeting whose referral deadline had not passed when the referral "
        "arrived is chosen for you. You may choose a later one.",
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        self.fields["forum"].error_messages["required"] = "Select MARAC or pre-MARAC"


class AssignMeetingForm(ActionForm):
    meeting = MeetingChoiceField(label="Meeting", queryset=MaracMeeting.objects.none(),
                                 empty_label="Select a meeting")

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        self.fields["meeting"].error_messages["required"] = "Select a meeting"


class ReturnForm(ActionForm):
    reason = forms.ChoiceField(label="Reason", choices=Referral.ReturnReason.choices,
                               widget=forms.RadioSelect)
    message = LongTextField(label="Message to the referrer (optional)", max_length=2000,
                            required=False, help_text=PERSONAL_DETAILS_WARNING)

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.fields["reason"].error_messages["required"] = "Select why you are returning it"

    def clean_message(self):
        """Checked before the confirmation page, not only after the final click."""
        message = self.cleaned_data.get("message", "")
        if self.referral is not None:
            kind = review.personal_details_in(referral=self.referral, text=message)
            if kind:
                raise forms.ValidationError(review.personal_details_message(kind))
        return message


class IdvaReferralForm(ActionForm):
    referred_on = PastDateField(
        label="Date sent to the IDVA service", subject="the date sent to the IDVA service",
        help_text="For example 27/03/2026. Leave it as today if you have just sent it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_on"].error_messages["required"] = "Enter the date it was sent"


class CloseForm(ActionForm):
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect,
        choices=[("closed", "Close the referral"), ("withdrawn", "Mark it as withdrawn")],
    )
    reason = forms.ChoiceField(label="Reason", choices=Referral.ClosureReason.choices,
                               widget=forms.RadioSelect)
    note = LongTextField(label="Note (required for 'another reason')", max_length=2000,
                         required=False, help_text=NOTE_WARNING)

    def __init__(self, *args, reasons=None, can_withdraw=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_withdraw:  # a heard case is closed, never withdrawn
            self.fields["outcome"].choices = self.fields["outcome"].choices[:1]
        if reasons is not None:  # only the reasons the case's state allows
            self.fields["reason"].choices = [choice for choice in Referral.ClosureReason.choices
                                             if choice[0] in reasons]
        self.fields["outcome"].error_messages["required"] = "Select close or withdraw"
        self.fields["reason"].error_messages["required"] = "Select a reason"

    def clean(self):
        data = super().clean()
        if data.get("reason") == Referral.ClosureReason.OTHER and not data.get("note"):
            self.add_error("note", "Explain the reason in the note")
        return data


class ConfirmOnlyForm(ActionForm):
    """An action with nothing to choose: the confirmation step is the whole form."""


class PersonSearchForm(ActionForm):
    name = TextField(label="Full name", help_text="First and last name, exactly as referred. "
                     "Case, accents and punctuation do not matter.")
    date_of_birth = PastDateField(subject="the date of birth", label="Date of birth",
                                  help_text="For example 27/03/1985.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the person's full name"
        self.fields["date_of_birth"].error_messages["required"] = "Enter their date of birth"


ACTION_ROW_FIELDS = ("agency", "what", "due")
MAX_ACTION_ROWS = 30


def action_row_field(row: int, part: str) -> str:
    return f"action_{row}_{part}"


class RecordHearingForm(ActionForm):
    """The outcome of a hearing, the risks noted and numbered rows of agreed actions.

    `rows` rows are shown; a row left wholly blank is ignored, a row partly filled in is an
    error beside the missing box. 'Add another row' is a plain submit button, so it works
    without JavaScript.
    """

    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect)
    risks_noted = LongTextField(
        label="Risks noted (optional)", max_length=4000, required=False,
        help_text="What the meeting noted about the risks. Stored encrypted with the case.")

    def __init__(self, *args, outcomes=(), rows: int = 1, meeting_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(value, Hearing.Outcome(value).label)
                                          for value in outcomes]
        self.fields["outcome"].error_messages["required"] = "Select the outcome"
        self.rows = max(1, min(rows, MAX_ACTION_ROWS))
        self.meeting_day = meeting_day
        for row in range(1, self.rows + 1):
            self.fields[action_row_field(row, "agency")] = TextField(
                label="Agency", required=False, max_length=200,
                help_text="The organisation, not a person.")
            self.fields[action_row_field(row, "what")] = LongTextField(
                label="Action agreed", required=False, max_length=2000)
            self.fields[action_row_field(row, "due")] = FlexibleDateField(
                label="Due date", subject=f"the due date of action {row}",
                help_text="For example 27/03/2026.")

    def row_fields(self) -> list[tuple[int, list]]:
        """[(row number, [bound agency, action and due date fields])] for the template."""
        return [(row, [self[action_row_field(row, part)] for part in ACTION_ROW_FIELDS])
                for row in range(1, self.rows + 1)]

    def main_fields(self) -> list:
        return [self["outcome"], self["risks_noted"]]

    def clean(self):
        data = super().clean()
        filled = []
        for row in range(1, self.rows + 1):
            names = {part: action_row_field(row, part) for part in ACTION_ROW_FIELDS}
            values = {part: data.get(name) for part, name in names.items()}
            if not any(values.values()) and not self.errors.get(names["due"]):
                continue
            if not values["agency"]:
                self.add_error(names["agency"], f"Enter the agency for action {row}")
            if not values["what"]:
                self.add_error(names["what"], f"Enter what was agreed for action {row}")
            if not values["due"] and not self.errors.get(names["due"]):
                self.add_error(names["due"], f"Enter the due date of action {row}")
            elif values["due"] and self.meeting_day and values["due"] < self.meeting_day:
                self.add_error(names["due"], f"The due date of action {row} cannot be before "
                               "the meeting")
            filled.append(row)
        if data.get("outcome") == Hearing.Outcome.ACTIONS_AGREED and not filled:
            self.add_error(action_row_field(1, "agency"),
                           "Add at least one agreed action, or choose another outcome")
        self.filled_rows = filled
        return data

    def agreed_actions(self) -> list[tuple[str, str, datetime.date]]:
        data = self.cleaned_data
        return [(data[action_row_field(row, "agency")], data[action_row_field(row, "what")],
                 data[action_row_field(row, "due")]) for row in self.filled_rows]

    def summary(self) -> list[tuple[str, str]]:
        rows = [("Outcome", Hearing.Outcome(self.cleaned_data["outcome"]).label),
                ("Risks noted", self.cleaned_data.get("risks_noted") or "None")]
        for number, (agency, what, due) in enumerate(self.agreed_actions(), start=1):
            rows.append((f"Action {number}", f"{agency}: {what} (due {rules.format_day(due)})"))
        return rows


class AgenciesPresentForm(ActionForm):
    agencies = LongTextField(
        label="Agencies present", max_length=4000, required=False,
        help_text="One agency on each line, for example 'Police' or 'Children's social care'.")

    def agency_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agencies"].splitlines()
                if line.strip()]


class AgendaCirculatedForm(ActionForm):
    circulated_on = PastDateField(label="Date the agenda was sent to the agencies",
                                  subject="the date the agenda was sent",
                                  help_text="For example 27/03/2026.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circulated_on"].error_messages["required"] = \
            "Enter the date the agenda was sent"
