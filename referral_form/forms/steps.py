"""Forms for the referral wizard's own steps. They only validate; the rules live elsewhere."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

from referral_form.bot_checks import recaptcha_widget_field
from referral_form.forms.assessment import FlexibleDateField

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_NOT_KNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]
SHORT_TEXT = 200
LONG_TEXT = 10_000
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{6,25}$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Drop control characters (keeping tabs and new lines) and surrounding space."""
    return CONTROL_CHARACTERS.sub("", value or "").strip()


class TextField(forms.CharField):
    """A single-line text field that strips control characters."""

    def __init__(self, *, max_length=SHORT_TEXT, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "input"}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = "Use %(limit_value)s characters or fewer"

    def to_python(self, value):
        return clean_text(super().to_python(value))


class LongTextField(TextField):
    def __init__(self, *, max_length=LONG_TEXT, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"class": "textarea", "rows": 5}))
        super().__init__(max_length=max_length, **kwargs)


class RadioField(forms.ChoiceField):
    def __init__(self, *, choices=YES_NO, **kwargs):
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(choices=choices, **kwargs)


class PastDateField(FlexibleDateField):
    """A required-by-default date in any usual format that is not after today."""

    def __init__(self, *, subject: str = "the date", **kwargs):
        kwargs.setdefault("required", True)
        super().__init__(subject=subject, **kwargs)

    def to_python(self, value):
        self.max_date = timezone.localdate()
        return super().to_python(value)


class PhoneField(TextField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "input", "type": "tel",
                                                           "autocomplete": "off"}))
        super().__init__(max_length=30, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not PHONE_PATTERN.match(value):
            raise ValidationError("Enter a phone number using digits, for example 01632 960 001")


class EmailField(TextField):
    default_validators = [EmailValidator("Enter an email address in the right format, "
                                         "like name@agency.gov.uk")]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.EmailInput(attrs={"class": "input",
                                                            "autocomplete": "email"}))
        super().__init__(max_length=254, **kwargs)


class StepForm(forms.Form):
    """Base for wizard step forms: every field's 'required' message names the field, and dates
    are refused in the future unless listed in `future_date_fields`."""

    required_messages: dict[str, str] = {}
    future_date_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for name, field in self.fields.items():
            message = self.required_messages.get(name)
            if message:
                field.error_messages["required"] = message
            if isinstance(field, FlexibleDateField) and name not in self.future_date_fields:
                field.max_date = today

    def require_when(self, condition: bool, field_name: str, message: str):
        if condition and not self.cleaned_data.get(field_name):
            self.add_error(field_name, message)


class EligibilityForm(StepForm):
    lives_in_area = RadioField(label="Does the person at risk live, work or study in {area}?")
    aged_16_or_over = RadioField(label="Is the person at risk aged 16 or over?")
    domestic_abuse = RadioField(
        label="Is the harm caused by a partner, ex-partner or family member?",
        help_text="Domestic abuse is between people aged 16 or over who are, or have been, "
        "intimate partners or family members.",
    )
    required_messages = {
        "lives_in_area": "Select yes if the person lives, works or studies in the area",
        "aged_16_or_over": "Select yes if the person is aged 16 or over",
        "domestic_abuse": "Select yes if the harm is caused by a partner, ex-partner or "
        "family member",
    }

    def __init__(self, *args, area_name: str = "this area", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lives_in_area"].label = self.fields["lives_in_area"].label.format(
            area=area_name
        )

    def is_eligible(self) -> bool:
        return all(self.cleaned_data.get(name) == "yes" for name in self.fields)


# The organisations referrers choose from unless an area sets its own (MaracSettings).
DEFAULT_AGENCIES = (
    "Police",
    "Independent domestic violence advisor (IDVA) service",
    "Specialist domestic abuse service",
    "Adult social care",
    "Children's social care",
    "Health: GP practice",
    "Health: hospital or emergency department",
    "Health: maternity or health visiting",
    "Health: mental health service",
    "Housing",
    "Probation",
    "Education",
    "Substance use service",
)
OTHER_AGENCY = "other"
OTHER_AGENCY_LABEL = "Another organisation"


