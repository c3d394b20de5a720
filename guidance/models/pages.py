"""Guidance page types: index, guidance, protocol and the meeting schedule."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from caching.routing import MappedViewRestrictionsMixin
from guidance.blocks import GuidanceStreamBlock, ProtocolStreamBlock

from .meetings import MaracMeeting
from .mixins import ReviewDatesMixin

GUIDANCE_PARENTS = ["home.HomePage", "guidance.GuidanceIndexPage"]


class BasePage(MappedViewRestrictionsMixin, ReviewDatesMixin, Page):
    """Every public guidance page: a summary line for listings and search, and review dates."""

    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences shown in listings and search."
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    settings_panels = Page.settings_panels + ReviewDatesMixin.review_panels
    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True


class GuidanceIndexPage(BasePage):
    """A section of the guidance that lists its child pages."""

    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = GUIDANCE_PARENTS
    subpage_types = [
        "guidance.GuidanceIndexPage",
        "guidance.GuidancePage",
        "guidance.ProtocolPage",
        "guidance.MeetingSchedulePage",
    ]


class GuidancePage(BasePage):
    """A page of guidance built from blocks."""

    body = StreamField(GuidanceStreamBlock(), use_json_field=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = GUIDANCE_PARENTS
    subpage_types = []


class ProtocolPage(BasePage):
    """A long document in numbered sections with a generated table of contents."""

    version = models.CharField(max_length=30, help_text="For example '3.1'.")
    effective_date = models.DateField(help_text="The date this version took effect.")
    introduction = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)
    body = StreamField(ProtocolStreamBlock(), use_json_field=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("version"),
        FieldPanel("effective_date"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = GUIDANCE_PARENTS
    subpage_types = []

    def table_of_contents(self) -> list[dict]:
        """Numbered sections and subsections with their anchors, in document order."""
        contents = []
        for number, section in enumerate(self.body, start=1):
            if section.block_type != "section":
                continue
            entry = {
                "number": str(number),
                "heading": section.value["heading"],
                "anchor": f"section-{number}-{slugify(section.value['heading'])}"[:80],
                "subsections": [],
            }
            sub_number = 0
            for child in section.value["content"]:
                if child.block_type == "subsection":
                    sub_number += 1
                    entry["subsections"].append({
                        "number": f"{number}.{sub_number}",
                        "heading": child.value["heading"],
                        "anchor": f"section-{number}-{sub_number}",
                    })
            contents.append(entry)
        return contents

    def numbered_sections(self) -> list[dict]:
        """Each section block with its number, anchor and numbered content, for the template.

        Numbers and anchors come from table_of_contents(), so contents links always resolve.
        """
        sections = [block for block in self.body if block.block_type == "section"]
        numbered = []
        for entry, section in zip(self.table_of_contents(), sections, strict=True):
            subsections = iter(entry["subsections"])
            items = []
            for child in section.value["content"]:
                item = {"block": child, "number": "", "anchor": ""}
                if child.block_type == "subsection":
                    sub = next(subsections)
                    item["number"], item["anchor"] = sub["number"], sub["anchor"]
                items.append(item)
            numbered.append({**entry, "block": section, "items": items})
        return numbered


class MeetingSchedulePage(BasePage):
    """Upcoming MARAC meetings and their referral deadlines, from the coordinators' records."""

    intro = RichTextField(features=["bold", "italic", "link", "ul"], blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = GUIDANCE_PARENTS
    subpage_types = []
    max_count = 1

    def upcoming_meetings(self, *, now: datetime.datetime | None = None):
        """Meetings not yet held and not cancelled, soonest first."""
        return MaracMeeting.objects.upcoming(now=now or timezone.now())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meetings"] = self.upcoming_meetings()
        return context
