"""The home page and each area's settings (area, contacts, its rule set)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
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


@register_setting(icon="cog")
class MaracSettings(CachedSiteSettingMixin, BaseSiteSetting):
    """Area details, contacts and the area's rule set, which the wizard and self-check read."""

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

    rule_set = models.ForeignKey(
        "referral_form.AreaRuleSet", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text="The area's referral rules: thresholds, routes, repeats, pre-MARAC, the IDVA "
        "promise. Choose the area's own, or copy one under Settings > Area rule sets. Stored "
        "referrals keep the rules they were judged by.",
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
        MultiFieldPanel([FieldPanel("rule_set")], heading="Referral rules"),
        MultiFieldPanel([FieldPanel("wizard_idle_minutes")], heading="Referral form"),
    ]

    class Meta:
        verbose_name = "MARAC settings"