class ReferrerForm(StepForm):
    """About the referrer. The agency is chosen from the area's list, so the plain column the
    coordinators sort and filter by never holds free text; another organisation's name is typed
    and kept with the rest of the referrer's details, encrypted."""

    name = TextField(label="Your full name", widget=forms.TextInput(
        attrs={"class": "input", "autocomplete": "name"}))
    agency = forms.ChoiceField(label="Your agency or organisation",
                               widget=forms.Select(attrs={"class": "select"}))
    agency_other = TextField(label="If another organisation, its name", required=False)
    role = TextField(label="Your role or job title")
    email = EmailField(label="Your work email address",
                       help_text="A secure work address. We only use it about this referral.")
    phone = PhoneField(label="Your work phone number")
    can_attend = RadioField(
        label="Can you or a colleague attend the MARAC meeting to present this case?",
        choices=YES_NO_NOT_KNOWN,
    )
    manager_name = TextField(label="Your manager or safeguarding lead (optional)", required=False)
    required_messages = {
        "name": "Enter your full name",
        "agency": "Select your agency or organisation",
        "role": "Enter your role or job title",
        "email": "Enter your work email address",
        "phone": "Enter your work phone number",
        "can_attend": "Select whether you can attend the meeting",
    }

    def __init__(self, *args, agencies=DEFAULT_AGENCIES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Select your organisation"),
                                         *((name, name) for name in agencies),
                                         (OTHER_AGENCY, OTHER_AGENCY_LABEL)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agency") == OTHER_AGENCY:
            self.require_when(True, "agency_other", "Enter the name of your organisation")
        elif cleaned.get("agency"):
            cleaned["agency_other"] = ""
        return cleaned


GENDER_CHOICES = [("", "Select (optional)"), ("female", "Female"), ("male", "Male"),
                  ("non_binary", "Non-binary"), ("other", "Other"),
                  ("not_known", "Not known"), ("prefer_not", "Prefer not to say")]
LAWFUL_BASIS_CHOICES = [
    ("increase_risk", "Asking for consent would increase the risk of serious harm"),
    ("prejudice_crime", "Asking would prejudice the prevention, detection or prosecution of "
                        "a serious crime"),
    ("unjustified_delay", "Asking would cause an unjustified delay in protecting someone"),
    ("refused_high_risk", "The person refused, but the risk of serious harm is high enough to "
                          "share without consent"),
]


class PersonAtRiskForm(StepForm):
    first_name = TextField(label="First name", widget=forms.TextInput(
        attrs={"class": "input", "autocomplete": "off"}))
    last_name = TextField(label="Last name", widget=forms.TextInput(
        attrs={"class": "input", "autocomplete": "off"}))
    other_names = TextField(label="Other names they use or have used (optional)",
                            required=False)
    date_of_birth = FlexibleDateField(
        subject="their date of birth", label="Date of birth",
        help_text="For example 27/03/1985. Leave blank and tick 'Not known' if you do not know "
        "it.")
    date_of_birth_not_known = forms.BooleanField(label="Date of birth not known", required=False)
    address = LongTextField(label="Current address", max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"class": "textarea", "rows": 3}))
    address_not_known = forms.BooleanField(label="Address not known", required=False)
    phone = PhoneField(label="Phone number (optional)", required=False)
    phone_is_safe = RadioField(label="Is it safe to call this number?",
                               choices=YES_NO_NOT_KNOWN)
    safe_contact_notes = LongTextField(
        label="When and how is it safe to make contact? (optional)", max_length=2000,
        required=False, help_text="For example 'weekday mornings only, do not leave messages'.",
    )
    gender = forms.ChoiceField(label="Gender (optional)", choices=GENDER_CHOICES, required=False,
                               widget=forms.Select(attrs={"class": "select"}))
    ethnicity = TextField(label="Ethnicity (optional)", required=False, max_length=100)
    disability = RadioField(label="Do they have a disability? (optional)",
                            choices=YES_NO_NOT_KNOWN, required=False)
    lgbt = RadioField(label="Do they identify as lesbian, gay, bisexual or trans? (optional)",
                      choices=YES_NO_NOT_KNOWN + [("prefer_not", "Prefer not to say")],
                      required=False)
    aware_of_referral = RadioField(label="Do they know you are making this referral?")
    consent_given = RadioField(label="Have they given consent to the referral?")
    lawful_basis = forms.ChoiceField(
        label="Why are you referring without consent?", choices=LAWFUL_BASIS_CHOICES,
        required=False, widget=forms.RadioSelect,
        help_text="Consent is good practice, but a high-risk case is referred without it when "
        "one of these applies.",
    )
    lawful_basis_details = LongTextField(label="Explain your decision (required without "
                                         "consent)", max_length=3000, required=False)
    required_messages = {
        "first_name": "Enter the person's first name",
        "last_name": "Enter the person's last name",
        "phone_is_safe": "Select whether it is safe to call this number",
        "aware_of_referral": "Select whether the person knows about the referral",
        "consent_given": "Select whether the person has given consent",
    }

    def clean(self):
        data = super().clean()
        if not data.get("date_of_birth") and not data.get("date_of_birth_not_known") \
                and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", "Enter their date of birth, or tick 'Not known'")
        if data.get("date_of_birth") and data.get("date_of_birth_not_known"):
            self.add_error("date_of_birth", "Enter a date of birth or tick 'Not known', not both")
        if not data.get("address") and not data.get("address_not_known"):
            self.add_error("address", "Enter their address, or tick 'Not known'")
        dob = data.get("date_of_birth")
        if dob and _age_on(dob, timezone.localdate()) < 16:
            self.add_error("date_of_birth", "MARAC is for people aged 16 or over: check the "
                           "date of birth")
        if data.get("consent_given") == "no":
            self.require_when(True, "lawful_basis", "Select why you are referring without "
                              "consent")
            self.require_when(True, "lawful_basis_details", "Explain why you are referring "
                              "without consent")
        return data


