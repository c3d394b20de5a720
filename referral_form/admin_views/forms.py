"""Forms for the coordinators' actions. They only validate; the rules live in review.py."""

import datetime

from django import forms
from django.utils import timezone

from guidance.models import MaracMeeting
from referral_form import review, rules
from referral_form.forms.steps import LongTextField, PastDateField, TextField
from referral_form.models import Referral

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
