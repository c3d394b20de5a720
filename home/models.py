"""The home page and the site-wide settings (area, contacts, referral thresholds)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from caching.routing import (
    CachedSiteSettingMixin,
    MappedRoutingMixin,
    MappedViewRestrictionsMixin,
)
from guidance.blocks import GuidanceStreamBlock
from referral_form.forms.steps import DEFAULT_AGENCIES
from referral_form.rules import CHECKLISTS, Thresholds


class HomePage(MappedRoutingMixin, MappedViewRestrictionsMixin, Page):
    """The landing page: what MARAC is, how to refer, and the main routes into the guidance."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = StreamField(GuidanceStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "guidance.GuidanceIndexPage",
        "guidance.GuidancePage",
        "guidance.ProtocolPage",
        "guidance.MeetingSchedulePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"


# The defaults and the checklists come from the referral rules, which hold them in one place.
DEFAULT_THRESHOLDS = Thresholds()
CHECKLIST_CHOICES = [(version, checklist.label) for version, checklist in CHECKLISTS.items()]
# Where each version's wording comes from, shown beside the choice in the admin.
CHECKLIST_SOURCES = " ".join(f"{checklist.label}: {checklist.source}"
                             for checklist in CHECKLISTS.values())
MOST_QUESTIONS = max(checklist.question_count for checklist in CHECKLISTS.values())


@register_setting(icon="cog")
class MaracSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """Area details, contacts and the referral thresholds that the wizard and self-check read."""

    area_name = models.CharField(max_length=100, default="Kirklees")
    coordinator_team_name = models.CharField(max_length=150, default="MARAC coordination team")
    coordinator_phone = models.CharField(max_length=40, default="01484 000 000")
    coordinator_email = models.EmailField(
        default="marac.coordinators@example.org",
        help_text="For questions about the process. Never used to receive referrals.",
    )
    secure_email = models.EmailField(
        default="marac.secure@example.org",
        help_text="Secure address that receives new-referral notifications (reference only).",
    )
    out_of_hours_phone = models.CharField(
        max_length=40, blank=True, default="",
        help_text="Optional: a duty number outside office hours.",
    )
    exit_url = models.URLField(
        default="https://www.bbc.co.uk/weather",
        help_text="The neutral site that the 'Exit this page' control goes to.",
    )

    checklist_version = models.CharField(
        max_length=20, choices=CHECKLIST_CHOICES, default=DEFAULT_THRESHOLDS.checklist_version,
        help_text="The checklist new referrals use. Stored referrals keep the version they used.",
    )
    dash_threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLDS.dash_threshold,
        validators=[MinValueValidator(1), MaxValueValidator(MOST_QUESTIONS)],
        help_text="'Yes' answers that make a case visible high risk.",
    )
    escalation_incidents = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLDS.escalation_incidents,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text="Incidents within the escalation window that meet the escalation route.",
    )
    escalation_window_months = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLDS.escalation_window_months,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    repeat_window_months = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLDS.repeat_window_months,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="A new incident within this many months of the last MARAC is a repeat.",
    )
    premarac_enabled = models.BooleanField(
        default=DEFAULT_THRESHOLDS.premarac_enabled,
        help_text="Whether this area discusses some cases at a pre-MARAC meeting.",
    )
    premarac_band_low = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLDS.premarac_band_low,
        help_text="Lowest 'yes' count discussed at pre-MARAC (when enabled).",
    )
    premarac_band_high = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLDS.premarac_band_high,
        help_text="Highest 'yes' count discussed at pre-MARAC (when enabled).",
    )
    referrer_agencies = models.TextField(
        default="\n".join(DEFAULT_AGENCIES),
        help_text="The organisations referrers choose from, one per line. 'Another "
                  "organisation' is always offered too; its name is typed in and kept "
                  "encrypted with the referrer's details.",
    )
    wizard_idle_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text="Unfinished referrals are deleted after this many idle minutes.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("area_name"), FieldPanel("coordinator_team_name"),
             FieldPanel("coordinator_phone"), FieldPanel("coordinator_email"),
             FieldPanel("secure_email"), FieldPanel("out_of_hours_phone"), FieldPanel("exit_url")],
            heading="Area and contacts",
        ),
        MultiFieldPanel(
            [HelpPanel("Changing these changes how new referrals are assessed. Existing "
                       "referrals keep the answers and checklist version they were scored with."),
             FieldPanel("checklist_version", help_text=(
                 "The checklist new referrals use. Stored referrals keep the version they used. "
                 + CHECKLIST_SOURCES)),
             FieldPanel("dash_threshold"),
             FieldPanel("escalation_incidents"), FieldPanel("escalation_window_months"),
             FieldPanel("repeat_window_months"), FieldPanel("premarac_enabled"),
             FieldPanel("premarac_band_low"), FieldPanel("premarac_band_high")],
            heading="Referral thresholds",
        ),
        MultiFieldPanel([FieldPanel("wizard_idle_minutes"), FieldPanel("referrer_agencies")],
                        heading="Referral form"),
    ]

    class Meta:
        verbose_name = "MARAC settings"

    def agency_choices(self) -> tuple[str, ...]:
        """The area's list of referring organisations, in order, without blanks or repeats."""
        names = (" ".join(line.split()) for line in (self.referrer_agencies or "").splitlines())
        return tuple(dict.fromkeys(name for name in names if name)) or DEFAULT_AGENCIES

    def clean(self):
        super().clean()
        errors = {}
        checklist = CHECKLISTS.get(self.checklist_version)
        if checklist and self.dash_threshold and self.dash_threshold > checklist.question_count:
            errors["dash_threshold"] = (
                f"The {checklist.label} has {checklist.question_count} questions: the threshold "
                "cannot be higher than that."
            )
        if (self.premarac_band_low is not None and self.premarac_band_high is not None
                and self.premarac_band_low > self.premarac_band_high):
            errors["premarac_band_high"] = "The highest count must not be below the lowest."
        if errors:
            raise ValidationError(errors)