def _age_on(dob: datetime.date, day: datetime.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


RELATIONSHIP_CHOICES = [
    ("", "Select"), ("partner", "Partner"), ("ex_partner", "Ex-partner"),
    ("parent", "Parent or step-parent"), ("child", "Son or daughter (16 or over)"),
    ("sibling", "Brother or sister"), ("other_family", "Other family member"),
    ("other", "Other"), ("not_known", "Not known"),
]


class PersonCausingHarmForm(StepForm):
    name = TextField(label="Full name", required=False,
                     help_text="Leave blank and tick 'Not known' if you do not know it.")
    name_not_known = forms.BooleanField(label="Name not known", required=False)
    other_names = TextField(label="Other names or nicknames (optional)", required=False)
    date_of_birth = FlexibleDateField(subject="their date of birth",
                                      label="Date of birth (optional)",
                                      help_text="For example 02/11/1980.")
    address = LongTextField(label="Address (optional)", max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"class": "textarea", "rows": 3}))
    relationship = forms.ChoiceField(label="Relationship to the person at risk",
                                     choices=RELATIONSHIP_CHOICES,
                                     widget=forms.Select(attrs={"class": "select"}))
    relationship_details = TextField(label="If other, describe the relationship (optional)",
                                     required=False)
    gender = forms.ChoiceField(label="Gender (optional)", choices=GENDER_CHOICES, required=False,
                               widget=forms.Select(attrs={"class": "select"}))
    notes = LongTextField(
        label="Anything else about them (optional)", max_length=3000, required=False,
        help_text="For example access to weapons through work, or known to other agencies.",
    )
    required_messages = {"relationship": "Select their relationship to the person at risk"}

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("name_not_known"):
            self.add_error("name", "Enter their name, or tick 'Not known'")
        return data


CHILD_RELATIONSHIP_CHOICES = [
    ("", "Select"), ("child", "Child"), ("stepchild", "Stepchild"),
    ("grandchild", "Grandchild"), ("other_relative", "Other relative"),
    ("dependant_adult", "Dependent adult"), ("unborn", "Unborn child"),
    ("none", "No relationship"), ("not_known", "Not known"),
]


class ChildForm(StepForm):
    name = TextField(label="Full name", required=False,
                     help_text="Leave blank for an unborn child.")
    unborn = forms.BooleanField(label="This is an unborn child", required=False)
    date_of_birth = FlexibleDateField(subject="the child's date of birth", label="Date of birth",
                                      help_text="For example 14/06/2019.")
    due_date = FlexibleDateField(subject="the expected due date",
                                 label="Expected due date (unborn child)",
                                 help_text="For example 01/09/2027.")
    relationship_to_person_at_risk = forms.ChoiceField(
        label="Relationship to the person at risk", choices=CHILD_RELATIONSHIP_CHOICES,
        widget=forms.Select(attrs={"class": "select"}))
    relationship_to_person_causing_harm = forms.ChoiceField(
        label="Relationship to the person causing harm", choices=CHILD_RELATIONSHIP_CHOICES,
        widget=forms.Select(attrs={"class": "select"}))
    lives_with_person_at_risk = RadioField(label="Do they live with the person at risk?",
                                           choices=YES_NO_NOT_KNOWN)
    address = LongTextField(label="Address if different (optional)", max_length=1000,
                            required=False,
                            widget=forms.Textarea(attrs={"class": "textarea", "rows": 3}))
    school = TextField(label="School, nursery or college (optional)", required=False)
    required_messages = {
        "relationship_to_person_at_risk": "Select their relationship to the person at risk",
        "relationship_to_person_causing_harm": "Select their relationship to the person "
        "causing harm",
        "lives_with_person_at_risk": "Select whether they live with the person at risk",
    }
    future_date_fields = ("due_date",)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("unborn"):
            due = data.get("due_date")
            if not due and "due_date" not in self.errors:
                self.add_error("due_date", "Enter the expected due date")
            elif due and due < today:
                self.add_error("due_date", "The due date has passed: enter the child's date "
                               "of birth instead")
            elif due and due > today + datetime.timedelta(days=300):
                self.add_error("due_date", "The due date must be within the next 10 months")
            if data.get("date_of_birth"):
                self.add_error("date_of_birth", "An unborn child has no date of birth: "
                               "remove it or untick 'unborn'")
        else:
            if not data.get("name"):
                self.add_error("name", "Enter the child's name")
            if data.get("due_date"):
                self.add_error("due_date", "Only give a due date for an unborn child")
        return data


class HasChildrenForm(StepForm):
    has_children = RadioField(
        label="Are there any children or dependants, including unborn children?",
        choices=YES_NO_NOT_KNOWN,
        help_text="Children or dependants of the person at risk or of the person causing harm, "
        "or who live in the household.",
    )
    required_messages = {"has_children": "Select whether there are any children or dependants"}


class AddAnotherForm(StepForm):
    add_another = RadioField(label="Do you need to add another?")
    required_messages = {"add_another": "Select yes if you need to add another"}


class WhatHappenedForm(StepForm):
    first_incident = LongTextField(label="The first incident you know of", required=False)
    worst_incident = LongTextField(label="The worst incident")
    last_incident = LongTextField(label="The most recent incident, which prompted this referral")
    threats = LongTextField(label="Threats made to the person or to others (optional)",
                            required=False)
    history = LongTextField(label="Relevant history (optional)", required=False,
                            help_text="Housing, family situation, previous incidents, "
                            "court orders, substance use or mental health.")
    current_support = LongTextField(label="Support already in place (optional)", required=False)
    afraid_of = LongTextField(label="Who is the person afraid of?", max_length=2000)
    safe_to_talk = LongTextField(label="Who is safe to talk to? (optional)", max_length=2000,
                                 required=False)
    not_safe_to_talk = LongTextField(label="Who is not safe to talk to? (optional)",
                                     max_length=2000, required=False)
    risks_to_person = LongTextField(label="Risks to the person at risk")
    risks_to_children = LongTextField(label="Risks to children (optional)", required=False)
    interventions = LongTextField(label="Interventions offered or in place to reduce the risks")
    other_information = LongTextField(label="Anything else the MARAC should know (optional)",
                                      required=False)
    required_messages = {
        "worst_incident": "Describe the worst incident",
        "last_incident": "Describe the most recent incident",
        "afraid_of": "Say who the person is afraid of, or 'not known'",
        "risks_to_person": "Describe the risks to the person",
        "interventions": "Describe the interventions offered or in place, or 'none yet'",
    }


class ClosedMaracForm(StepForm):
    closed_marac_requested = RadioField(
        label="Are you asking for this case to be heard at a closed MARAC?",
        help_text="A closed MARAC limits who hears the case, for example because the person "
        "at risk or the person causing harm works for an agency that attends.",
    )
    closed_marac_reasons = LongTextField(label="Why is a closed MARAC needed?", max_length=3000,
                                         required=False)
    required_messages = {"closed_marac_requested": "Select yes if you are asking for a "
                         "closed MARAC"}

    def clean(self):
        data = super().clean()
        self.require_when(data.get("closed_marac_requested") == "yes", "closed_marac_reasons",
                          "Explain why a closed MARAC is needed")
        return data


class DeclarationForm(StepForm):
    confirm = forms.BooleanField(
        label="I confirm that the information I have given is accurate to the best of my "
        "knowledge, and that I am sharing it to protect people at risk of serious harm.",
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see; bots that fill every input give themselves away.
    website = forms.CharField(required=False, max_length=500, label="Leave this field empty",
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))
    captcha = recaptcha_widget_field()
    required_messages = {"confirm": "Confirm the declaration to submit the referral"}
